// Devices, the ID card reader, the scanner, and the demo simulators' controls (design.md §4).
// Parsed ID data travels only to the session that asked (IdCard.WaitForCard requires a session).
import { z } from 'zod';
import { defineMethod } from './contract';
import { DeviceClass, DeviceStatus } from '../domain/device';
import { IdCardField } from '../privacy/idCardFields';

export const DeviceListEntry = z.object({
  deviceId: z.string(),
  deviceClass: DeviceClass,
  /** Protocol/model driver from config, e.g. `sam`, `serialScanner`, `hidPos`. */
  driver: z.string(),
  /** Transport kind from config: serial, serialMatch, hid, simulator, … */
  transport: z.string(),
  enabled: z.boolean(),
  status: DeviceStatus,
});
export type DeviceListEntry = z.infer<typeof DeviceListEntry>;

const YmdOrLongTerm = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('长期')]);

/** The fields of one read card. PII: never logged, wiped at session end. The photo is not sent. */
export const IdCardData = z.object({
  cardType: z.enum(['resident', 'hkMacaoTaiwan', 'foreigner']),
  name: z.string(),
  /** 男 / 女 / 未知 / 未说明. */
  sex: z.string(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Empty on foreigners' cards. */
  address: z.string(),
  idNumber: z.string(),
  issuer: z.string(),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  validTo: YmdOrLongTerm,
  /** False when the number fails its check (GB 11643, or the shape of an old foreigner's number). */
  checkDigitValid: z.boolean(),
  idNumberCheck: z.enum(['gb11643', 'formatOnly']),
  /** Resident cards. */
  nation: z.string().optional(),
  /** HK/Macao/Taiwan permits. */
  passNumber: z.string().optional(),
  issueCount: z.string().optional(),
  /** Foreigners' cards. */
  englishName: z.string().optional(),
  nationality: z.string().optional(),
  layout: z.enum(['2017', '2023']).optional(),
  /** Whether the card carried a photo blob (kept opaque in the core, never decoded). */
  hasPhoto: z.boolean(),
});
export type IdCardData = z.infer<typeof IdCardData>;

export const ScanEvent = z.object({
  deviceId: z.string(),
  text: z.string(),
  kind: z.enum(['wechatPay', 'alipay', 'unionPay', 'caseNumber', 'paymentNotice', 'url', 'other']),
  isPaymentCode: z.boolean(),
  caseNumber: z.object({ kioskCode: z.string(), date: z.string(), sequence: z.number().int() }).optional(),
  scannedAt: z.string(),
});
export type ScanEvent = z.infer<typeof ScanEvent>;

const DeviceSelector = { deviceId: z.string().optional() };

export const devicesMethods = {
  'Devices.List': defineMethod({
    name: 'Devices.List',
    input: z.object({}).strict(),
    output: z.object({ devices: z.array(DeviceListEntry) }),
    summary: 'Every configured device with its driver, transport kind and current status.',
  }),
  'Devices.Status': defineMethod({
    name: 'Devices.Status',
    input: z.object(DeviceSelector).strict(),
    output: z.object({ devices: z.array(DeviceStatus) }),
    errors: [
      'unknownDevice', // no device with this id is configured
    ],
    summary: 'Current status of one device, or of all.',
  }),
  'IdCard.WaitForCard': defineMethod({
    name: 'IdCard.WaitForCard',
    input: z
      .object({
        ...DeviceSelector,
        timeoutSeconds: z.number().int().min(1).max(300).default(30),
        /** Repeating a commandId returns the first run's outcome instead of reading again. */
        commandId: z.string().max(100).optional(),
        /** The fields the service uses (src-common/privacy/idCardFields.ts); absent = all. Others are never kept. */
        fields: z.array(IdCardField).max(7).optional(),
      })
      .strict(),
    output: z.object({ card: IdCardData }),
    events: {
      cardPresent: z.object({}),
      reading: z.object({}),
      read: z.object({ card: IdCardData }),
    },
    errors: [
      'noSession', // the session ended before or while the card was read
      'readerNotConfigured', // this kiosk has no (such) ID card reader
      'readerUnavailable', // the reader is offline, leased to a technician or not connected
      'noCard', // no card was presented in time
      'cardUnreadable', // the card was found but could not be read (moved away, damaged); try again
      'readerFault', // the reader answered wrongly or not at all: a technician must look
      'canceled', // the wait was canceled
    ],
    requiresSession: true,
    summary: 'Waits for an ID card and reads it; completes with timeOut or canceled otherwise.',
  }),
  'Scanner.Scans': defineMethod({
    name: 'Scanner.Scans',
    input: z.object(DeviceSelector).strict(),
    output: z.object({ scans: z.number().int() }),
    events: { scan: ScanEvent },
    errors: [
      'noSession', // no active session
      'scannerNotConfigured', // this kiosk has no (such) scanner
      'ended', // the subscription was canceled: the normal end
    ],
    requiresSession: true,
    summary: 'Emits a `scan` event per barcode/QR scanned until canceled.',
  }),
  'Simulator.InsertCard': defineMethod({
    name: 'Simulator.InsertCard',
    input: z.object({ ...DeviceSelector, fixture: z.string().default('resident-wang') }).strict(),
    output: z.object({ deviceId: z.string(), fixture: z.string() }),
    errors: [
      'productionMode', // simulators are refused in production
      'notSimulated', // the device is real (or absent), not a simulator
      'unknownFixture', // no fixture card with this id
    ],
    summary: 'Demo only: places a fixture card on the simulated ID card reader.',
  }),
  'Simulator.RemoveCard': defineMethod({
    name: 'Simulator.RemoveCard',
    input: z.object(DeviceSelector).strict(),
    output: z.object({ deviceId: z.string() }),
    errors: [
      'productionMode', // simulators are refused in production
      'notSimulated', // the device is real (or absent), not a simulator
    ],
    summary: 'Demo only: takes the card off the simulated ID card reader.',
  }),
  'Simulator.Scan': defineMethod({
    name: 'Simulator.Scan',
    input: z.object({ ...DeviceSelector, text: z.string().min(1).max(4096) }).strict(),
    output: z.object({ deviceId: z.string(), delivered: z.boolean() }),
    errors: [
      'productionMode', // simulators are refused in production
      'notSimulated', // the device is real (or absent), not a simulator
    ],
    summary: 'Demo only: the simulated scanner scans this text.',
  }),
  'Simulator.IdCardFixtures': defineMethod({
    name: 'Simulator.IdCardFixtures',
    input: z.object({}).strict(),
    output: z.object({ fixtures: z.array(z.object({ id: z.string(), label: z.string() })) }),
    errors: [
      'productionMode', // simulators are refused in production
    ],
    summary: 'Demo only: the fictitious cards the simulated reader can be given.',
  }),
} as const;

export const devicesUnsolicited = {} as const;
