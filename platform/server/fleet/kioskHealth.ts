// What a kiosk's last heartbeat says about it, as the console shows it: its liveness (online,
// degraded, offline after 3 missed heartbeats, never seen) and the problems that make it degraded
// (faulty devices, paper and cash box, dead letters, low disk), and the devices' latest self-tests. Pure. The heartbeat is read
// tolerantly: a stored beat from an older or newer kiosk still yields what it has.
import { z } from 'zod';
import type { KioskDetail, KioskLiveness, KioskProblem } from '../../api/fleet';

/** A kiosk is offline after this many heartbeat intervals without one (issue #12 item 4). */
export const OFFLINE_AFTER_MISSED_HEARTBEATS = 3;

/** The kiosk's default `sync.heartbeatSeconds` (kiosk-config/schema.ts); the platform's `heartbeatSeconds` option. */
export const DEFAULT_HEARTBEAT_SECONDS = 60;

/** Free disk below this is a problem: the kiosk's own `diskLow` alert threshold (src-main/core/alerts/AlertService.ts). */
export const DISK_LOW_BYTES = 500 * 1024 * 1024;

/** Device states that are not a fault: ready, or held by a technician's lease or a long command. */
const HEALTHY_STATES = new Set(['online', 'deviceBusy']);

const HeartbeatView = z.looseObject({
  devices: z
    .array(
      z.looseObject({
        deviceId: z.string(),
        deviceClass: z.string(),
        state: z.string(),
        reason: z.string().optional(),
        detail: z.looseObject({ kind: z.string(), paper: z.enum(['ok', 'low', 'out', 'unknown']).optional(), stacker: z.enum(['ok', 'full', 'removed', 'unknown']).optional() }).optional(),
      }),
    )
    .catch([]),
  queue: z.object({ pending: z.number().int(), deadLetter: z.number().int(), oldestPendingAgeSeconds: z.number().nullable() }).nullable().catch(null),
  versions: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable().catch(null),
  diskFreeBytes: z.number().nullable().catch(null),
  selfTests: z
    .array(
      z.looseObject({
        deviceId: z.string(),
        outcome: z.enum(['passed', 'failed']),
        finishedAt: z.string(),
        steps: z.array(z.looseObject({ action: z.string(), outcome: z.enum(['passed', 'failed', 'skipped']), durationMs: z.number().int() })),
      }),
    )
    .catch([])
    .optional(),
});
type HeartbeatView = z.infer<typeof HeartbeatView>;

function view(beat: unknown): HeartbeatView | undefined {
  const parsed = HeartbeatView.safeParse(beat);
  return parsed.success ? parsed.data : undefined;
}

export function devicesOf(beat: unknown): KioskDetail['devices'] {
  return (view(beat)?.devices ?? []).map((d) => ({
    deviceId: d.deviceId,
    deviceClass: d.deviceClass,
    state: d.state,
    reason: d.reason ?? null,
    paper: d.detail?.paper ?? null,
    cashBox: d.detail?.stacker ?? null,
  }));
}

/** The problems a heartbeat reports, most specific first per device (paper out rather than "fault"). */
export function heartbeatProblems(beat: unknown): KioskProblem[] {
  const seen = view(beat);
  if (!seen) return [];
  const problems: KioskProblem[] = [];
  for (const device of devicesOf(beat)) {
    const consumable: KioskProblem['code'] | undefined =
      device.paper === 'out' ? 'paperOut' : device.paper === 'low' ? 'paperLow' : device.cashBox === 'full' ? 'cashBoxFull' : device.cashBox === 'removed' ? 'cashBoxRemoved' : undefined;
    if (consumable) problems.push({ code: consumable, deviceId: device.deviceId });
    // A citizen-clearable fault explained by the consumable is not reported twice.
    const explained = consumable !== undefined && device.state === 'userError';
    if (!HEALTHY_STATES.has(device.state) && !explained) problems.push({ code: 'deviceFault', deviceId: device.deviceId });
  }
  if ((seen.queue?.deadLetter ?? 0) > 0) problems.push({ code: 'deadLetters', deviceId: null });
  if (seen.diskFreeBytes !== null && seen.diskFreeBytes < DISK_LOW_BYTES) problems.push({ code: 'diskLow', deviceId: null });
  return problems;
}

/** What the store derives from a heartbeat as it arrives (indexed columns the console counts by). */
export function derivedHeartbeatColumns(beat: unknown): { readonly degraded: boolean; readonly reportedAppVersion: string | null; readonly reportedConfig: string | null } {
  const versions = view(beat)?.versions ?? null;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 50) : null);
  return { degraded: heartbeatProblems(beat).length > 0, reportedAppVersion: text(versions?.app), reportedConfig: text(versions?.config) };
}

export function queueOf(beat: unknown): KioskDetail['queue'] {
  return view(beat)?.queue ?? null;
}

export function versionsOf(beat: unknown): KioskDetail['versions'] {
  return view(beat)?.versions ?? null;
}

/** The latest self-test per device the kiosk reported, in device order; none from a kiosk that sends none. */
export function selfTestsOf(beat: unknown): KioskDetail['selfTests'] {
  return (view(beat)?.selfTests ?? []).map((r) => ({ deviceId: r.deviceId, outcome: r.outcome, finishedAt: r.finishedAt, steps: r.steps.map((s) => ({ action: s.action, outcome: s.outcome, durationMs: s.durationMs })) }));
}

export function diskFreeOf(beat: unknown): number | null {
  return view(beat)?.diskFreeBytes ?? null;
}

/** How long a kiosk may stay silent before it is offline. */
export function offlineAfterMs(heartbeatSeconds: number): number {
  return OFFLINE_AFTER_MISSED_HEARTBEATS * heartbeatSeconds * 1000;
}

export function livenessOf(lastHeartbeatAt: Date | null, degraded: boolean, now: number, offlineAfter: number): KioskLiveness {
  if (lastHeartbeatAt === null) return 'never';
  if (now - lastHeartbeatAt.getTime() > offlineAfter) return 'offline';
  return degraded ? 'degraded' : 'online';
}
