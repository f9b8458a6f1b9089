// Kiosk-wide methods and unsolicited events: status, capabilities, cancellation.
import { z } from 'zod';
import { defineMethod, defineUnsolicited } from './contract';
import { Capability, DeviceStatus } from '../domain/device';

export const CapabilityState = z.object({
  capability: Capability,
  available: z.boolean(),
  /** Why it is unavailable, as an i18n key the renderer translates (e.g. `reason.printerPaperOut`). */
  reasonKey: z.string().optional(),
  /** Technician detail in English. */
  detail: z.string().optional(),
});
export type CapabilityState = z.infer<typeof CapabilityState>;

export const ServiceEntry = z.enum(['apply', 'bundle', 'pay', 'pickup', 'proof', 'query']);
export type ServiceEntry = z.infer<typeof ServiceEntry>;

export const ServiceAvailability = z.object({
  service: ServiceEntry,
  available: z.boolean(),
  reasonKey: z.string().optional(),
});
export type ServiceAvailability = z.infer<typeof ServiceAvailability>;

export const CapabilitySummary = z.object({
  capabilities: z.array(CapabilityState),
  services: z.array(ServiceAvailability),
  /** True when no citizen service can run: the renderer shows the out-of-service screen. */
  outOfService: z.boolean(),
});
export type CapabilitySummary = z.infer<typeof CapabilitySummary>;

export const UiSettings = z.object({
  hallName: z.object({ zh: z.string(), en: z.string() }),
  defaultLanguage: z.enum(['zh-CN', 'en']),
  idleWarningSeconds: z.number().int().positive(),
  idleCountdownSeconds: z.number().int().positive(),
  elderlyTimeoutFactor: z.number().positive(),
  attractAfterSeconds: z.number().int().positive(),
  announcement: z.object({ zh: z.string(), en: z.string() }).optional(),
  /** Demo profile only: shows the developer panel that drives the in-process simulators. */
  developerPanel: z.boolean(),
  /** The renderer's waits, from the kiosk config (src-renderer reads no timing constant of its own). */
  cardWaitSeconds: z.number().int().positive(),
  qrDisplayedSeconds: z.number().int().positive(),
  paymentCodeSeconds: z.number().int().positive(),
  cashTimeoutSeconds: z.number().int().positive(),
  acknowledgementWaitSeconds: z.number().int().positive(),
  stepInputGuardMs: z.number().int().nonnegative(),
  removeCardReminderSeconds: z.number().int().positive(),
  /** Note values in yuan the bill acceptor takes (config `cash.acceptYuan`), for the cash hint. */
  cashNotesYuan: z.array(z.number().int().positive()),
  /** Regional words the pinyin keyboard ranks first (config `ui.regionalWords`). */
  regionalWords: z.array(z.string()),
});
export type UiSettings = z.infer<typeof UiSettings>;

export const KioskStatus = z.object({
  kioskCode: z.string(),
  profile: z.string(),
  versions: z.object({ app: z.string(), node: z.string(), api: z.number().int(), electron: z.string().optional() }),
  uptimeSeconds: z.number().nonnegative(),
  configId: z.string(),
  startedAt: z.string(),
  capabilities: CapabilitySummary,
  ui: UiSettings,
  devices: z.array(DeviceStatus),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

export const kioskMethods = {
  'Kiosk.Status': defineMethod({
    name: 'Kiosk.Status',
    input: z.object({}).strict(),
    output: KioskStatus,
    summary: 'Versions, uptime, config id, capability summary and UI settings.',
  }),
  'Common.Cancel': defineMethod({
    name: 'Common.Cancel',
    input: z.object({ requestIds: z.array(z.string().max(100)).max(50) }).strict(),
    output: z.object({ canceled: z.array(z.string()) }),
    summary: 'Cancels long-running commands of this connection by requestId.',
  }),
} as const;

export const kioskUnsolicited = {
  'Kiosk.CapabilitiesChanged': defineUnsolicited({
    name: 'Kiosk.CapabilitiesChanged',
    payload: CapabilitySummary,
    summary: 'The capability summary changed (a device went down or came back, the network changed).',
  }),
  'Device.StatusChanged': defineUnsolicited({
    name: 'Device.StatusChanged',
    payload: DeviceStatus,
    summary: 'One device changed state; carries the full new status.',
  }),
} as const;
