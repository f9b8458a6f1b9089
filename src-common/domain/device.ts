// The device status model (design.md §4, after XFS4IoT common status). The UI, the heartbeat
// and the capability gate all read this one model.
import { z } from 'zod';

/** XFS4IoT common device state. */
export const DeviceState = z.enum([
  'online', // ready for work
  'offline', // known but not answering (unplugged, link down)
  'powerOff', // reports itself powered off
  'noDevice', // not present at all (not configured, not enumerated)
  'hardwareError', // answers but reports a fault that needs a technician
  'userError', // a fault a citizen or attendant can clear (paper out, cover open, jam at the slot)
  'deviceBusy', // held by a diagnostics lease or a long command
  'fraudAttempt', // the device reports tampering
]);
export type DeviceState = z.infer<typeof DeviceState>;

export const DeviceClass = z.enum([
  'idCardReader',
  'scanner',
  'receiptPrinter',
  'a4Printer',
  'certificatePrinter',
  'billAcceptor',
  'camera',
]);
export type DeviceClass = z.infer<typeof DeviceClass>;

export const PrinterDetail = z.object({
  kind: z.literal('printer'),
  paper: z.enum(['ok', 'low', 'out', 'unknown']),
  coverOpen: z.boolean(),
  cutterError: z.boolean(),
});
export const CashAcceptorDetail = z.object({
  kind: z.literal('cashAcceptor'),
  stacker: z.enum(['ok', 'full', 'removed', 'unknown']),
  escrow: z.enum(['empty', 'holding', 'unknown']),
  jammed: z.boolean(),
});
export const CardReaderDetail = z.object({
  kind: z.literal('cardReader'),
  cardPresent: z.boolean(),
  samOk: z.boolean(),
});
export const NoDetail = z.object({ kind: z.literal('none') });
export const DeviceDetail = z.discriminatedUnion('kind', [PrinterDetail, CashAcceptorDetail, CardReaderDetail, NoDetail]);
export type DeviceDetail = z.infer<typeof DeviceDetail>;

export const DeviceStatus = z.object({
  deviceId: z.string(),
  deviceClass: DeviceClass,
  state: DeviceState,
  detail: DeviceDetail,
  /** Technician-facing cause in English naming device, command and cause; absent when online. */
  reason: z.string().optional(),
  /** UTC ISO-8601 time of the last change. */
  since: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** What each citizen service needs from the hardware and the network (design.md §4). */
export const Capability = z.enum(['idRead', 'receiptPrint', 'a4Print', 'certificatePrint', 'cashIn', 'qrPay', 'scan', 'camera', 'platformOnline']);
export type Capability = z.infer<typeof Capability>;
