// Fleet monitoring at the platform (issue #12 item 4): the alerts the platform raises from
// heartbeats, events, the replicated cash journal and its offline watch, as the admin API and
// the fleet console see them. Pure: zod only.
import { z } from 'zod';

const Iso = z.string().datetime({ offset: true });

/** What an alert is about, by what a person must do. Rules and thresholds: platform/server/monitoring/alertRules.ts. */
export const PlatformAlertCode = z.enum([
  'kioskOffline', // no heartbeat for 3 intervals: power, network or the app is down
  'deviceOffline', // a device offline, powered off or missing for N minutes: cable, power
  'paperLow', // a printer's paper is near its end: refill on the next visit
  'paperOut', // a printer is out of paper: refill now
  'cashBoxNearFull', // the bill acceptor's box holds most of its capacity: plan a collection (清机)
  'cashBoxFull', // the box is full: the kiosk takes no cash until collected
  'deadLetters', // records the platform refused as invalid wait on the kiosk: a person must look
  'configRolledBack', // a config or catalog bundle was taken back on the kiosk
  'diskLow', // the kiosk's disk is nearly full
  'journalMismatch', // the replicated cash journal does not verify: a rewritten or deleted entry
  'deviceFault', // (reported by the kiosk) a device reports a hardware error
  'deviceNeedsAttention', // (reported by the kiosk) a fault an attendant can clear, or a cash claim to follow up
  'fraudAttempt', // (reported by the kiosk) a device reports tampering
  'cashBoxRemoved', // (reported by the kiosk) the box was taken out outside a collection
  'kioskReported', // (reported by the kiosk) a code this platform does not know; the subject names it
  'citizenNeedsHelp', // (hall kiosks) a citizen tapped 呼叫帮助: staff go to the kiosk; the detail names the step, never the citizen
]);
export type PlatformAlertCode = z.infer<typeof PlatformAlertCode>;

export const AlertSeverity = z.enum([
  'info', // for the record
  'warning', // act on the next visit
  'critical', // act now: citizens are turned away, or money is at stake
]);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/** Where an alert stands; an acknowledged alert is still open until its condition ends. */
export const AlertState = z.enum([
  'open', // raised, nobody has taken it
  'acknowledged', // a person took it; still raised
  'cleared', // the condition ended (or a person resolved it); kept as history
]);
export type AlertState = z.infer<typeof AlertState>;

/** What raised the alert. */
export const AlertSource = z.enum([
  'heartbeat', // derived from the kiosk's heartbeats
  'monitor', // the platform's own watch (missed heartbeats)
  'journal', // the replicated cash journal
  'event', // an event the kiosk pushed (bundle results, kiosk-reported alerts)
]);
export type AlertSource = z.infer<typeof AlertSource>;

export const Alert = z.object({
  alertId: z.number().int().positive(),
  kioskId: z.string(),
  code: PlatformAlertCode,
  /** What it is about on that kiosk: a device id, `kiosk`, `cashJournal`, `bundle:config`… */
  subject: z.string(),
  severity: AlertSeverity,
  state: AlertState,
  source: AlertSource,
  /** Facts for the person who acts (never PII): device state, free bytes, the broken entry… */
  detail: z.record(z.string(), z.unknown()),
  raisedAt: Iso,
  /** The last time the condition was seen (a repeated raise only moves this and `occurrences`). */
  lastSeenAt: Iso,
  occurrences: z.number().int().positive(),
  acknowledgedAt: Iso.nullable(),
  acknowledgedBy: z.string().nullable(),
  clearedAt: Iso.nullable(),
  /** `platform` when the condition ended by itself, else the person who resolved it. */
  clearedBy: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;

/** One line of an alert's audit trail. */
export const AlertHistoryEntry = z.object({
  at: Iso,
  action: z.enum([
    'raised', // first raised
    'acknowledged', // a person took it
    'cleared', // the condition ended
    'resolved', // a person closed an alert whose condition cannot end by itself
  ]),
  actor: z.string(),
  note: z.string().nullable(),
});
export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntry>;

/** `POST /admin/kiosks/{kioskId}/cash-box-collected`: a collection (清机) emptied a bill acceptor's box. */
export const CashBoxCollectedRequest = z.object({ deviceId: z.string().min(1).max(100), actor: z.string().min(1).max(100) });
