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
  /** Sessions start in elderly mode (config `ui.elderlyModeDefault`). */
  elderlyModeDefault: z.boolean().optional(),
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
  /** 呼叫帮助: what the help panel offers at this kind of site (config `help`, `kiosk.level`). */
  help: z
    .object({
      /** `hall`: staff are called (a platform alert); `village`: 12345, the local number and a remote-help QR. */
      siteKind: z.enum(['hall', 'village']),
      localNumber: z.string().optional(),
      remoteHelpUrl: z.string().optional(),
    })
    .optional(),
});
export type UiSettings = z.infer<typeof UiSettings>;

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** Whether citizens may start a session now (docs/fleet.md); a session in progress may always finish. */
export const KioskAvailability = z.discriminatedUnion('state', [
  // within opening hours; `closesAt` null when no closing is in sight (a 24-hour kiosk)
  z.object({ state: z.literal('open'), closesAt: z.string().nullable() }),
  // out of hours: when it opens again (null: not within two months) and where to go meanwhile
  z.object({ state: z.literal('closed'), nextOpeningAt: z.string().nullable(), nearest24hHall: z.object({ name: Bilingual, address: Bilingual }).optional() }),
  // an admin or technician turned maintenance mode on, with the reason to show
  z.object({ state: z.literal('maintenance'), reason: Bilingual.optional(), since: z.string() }),
]);
export type KioskAvailability = z.infer<typeof KioskAvailability>;

/** Active signed bundle versions (null: the profile / the shipped catalog). */
export const FleetVersions = z.object({ configVersion: z.number().int().positive().nullable(), catalogVersion: z.number().int().positive().nullable() });
export type FleetVersions = z.infer<typeof FleetVersions>;

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
  /** Open, closed (out of hours) or in maintenance; absent when the fleet module does not run. */
  availability: KioskAvailability.optional(),
  /** Active signed bundle versions; absent when the fleet module does not run. */
  fleet: FleetVersions.optional(),
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
  'Kiosk.AvailabilityChanged': defineUnsolicited({
    name: 'Kiosk.AvailabilityChanged',
    payload: KioskAvailability,
    summary: 'The kiosk opened, closed (opening hours) or entered or left maintenance mode.',
  }),
  'Kiosk.ReloadRequested': defineUnsolicited({
    name: 'Kiosk.ReloadRequested',
    payload: z.object({ reason: z.string() }),
    summary: 'An admin asked the screen to reload (remote command); reload when no session is active.',
  }),
  'Device.StatusChanged': defineUnsolicited({
    name: 'Device.StatusChanged',
    payload: DeviceStatus,
    summary: 'One device changed state; carries the full new status.',
  }),
} as const;
