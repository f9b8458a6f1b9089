// Technician methods (design.md §7, docs/technicians.md): reached by the renderer in diagnostics
// mode and by the `budayang` CLI through the running core's control channel (a technician-scoped
// credential, never the renderer's token). Device methods take a diagnostics lease for their run.
import { z } from 'zod';
import { FenSchema } from '../domain/money';
import { DeviceClass } from '../domain/device';
import { defineMethod } from './contract';
import { IdCardData } from './devices';

/** How one self-test step ended. */
export const SelfTestOutcome = z.enum([
  'passed', // the device did what the step asks
  'failed', // the device answered wrongly, not at all, or reported a fault
  'skipped', // the step needs a medium nobody presented (a test card, a test note, a code), or an earlier step failed
]);
export type SelfTestOutcome = z.infer<typeof SelfTestOutcome>;

export const SelfTestStep = z.object({
  /** The action's name in its driver's table, e.g. `samId`, `testPage`, `escrowAndReturn`. */
  action: z.string().min(1).max(64),
  outcome: SelfTestOutcome,
  durationMs: z.number().int().nonnegative(),
  /** English, for technicians (device, command, cause). */
  detail: z.string().max(500).optional(),
});
export type SelfTestStep = z.infer<typeof SelfTestStep>;

export const SelfTestRun = z.object({
  runId: z.string().min(1),
  deviceId: z.string().min(1),
  deviceClass: DeviceClass,
  driver: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** failed if any step failed; passed if every step that ran passed. */
  outcome: z.enum(['passed', 'failed']),
  steps: z.array(SelfTestStep),
  /** Who ran it: `cli`, `screen`, `remote`. */
  requestedBy: z.string().max(64),
});
export type SelfTestRun = z.infer<typeof SelfTestRun>;

/** Counts of one denomination in a cash-box period. */
export const DenominationCount = z.object({ denominationFen: FenSchema, count: z.number().int().nonnegative() });
export type DenominationCount = z.infer<typeof DenominationCount>;

export const CollectionPreview = z.object({
  deviceId: z.string(),
  /** Journal sequence the period starts after (0 = the first collection). */
  periodStartSeq: z.number().int().nonnegative(),
  periodStartAt: z.string().nullable(),
  /** Stacked notes since the last collection, from the journal. */
  journal: z.array(DenominationCount),
  journalTotalFen: FenSchema,
  /** The acceptor's stacked-notes counter, and how many notes it counted in this period (null: unreadable). */
  acceptorStackedCounter: z.number().int().nonnegative().nullable(),
  acceptorNotesInPeriod: z.number().int().nullable(),
});
export type CollectionPreview = z.infer<typeof CollectionPreview>;

export const CollectionReport = CollectionPreview.extend({
  collectionId: z.string(),
  collectedAt: z.string(),
  technician: z.string(),
  physical: z.array(DenominationCount),
  physicalTotalFen: FenSchema,
  /** physical − journal per denomination (only non-zero rows). */
  differences: z.array(z.object({ denominationFen: FenSchema, difference: z.number().int() })),
  differenceFen: z.number().int(),
  /** Head hash of the journal after the collection entry: the period is closed with it. */
  closingHash: z.string(),
  closingSeq: z.number().int().positive(),
  /** Print outcome of each of the two copies. */
  copies: z.array(z.object({ copy: z.enum(['kiosk', 'office']), state: z.string() })),
});
export type CollectionReport = z.infer<typeof CollectionReport>;

export const JournalVerification = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), entries: z.number().int().nonnegative(), headHash: z.string() }),
  z.object({ intact: z.literal(false), seq: z.number().int(), reason: z.string() }),
]);

/** Leases, calibration, dead letters, network and bundle: open to both doors (the screen in diagnostics mode, the control channel). */
export const SESSION_OF_WORK_METHODS: readonly string[] = [
  'Technician.LeaseDevice',
  'Technician.RenewLease',
  'Technician.ReleaseLease',
  'Technician.Leases',
  'Technician.Calibration',
  'Technician.CalibrationPrint',
  'Technician.CalibrationSave',
  'Technician.DeadLetters',
  'Technician.RetryDeadLetter',
  'Technician.Network',
  'Technician.SaveBundle',
  'Technician.UploadBundle',
];

/** Methods the control channel's technician credential may call (and nothing else). */
export const CONTROL_CHANNEL_METHODS: readonly string[] = [
  'Kiosk.Status',
  'Devices.List',
  'Devices.Status',
  'Queue.Status',
  'Queue.Flush',
  'Queue.RetryDead',
  'Printing.TestPage',
  'Technician.ReadIdCard',
  'Technician.SelfTest',
  'Technician.SelfTestHistory',
  'Technician.JournalVerify',
  'Technician.DiagnosticsBundle',
  'Technician.Logs',
  'Cash.CollectionPreview',
  'Cash.Collect',
  'Common.Cancel',
  ...SESSION_OF_WORK_METHODS,
];

const LEASE_ERRORS = [
  'deviceNotConfigured', // no such device (or none of that class) on this kiosk
  'leaseRefused', // a citizen transaction uses the device, or another technician holds it
] as const;

/** A diagnostics lease held for a session of work (docs/technicians.md). */
export const HeldLeaseView = z.object({
  leaseId: z.string(),
  deviceId: z.string(),
  /** As the status board shows it: `technician CLI (t3)`, `technician screen (r1)`. */
  holder: z.string(),
  technicianId: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
});
export type HeldLeaseView = z.infer<typeof HeldLeaseView>;

/** A certificate printer's offset in mm (positive = right/down), and where it came from. */
export const CalibrationState = z.object({
  deviceId: z.string(),
  dxMm: z.number(),
  dyMm: z.number(),
  /** `saved`: calibrated on this kiosk (kiosk database); `config`: from signed config; `none`: zero. */
  source: z.enum(['saved', 'config', 'none']),
  savedAt: z.string().nullable(),
  technician: z.string().nullable(),
});
export type CalibrationState = z.infer<typeof CalibrationState>;

/** One dead letter as a technician sees it: never its payload (it can hold a citizen's data). */
export const DeadLetterView = z.object({
  id: z.number().int(),
  kind: z.string(),
  streamKey: z.string(),
  attempts: z.number().int().nonnegative(),
  /** A code (`platform.422`, `validation`…), never the platform's message text. */
  lastErrorCode: z.string().nullable(),
  createdAt: z.string(),
  ageSeconds: z.number().nonnegative(),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const NetworkState = z.object({
  platformUrl: z.string().nullable(),
  platformOnline: z.boolean(),
  lastSyncAt: z.string().nullable(),
  /** The last sync failure's code (`timeout`, `http.503`, `connectionRefused`…), null after a success. */
  lastErrorCode: z.string().nullable(),
  /** A fresh round trip to the platform's health endpoint (null: unreachable or no platform). */
  roundTripMs: z.number().nonnegative().nullable(),
  pending: z.number().int().nonnegative(),
  deadLetter: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
});
export type NetworkState = z.infer<typeof NetworkState>;

/** The camera is the renderer's (getUserMedia): its self-test runs there and is reported under this id. */
export const RENDERER_CAMERA_ID = 'renderer-camera';

export const technicianMethods = {
  'Technician.RecordCameraSelfTest': defineMethod({
    name: 'Technician.RecordCameraSelfTest',
    input: z
      .object({
        startedAt: z.string().datetime({ offset: true }),
        finishedAt: z.string().datetime({ offset: true }),
        /** `open` (getUserMedia), `frame` (a frame drawn, not blank), as the renderer measured them. */
        steps: z.array(SelfTestStep).min(1).max(5),
      })
      .strict(),
    output: SelfTestRun,
    summary: "Technician (screen only): keeps the camera self-test the renderer ran with getUserMedia, beside the drivers' runs (history, bundle, heartbeat).",
  }),
  'Technician.LeaseDevice': defineMethod({
    name: 'Technician.LeaseDevice',
    input: z.object({ deviceId: z.string().min(1).max(64), minutes: z.number().int().min(1).max(60).default(10) }).strict(),
    output: HeldLeaseView,
    errors: [...LEASE_ERRORS],
    summary: "Technician: takes a device for a session of work (default 10 min, renewable); citizen services that need it turn off while it is held. Taking a device this connection already holds renews it.",
  }),
  'Technician.RenewLease': defineMethod({
    name: 'Technician.RenewLease',
    input: z.object({ leaseId: z.string().min(1).max(128), minutes: z.number().int().min(1).max(60).default(10) }).strict(),
    output: HeldLeaseView,
    errors: ['leaseNotFound'],
    summary: 'Technician: pushes the lease timeout to `minutes` from now.',
  }),
  'Technician.ReleaseLease': defineMethod({
    name: 'Technician.ReleaseLease',
    input: z.object({ leaseId: z.string().min(1).max(128) }).strict(),
    output: z.object({ released: z.boolean() }),
    summary: 'Technician: gives the device back to citizens.',
  }),
  'Technician.Leases': defineMethod({
    name: 'Technician.Leases',
    input: z.object({}).strict(),
    output: z.object({ leases: z.array(HeldLeaseView) }),
    summary: 'Technician: the diagnostics leases held now, by any technician.',
  }),
  'Technician.Calibration': defineMethod({
    name: 'Technician.Calibration',
    input: z.object({ deviceId: z.string().optional() }).strict(),
    output: CalibrationState,
    errors: ['deviceNotConfigured'],
    summary: "Technician: the certificate printer's current offset and where it comes from.",
  }),
  'Technician.CalibrationPrint': defineMethod({
    name: 'Technician.CalibrationPrint',
    input: z.object({ deviceId: z.string().optional() }).strict(),
    output: z.object({ calibration: CalibrationState, outcome: z.string(), detail: z.string().optional() }),
    errors: [...LEASE_ERRORS],
    summary: "Technician: prints the calibration page on the certificate printer with its current offset.",
  }),
  'Technician.CalibrationSave': defineMethod({
    name: 'Technician.CalibrationSave',
    input: z
      .object({
        deviceId: z.string().optional(),
        /** How far the crosses landed from the paper's marks on the last calibration page, mm (right/down positive). */
        measuredDxMm: z.number().min(-20).max(20),
        measuredDyMm: z.number().min(-20).max(20),
      })
      .strict(),
    output: z.object({ previous: CalibrationState, calibration: CalibrationState }),
    errors: ['deviceNotConfigured', 'offsetOutOfRange', 'storageError'],
    summary: 'Technician: corrects the certificate printer offset by the measured shift and saves it in the kiosk database (survives restarts, audited).',
  }),
  'Technician.DeadLetters': defineMethod({
    name: 'Technician.DeadLetters',
    input: z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.object({ deadLetters: z.array(DeadLetterView), total: z.number().int().nonnegative() }),
    summary: 'Technician: the outbox dead letters, oldest first: kind, attempts, last error code, age (never the payload).',
  }),
  'Technician.RetryDeadLetter': defineMethod({
    name: 'Technician.RetryDeadLetter',
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ revived: z.number().int().nonnegative() }),
    errors: ['storageError'],
    summary: 'Technician: puts one dead letter back in the queue (0 when it is no longer dead).',
  }),
  'Technician.Network': defineMethod({
    name: 'Technician.Network',
    input: z.object({}).strict(),
    output: NetworkState,
    summary: 'Technician: platform reachability with a fresh round trip, last sync, last error code, queue depth.',
  }),
  'Technician.SaveBundle': defineMethod({
    name: 'Technician.SaveBundle',
    input: z.object({}).strict(),
    output: z.object({ path: z.string(), usbPath: z.string().nullable(), usbError: z.string().nullable(), byteLength: z.number().int() }),
    errors: ['storageError'],
    summary: "Technician: writes the diagnostics bundle to the data dir's diagnostics/ folder (and the configured USB folder when mounted).",
  }),
  'Technician.UploadBundle': defineMethod({
    name: 'Technician.UploadBundle',
    input: z.object({}).strict(),
    output: z.object({ uploadId: z.string(), outcome: z.enum(['done', 'failed']), detail: z.string() }),
    summary: 'Technician: uploads the diagnostics bundle to the platform through the remote upload.',
  }),
  'Technician.ReadIdCard': defineMethod({
    name: 'Technician.ReadIdCard',
    input: z.object({ deviceId: z.string().optional(), timeoutSeconds: z.number().int().min(1).max(300).default(30) }).strict(),
    output: z.object({ card: IdCardData }),
    errors: [...LEASE_ERRORS, 'readFailed'],
    summary: 'Technician: reads one ID card on the reader under a diagnostics lease.',
  }),
  'Technician.SelfTest': defineMethod({
    name: 'Technician.SelfTest',
    input: z.object({ deviceId: z.string().optional(), mediaWaitSeconds: z.number().int().min(0).max(120).default(5), requestedBy: z.string().max(64).default('screen') }).strict(),
    output: z.object({ runs: z.array(SelfTestRun) }),
    errors: [...LEASE_ERRORS],
    summary: 'Technician: runs the self-test table of one device (or every device) under a diagnostics lease; results are kept.',
  }),
  'Technician.SelfTestHistory': defineMethod({
    name: 'Technician.SelfTestHistory',
    input: z.object({ deviceId: z.string().optional(), limit: z.number().int().min(1).max(200).default(20) }).strict(),
    output: z.object({ runs: z.array(SelfTestRun) }),
    summary: 'Technician: the latest kept self-test runs, newest first.',
  }),
  'Technician.Logs': defineMethod({
    name: 'Technician.Logs',
    input: z
      .object({
        /** The lowest level shown. */
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        /** Case-insensitive text the line must contain (event, module or field). */
        search: z.string().max(100).default(''),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
    output: z.object({ lines: z.array(z.object({ time: z.string(), level: z.enum(['debug', 'info', 'warn', 'error']), module: z.string(), event: z.string(), fields: z.string() })) }),
    summary: 'Technician: the newest lines of the redacted core log, filtered by level and text, newest first.',
  }),
  'Technician.JournalVerify': defineMethod({
    name: 'Technician.JournalVerify',
    input: z.object({}).strict(),
    output: JournalVerification,
    summary: "Technician: recomputes the cash journal's hash chain.",
  }),
  'Technician.DiagnosticsBundle': defineMethod({
    name: 'Technician.DiagnosticsBundle',
    input: z.object({}).strict(),
    output: z.object({ bundle: z.record(z.string(), z.unknown()), byteLength: z.number().int() }),
    summary: 'Technician: the PII-free diagnostics bundle (redacted logs, devices, self-tests, config without secrets, versions, queue, disk, memory, OS).',
  }),
  'Cash.CollectionPreview': defineMethod({
    name: 'Cash.CollectionPreview',
    input: z.object({}).strict(),
    output: CollectionPreview,
    errors: ['noAcceptor'],
    summary: 'Technician (清机): notes per denomination since the last collection, from the journal, beside the acceptor counter.',
  }),
  'Cash.Collect': defineMethod({
    name: 'Cash.Collect',
    input: z.object({ collectionId: z.string().min(8).max(64), technician: z.string().min(1).max(64).default('technician'), physical: z.array(DenominationCount).max(20) }).strict(),
    output: CollectionReport,
    errors: ['noAcceptor', 'leaseRefused', 'cashInRunning', 'journalUnavailable'],
    summary: 'Technician (清机): records the physical count and its differences, closes the period in the journal, prints two reports.',
  }),
} as const;
