// The platform's alert rules (issue #12 item 4), pure: each code's severity and how it ends, the
// conditions a heartbeat shows, how long each must hold before it is an alert, and what the
// kiosk-reported alert events and bundle results mean. The stores apply these decisions.
import type { AlertSeverity, AlertSource, PlatformAlertCode } from '../../../src-common/wire/monitoringWire';
import type { HeartbeatRequest, WireEvent } from '../../../src-common/wire/wire';
import { HELP_REQUESTED_KIND } from '../../../src-common/wire/helpWire';

/** Thresholds of the rules; every instance of a platform should run with the same. */
export interface MonitoringPolicy {
  /** The kiosks' heartbeat interval (kiosk config `sync.heartbeatSeconds`, default 60 s). */
  readonly heartbeatIntervalMs: number;
  /** A kiosk that misses this many heartbeats in a row is offline. */
  readonly missedHeartbeats: number;
  /** How often the offline watch runs; the alert comes at most this late after the last missed beat. */
  readonly offlineCheckEveryMs: number;
  /** A device offline, powered off or missing this long raises deviceOffline (a replug or reboot is not an alert). */
  readonly deviceOfflineMs: number;
  /** Free disk below this raises diskLow (the kiosk warns at the same level). */
  readonly diskLowBytes: number;
  /** Notes a bill acceptor's box holds (an ITL NV200 cash box: 500). */
  readonly cashBoxCapacityNotes: number;
  /** The box is near full from this share of its capacity. */
  readonly cashBoxNearFullRatio: number;
}

/** The kiosk config's default heartbeat (kiosk-config/schema.ts `sync.heartbeatSeconds`). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 60_000;

export const DEFAULT_MONITORING_POLICY: MonitoringPolicy = {
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
  missedHeartbeats: 3,
  offlineCheckEveryMs: DEFAULT_HEARTBEAT_INTERVAL_MS / 4,
  deviceOfflineMs: 10 * 60_000,
  diskLowBytes: 500 * 1024 * 1024,
  cashBoxCapacityNotes: 500,
  cashBoxNearFullRatio: 0.9,
};

/** Fills in a partial policy; the offline check runs four times per heartbeat interval unless told otherwise. */
export function monitoringPolicy(given: Partial<MonitoringPolicy> = {}): MonitoringPolicy {
  const heartbeatIntervalMs = given.heartbeatIntervalMs ?? DEFAULT_MONITORING_POLICY.heartbeatIntervalMs;
  return { ...DEFAULT_MONITORING_POLICY, offlineCheckEveryMs: heartbeatIntervalMs / 4, ...given, heartbeatIntervalMs };
}

/** How an alert of each code ends. */
export type AlertEnding =
  // only the platform clears it, when the condition ends (a person closing it would see it raised again)
  | 'condition'
  // a person resolves it, with a note saying what was done (a later event may also clear it)
  | 'person';

export interface AlertRule {
  readonly severity: AlertSeverity;
  readonly source: AlertSource;
  readonly ending: AlertEnding;
}

export const ALERT_RULES: Readonly<Record<PlatformAlertCode, AlertRule>> = {
  kioskOffline: { severity: 'critical', source: 'monitor', ending: 'condition' },
  deviceOffline: { severity: 'critical', source: 'heartbeat', ending: 'condition' },
  paperLow: { severity: 'warning', source: 'heartbeat', ending: 'condition' },
  paperOut: { severity: 'critical', source: 'heartbeat', ending: 'condition' },
  cashBoxNearFull: { severity: 'warning', source: 'journal', ending: 'condition' },
  cashBoxFull: { severity: 'critical', source: 'heartbeat', ending: 'condition' },
  deadLetters: { severity: 'warning', source: 'heartbeat', ending: 'condition' },
  configRolledBack: { severity: 'critical', source: 'event', ending: 'person' },
  diskLow: { severity: 'warning', source: 'heartbeat', ending: 'condition' },
  journalMismatch: { severity: 'critical', source: 'journal', ending: 'person' },
  deviceFault: { severity: 'critical', source: 'event', ending: 'person' },
  deviceNeedsAttention: { severity: 'warning', source: 'event', ending: 'person' },
  fraudAttempt: { severity: 'critical', source: 'event', ending: 'person' },
  cashBoxRemoved: { severity: 'critical', source: 'event', ending: 'person' },
  kioskReported: { severity: 'warning', source: 'event', ending: 'person' },
  // A person is waiting at the kiosk now; staff close it once they have been there.
  citizenNeedsHelp: { severity: 'critical', source: 'event', ending: 'person' },
};

/** One alert condition: a code on a subject, with facts for the person who acts. */
export interface AlertCondition {
  readonly code: PlatformAlertCode;
  readonly subject: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** `code|subject`: the key of a condition in `kiosk_status.conditions` and of an open alert. */
export function conditionKey(code: PlatformAlertCode, subject: string): string {
  return `${code}|${subject}`;
}

export function parseConditionKey(key: string): { code: PlatformAlertCode; subject: string } {
  const bar = key.indexOf('|');
  return { code: key.slice(0, bar) as PlatformAlertCode, subject: key.slice(bar + 1) };
}

const OFFLINE_DEVICE_STATES: ReadonlySet<string> = new Set(['offline', 'powerOff', 'noDevice']);

/** The conditions one heartbeat shows, by key (heartbeat-sourced codes only). */
export function heartbeatConditions(beat: HeartbeatRequest, policy: MonitoringPolicy): Map<string, AlertCondition> {
  const found = new Map<string, AlertCondition>();
  const add = (code: PlatformAlertCode, subject: string, detail: Record<string, unknown>) => found.set(conditionKey(code, subject), { code, subject, detail });
  for (const device of beat.devices) {
    const facts = { deviceClass: device.deviceClass, state: device.state, ...(device.reason ? { reason: device.reason } : {}) };
    if (OFFLINE_DEVICE_STATES.has(device.state)) add('deviceOffline', device.deviceId, facts);
    const detail = device.detail;
    if (detail?.kind === 'printer') {
      if (detail.paper === 'low') add('paperLow', device.deviceId, facts);
      if (detail.paper === 'out') add('paperOut', device.deviceId, facts);
    }
    if (detail?.kind === 'cashAcceptor' && detail.stacker === 'full') add('cashBoxFull', device.deviceId, facts);
  }
  if (beat.queue.deadLetter > 0) add('deadLetters', 'outbox', { deadLetters: beat.queue.deadLetter });
  if (beat.diskFreeBytes !== null && beat.diskFreeBytes < policy.diskLowBytes) add('diskLow', 'kiosk', { freeBytes: beat.diskFreeBytes, thresholdBytes: policy.diskLowBytes });
  return found;
}

/** How long a heartbeat condition must hold before it is an alert. */
export function holdTimeMs(code: PlatformAlertCode, policy: MonitoringPolicy): number {
  return code === 'deviceOffline' ? policy.deviceOfflineMs : 0;
}

/** The condition keys that are alerts at `atMs`, given when each was first seen (ISO text). */
export function dueConditionKeys(firstSeen: Readonly<Record<string, string>>, atMs: number, policy: MonitoringPolicy): Set<string> {
  const due = new Set<string>();
  for (const [key, since] of Object.entries(firstSeen)) {
    if (atMs - Date.parse(since) >= holdTimeMs(parseConditionKey(key).code, policy)) due.add(key);
  }
  return due;
}

/** What an event means for alerts. */
export type EventAlertAction =
  // raise (or repeat) this condition
  | { readonly action: 'raise'; readonly condition: AlertCondition; readonly severity: AlertSeverity }
  // the condition ended
  | { readonly action: 'clear'; readonly code: PlatformAlertCode; readonly subject: string };

/** Kiosk alert codes the platform derives itself from heartbeats: their events would only double them. */
const DERIVED_FROM_HEARTBEATS: ReadonlySet<string> = new Set(['deviceOffline', 'paperLow', 'paperOut', 'cashBoxFull', 'deadLetter', 'diskLow']);

/** Kiosk alert codes mirrored under the same code. */
const MIRRORED: ReadonlySet<PlatformAlertCode> = new Set(['deviceFault', 'deviceNeedsAttention', 'fraudAttempt', 'cashBoxRemoved']);

const SEVERITIES: ReadonlySet<string> = new Set(['info', 'warning', 'critical']);

/** `fleet.bundleResult` (issue #11): a rolled-back bundle raises configRolledBack, a later applied one of the same kind clears it. */
export const BUNDLE_RESULT_KIND = 'fleet.bundleResult';

/**
 * The alert actions of one event: kiosk-reported alerts (`alert.raised` / `alert.cleared`) that
 * heartbeats cannot show, and bundle results. Any other kind means nothing here.
 */
export function eventAlertActions(event: Pick<WireEvent, 'kind' | 'payload'>): EventAlertAction[] {
  const p = event.payload;
  switch (event.kind) {
    case 'alert.raised':
    case 'alert.cleared': {
      const code = String(p.code);
      if (DERIVED_FROM_HEARTBEATS.has(code)) return [];
      const mirrored = MIRRORED.has(code as PlatformAlertCode);
      const platformCode: PlatformAlertCode = mirrored ? (code as PlatformAlertCode) : 'kioskReported';
      const subject = mirrored ? String(p.subject) : `${code}:${String(p.subject)}`;
      if (event.kind === 'alert.cleared') return [{ action: 'clear', code: platformCode, subject }];
      const severity = SEVERITIES.has(String(p.severity)) ? (p.severity as AlertSeverity) : ALERT_RULES[platformCode].severity;
      const { code: _code, severity: _severity, subject: _subject, ...facts } = p;
      return [{ action: 'raise', severity, condition: { code: platformCode, subject, detail: { kioskCode: code, ...facts } } }];
    }
    case BUNDLE_RESULT_KIND: {
      const subject = `bundle:${String(p.kind)}`;
      if (p.outcome === 'rolledBack') {
        return [{ action: 'raise', severity: ALERT_RULES.configRolledBack.severity, condition: { code: 'configRolledBack', subject, detail: { version: p.version, previousVersion: p.previousVersion, reason: p.reason, detail: p.detail } } }];
      }
      return p.outcome === 'applied' ? [{ action: 'clear', code: 'configRolledBack', subject }] : [];
    }
    case HELP_REQUESTED_KIND:
      // One open alert per kiosk (subject `help`): a second request while staff are on their way
      // only counts, with the latest step in its detail.
      return [{ action: 'raise', severity: ALERT_RULES.citizenNeedsHelp.severity, condition: { code: 'citizenNeedsHelp', subject: 'help', detail: { service: p.service, step: p.step, requestId: p.requestId, requestedAt: p.requestedAt } } }];
    default:
      return [];
  }
}
