// The kiosk configuration: one zod schema (design.md §7). Defaults live in the schema; a profile
// (kiosk-config/profiles/*.json) overrides them; signed remote config overrides the profile.
import { z } from 'zod';
import { AdminKeyPin, KeyId } from '../src-common/wire/bundle';
import { KioskLevel } from '../src-common/wire/fleetAdmin';

/** 市 / 县 / 乡 / 村: one list with the platform's rollout selectors. */
export const Level = KioskLevel;
export type Level = KioskLevel;

const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** How a device is reached. `simulator` runs the protocol-exact simulator in-process (demo/tests). */
export const TransportConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('serial'), path: z.string(), baudRate: z.number().int().positive().default(115200) }),
  z.object({
    kind: z.literal('serialMatch'),
    vendorId: z.string().regex(/^[0-9a-fA-F]{4}$/),
    productId: z.string().regex(/^[0-9a-fA-F]{4}$/),
    baudRate: z.number().int().positive().default(115200),
  }),
  z.object({
    kind: z.literal('hid'),
    vendorId: z.number().int().nonnegative(),
    productId: z.number().int().nonnegative(),
    usagePage: z.number().int().optional(),
  }),
  z.object({ kind: z.literal('tcp'), host: z.string(), port: z.number().int().positive().default(9100) }),
  z.object({ kind: z.literal('deviceFile'), path: z.string() }),
  z.object({ kind: z.literal('systemPrinter'), queue: z.string() }),
  z.object({ kind: z.literal('simulator'), options: z.record(z.string(), z.unknown()).default({}) }),
]);
export type TransportConfig = z.infer<typeof TransportConfig>;

export const DeviceConfig = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9-]*$/),
  class: z.enum(['idCardReader', 'scanner', 'receiptPrinter', 'a4Printer', 'certificatePrinter', 'billAcceptor', 'camera']),
  /** Protocol/model driver name, e.g. `sam` for ID readers, `escpos`, `ssp`, `serialScanner`, `hidPos`, `cups`. */
  driver: z.string(),
  transport: TransportConfig,
  enabled: z.boolean().default(true),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;

/** Days of the week, Monday first (Asia/Shanghai calendar). */
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** `HH:MM` on the Asia/Shanghai clock; `24:00` only as an end. */
const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00–24:00)');

/** One opening period of a day. An end at or before the start runs past midnight into the next day. */
export const OpeningPeriod = z
  .object({ from: ClockTime.refine((t) => t !== '24:00', 'a period cannot start at 24:00'), to: ClockTime })
  .refine((p) => p.from !== p.to || p.to === '24:00', 'a period needs a length (use 00:00–24:00 for a whole day)');
export type OpeningPeriod = z.infer<typeof OpeningPeriod>;

const WHOLE_DAY: OpeningPeriod[] = [{ from: '00:00', to: '24:00' }];

/**
 * When citizens may start a session (docs/fleet.md). Default: always open, 不打烊. Out of hours new
 * sessions are refused with the next opening time; a session in progress may finish.
 */
export const OpeningHours = z.object({
  /** Periods per weekday; an empty list closes that weekday. */
  weekly: z
    .object({ mon: z.array(OpeningPeriod), tue: z.array(OpeningPeriod), wed: z.array(OpeningPeriod), thu: z.array(OpeningPeriod), fri: z.array(OpeningPeriod), sat: z.array(OpeningPeriod), sun: z.array(OpeningPeriod) })
    .default({ mon: WHOLE_DAY, tue: WHOLE_DAY, wed: WHOLE_DAY, thu: WHOLE_DAY, fri: WHOLE_DAY, sat: WHOLE_DAY, sun: WHOLE_DAY }),
  /** Dates that replace their weekday's periods: public holidays (`[]`, closed) and make-up working days (调休). */
  exceptions: z
    .array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'), periods: z.array(OpeningPeriod), note: Bilingual.optional() }))
    .max(400)
    .default([]),
  /** Where a citizen can go when this kiosk is closed. */
  nearest24hHall: z.object({ name: Bilingual, address: Bilingual }).optional(),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

/** A weekly window in which disruptive work (app updates, restarts that are not urgent) may run. */
export const MaintenanceWindow = z.object({ days: z.array(Weekday).min(1), from: ClockTime, to: ClockTime });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** Home-screen services an admin can switch off at this kiosk. */
export const EnabledServices = z.object({
  apply: z.boolean().default(true),
  bundle: z.boolean().default(true),
  pay: z.boolean().default(true),
  pickup: z.boolean().default(true),
  proof: z.boolean().default(true),
  query: z.boolean().default(true),
});
export type EnabledServices = z.infer<typeof EnabledServices>;

/** A technician account (issue #13 item 6): arrives through signed config; the PIN is stored as a scrypt hash only. */
export const TechnicianAccount = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  name: z.string().min(1).max(50),
  pinHash: z.string().regex(/^scrypt:\d+:\d+:\d+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/),
  role: z.enum([
    'technician', // devices, self-tests, queue, logs
    'cashCollector', // also 清机 (cash-box collection)
    'supervisor', // everything, including calibration and maintenance mode
  ]),
});
export type TechnicianAccount = z.infer<typeof TechnicianAccount>;

/** Fleet management on this kiosk (docs/fleet.md): pinned admin keys and the health gate. */
export const FleetSettings = z.object({
  /** Admin keys to trust, besides the platform's key received at provisioning. A config bundle listing a new key announces it. */
  adminKeys: z.array(AdminKeyPin).max(20).default([]),
  /** Key ids revoked for good: bundles and commands they sign are refused from then on. */
  revokedKeyIds: z.array(KeyId).max(100).default([]),
  /** After a config swap, how long the core has to be back with every service and the platform. */
  healthGateSeconds: z.number().int().min(5).max(600).default(60),
  /** Boots allowed under a new version before it is rolled back without the platform (the swap's own restart plus one). */
  maxTrialBoots: z.number().int().min(1).max(10).default(2),
});
export type FleetSettings = z.infer<typeof FleetSettings>;

export const KioskConfig = z.object({
  /** Bumped by every published config; the remote-config path only accepts higher ids. */
  configId: z.string().default('local-1'),
  kiosk: z
    .object({
      /** Short code used in case numbers `{kioskCode}-{yyyymmdd}-{seq}`. */
      code: z.string().regex(/^[A-Z0-9]{2,16}$/).default('DEMO01'),
      hallName: Bilingual.default({ zh: '市民之家 24小时自助服务区', en: 'Citizen Home 24h Self-Service' }),
      level: Level.default('city'),
      /** GB/T 2260 administrative division code of where the kiosk stands. */
      regionCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/).default('420200'),
    })
    .default({ code: 'DEMO01', hallName: { zh: '市民之家 24小时自助服务区', en: 'Citizen Home 24h Self-Service' }, level: 'city', regionCode: '420200' }),
  /** `demo` and `simulated` profiles may use simulators; `production` refuses them. */
  mode: z.enum(['demo', 'simulated', 'production']).default('demo'),
  ui: z
    .object({
      defaultLanguage: z.enum(['zh-CN', 'en']).default('zh-CN'),
      idleWarningSeconds: z.number().int().positive().default(60),
      idleCountdownSeconds: z.number().int().positive().default(20),
      elderlyTimeoutFactor: z.number().min(1).max(5).default(2),
      attractAfterSeconds: z.number().int().positive().default(30),
      announcement: Bilingual.optional(),
      /** How long the ID card step waits for a card before offering to try again. */
      cardWaitSeconds: z.number().int().min(10).max(300).default(60),
      /** How long an order QR stays on screen, and how long the scanner waits for a payment code. */
      qrDisplayedSeconds: z.number().int().min(10).max(600).default(120),
      paymentCodeSeconds: z.number().int().min(10).max(300).default(60),
      /** Each wait for the platform's acknowledgement on the result screen (repeated while queued). */
      acknowledgementWaitSeconds: z.number().int().min(1).max(60).default(8),
      /** Taps are ignored this long after a step changes, so a double tap never lands on the next step. */
      stepInputGuardMs: z.number().int().min(0).max(2000).default(450),
      /** How long "请取走身份证" stays up (with its tone) when a session that read a card ends. */
      removeCardReminderSeconds: z.number().int().min(1).max(60).default(6),
      /** Place names and words of this region the pinyin keyboard offers first (鄂 and 黄石 at a Hubei kiosk). */
      regionalWords: z.array(z.string().min(1).max(8)).max(200).default([]),
      /** Start every session in elderly mode (larger text, slower timeouts); the citizen can still switch it off. */
      elderlyModeDefault: z.boolean().default(false),
    })
    .default({
      defaultLanguage: 'zh-CN',
      idleWarningSeconds: 60,
      idleCountdownSeconds: 20,
      elderlyTimeoutFactor: 2,
      attractAfterSeconds: 30,
      cardWaitSeconds: 60,
      qrDisplayedSeconds: 120,
      paymentCodeSeconds: 60,
      acknowledgementWaitSeconds: 8,
      stepInputGuardMs: 450,
      removeCardReminderSeconds: 6,
      regionalWords: [],
      elderlyModeDefault: false,
    }),
  devices: z.array(DeviceConfig).default([]),
  sync: z
    .object({
      /** Base URL of the central platform; absent = offline-only kiosk. */
      platformUrl: z.string().url().optional(),
      /** Demo profile: start the reference platform inside the core on this loopback port (0 = any). */
      embeddedPlatformPort: z.number().int().min(0).max(65535).optional(),
      heartbeatSeconds: z.number().int().min(5).default(60),
      batchSize: z.number().int().min(1).max(1000).default(100),
    })
    .default({ heartbeatSeconds: 60, batchSize: 100 }),
  privacy: z
    .object({
      /** Hours an acknowledged record's PII is kept before it is purged. */
      retentionHours: z.number().min(0).default(24),
    })
    .default({ retentionHours: 24 }),
  diagnostics: z
    .object({
      /** `scrypt:N:r:p:saltBase64:hashBase64` of the technician PIN; absent = diagnostics mode disabled. */
      technicianPinHash: z.string().regex(/^scrypt:\d+:\d+:\d+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/).optional(),
      /** Failed PIN entries before the lockout, and how long it lasts. */
      maxAttempts: z.number().int().min(1).max(20).default(5),
      lockoutMinutes: z.number().int().min(1).default(15),
      /** A diagnostics session ends by itself after this long. */
      sessionMinutes: z.number().int().min(1).default(30),
      /** Named technician accounts (issue #13 item 6), beside the single site PIN above. */
      technicians: z.array(TechnicianAccount).max(50).default([]),
      /** A USB stick's mount point: the screen's bundle button also writes there when it is mounted (absent = data dir only). */
      usbExportDir: z.string().min(1).max(300).optional(),
    })
    .default({ maxAttempts: 5, lockoutMinutes: 15, sessionMinutes: 30, technicians: [] }),
  /** Home-screen services switched on at this kiosk (a switched-off one shows as unavailable). */
  services: EnabledServices.prefault({}),
  /** When citizens may start a session (Asia/Shanghai); default always open. */
  openingHours: OpeningHours.prefault({}),
  /** When disruptive maintenance may run; none = any safe point. */
  maintenanceWindows: z.array(MaintenanceWindow).max(20).default([]),
  /** Admin keys and the health gate of signed config and catalog bundles. */
  fleet: FleetSettings.prefault({}),
  /** Path of the service catalog JSON, relative to kiosk-config/ when not absolute. */
  catalogPath: z.string().default('catalog/sample-catalog.json'),
  /** Printing (docs/printing.md): receipt paper and font, the CUPS server, certificate calibration. */
  printing: z
    .object({
      /** Receipt paper width: 80 mm = 48 columns / 576 dots, 58 mm = 32 / 384. */
      receiptPaper: z.enum(['80mm', '58mm']).default('80mm'),
      /** Double-byte codes the receipt printer's font holds; others print as raster lines. */
      receiptFontCoverage: z.enum(['gb2312', 'gbk']).default('gb2312'),
      /** `host:port` of cupsd for system printers; absent = localhost:631. */
      cupsServer: z.string().optional(),
      /** Seconds a system-printer job may take before its outcome is `unknown`. */
      jobTimeoutSeconds: z.number().int().min(5).max(3600).default(120),
      /** Per-printer certificate offsets in mm (positive = right/down), measured with the calibration page. */
      calibration: z.record(z.string(), z.object({ dxMm: z.number().min(-20).max(20), dyMm: z.number().min(-20).max(20) })).default({}),
    })
    .default({ receiptPaper: '80mm', receiptFontCoverage: 'gb2312', jobTimeoutSeconds: 120, calibration: {} }),
  /** Cash payments (docs/payments.md): the bill acceptor's link and the cash-in limits. */
  cash: z
    .object({
      /** Use eSSP (key exchange + AES-128) on the bill acceptor link. */
      encrypted: z.boolean().default(false),
      /** A cash-in ends (stacked money becomes a refund claim) after this long without full payment. */
      timeoutSeconds: z.number().int().min(10).max(900).default(180),
      /** Note values in yuan the kiosk accepts; other channels stay inhibited. */
      acceptYuan: z.array(z.number().int().positive()).default([1, 5, 10, 20, 50, 100]),
    })
    .default({ encrypted: false, timeoutSeconds: 180, acceptYuan: [1, 5, 10, 20, 50, 100] }),
  /** QR payment and fees (docs/payments-qr.md): polling, the payer's confirmation window, reconciliation. */
  qrPay: z
    .object({
      /** Between two status queries of an open QR order. */
      pollIntervalMs: z.number().int().min(100).max(10_000).default(2000),
      /** After a payment code is scanned, the payer has at least this long to confirm before the kiosk reverses. */
      minConfirmWindowSeconds: z.number().int().min(1).max(300).default(30),
      /** How often orders with an unknown outcome are settled with the platform. */
      reconcileIntervalSeconds: z.number().int().min(1).max(3600).default(30),
    })
    .default({ pollIntervalMs: 2000, minConfirmWindowSeconds: 30, reconcileIntervalSeconds: 30 }),
  /** Applications (docs/applications.md): what the acceptance receipt's tracking QR encodes. */
  applications: z
    .object({
      /** e.g. `https://zwfw.example.gov.cn/track?case={caseNumber}`; absent = the QR holds the bare case number. */
      trackingUrlTemplate: z.string().url().includes('{caseNumber}').optional(),
    })
    .default({}),
  /**
   * 呼叫帮助 and struggle detection (docs/ui.md "Help and struggle detection"). Whether the kiosk is
   * in a hall (staff are called through a platform alert) or a village (numbers and a QR code) follows
   * `kiosk.level`: 乡 and 村 are village sites.
   */
  help: z
    .object({
      /** The local help line shown beside 12345 on a village kiosk (e.g. the 乡镇便民服务中心); absent = 12345 only. */
      localNumber: z.string().regex(/^[0-9][0-9 -]{2,23}$/, 'digits, spaces and hyphens').optional(),
      /** What the village kiosk's remote-help QR code opens (video help, a WeChat mini program page); absent = no QR. */
      remoteHelpUrl: z.string().url().optional(),
      /** Taps of 呼叫帮助 within this long of a raised request raise nothing new (one alert, not many). */
      repeatWindowSeconds: z.number().int().min(10).max(3600).default(300),
      /** How often the aggregated struggle counts go to the outbox (each hour's counts travel in as few events as this allows). */
      countsFlushSeconds: z.number().int().min(1).max(86_400).default(3600),
    })
    .prefault({}),
});
export type KioskConfig = z.infer<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
