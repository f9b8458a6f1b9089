// The decisions of a rollout (docs/fleet.md, "Rollouts"), as pure functions of what the database
// holds: how its targets split into rings, and what to do next — abort (AWS IoT Jobs style: more
// than a share of the reporting kiosks failed, once enough reported), mark a ring as reported,
// advance after its soak time, or complete. The store runs them under the rollout's row lock.
import type { AbortCriteria, RingSpec, RolloutState } from '../../../src-common/wire/fleetAdmin';

/**
 * Kiosks per ring for `total` targets. `{ kiosks: n }` is a ring of n; `{ percent: p }` makes the
 * rings so far cover p % of the targets (rounded up); the last ring covers the rest. Rings that
 * would be empty (three targets: 1, then 10 % = 1 already covered) are dropped.
 */
export function planRings(total: number, specs: readonly RingSpec[]): number[] {
  const sizes: number[] = [];
  let covered = 0;
  specs.forEach((spec, i) => {
    const last = i === specs.length - 1;
    const wanted = last ? total : 'kiosks' in spec ? covered + spec.kiosks : Math.ceil((total * spec.percent) / 100);
    const reach = Math.min(total, Math.max(covered, wanted));
    if (reach > covered) sizes.push(reach - covered);
    covered = reach;
  });
  return sizes;
}

/** Counts of one ring. */
export interface RingCounts {
  readonly kiosks: number;
  readonly applied: number;
  readonly failed: number;
  /** Told, no result yet. */
  readonly pending: number;
  /** Of `pending`, silent past the rollout's offline time. */
  readonly offline: number;
}

export interface RolloutProgress {
  readonly state: RolloutState;
  readonly currentRing: number;
  readonly ringCount: number;
  /** When the current ring had reported (ms), or null. */
  readonly ringSettledAt: number | null;
  readonly soakSeconds: number;
  readonly abort: AbortCriteria;
  /** Over every ring so far. */
  readonly applied: number;
  readonly failed: number;
  readonly ring: RingCounts;
}

/** What to do with a rollout now. */
export type RolloutStep =
  // nothing yet (a ring still waiting for reports or its soak; paused; finished)
  | { readonly kind: 'wait' }
  // the abort criteria are met
  | { readonly kind: 'abort'; readonly reason: string }
  // every kiosk of the current ring reported or is offline: its soak starts now
  | { readonly kind: 'settled' }
  // the soak passed: tell the next ring
  | { readonly kind: 'advance'; readonly ring: number }
  // the soak of the last ring passed
  | { readonly kind: 'complete' };

/** Whether the failures so far stop the rollout, and why (one line for people). */
export function abortReason(abort: AbortCriteria, applied: number, failed: number): string | undefined {
  const reported = applied + failed;
  if (reported < abort.minKiosks || reported === 0) return undefined;
  const percent = (failed * 100) / reported;
  if (percent <= abort.failurePercent) return undefined;
  return `${failed} of ${reported} kiosks that reported failed (${Math.round(percent)} %, more than ${abort.failurePercent} % once at least ${abort.minKiosks} reported)`;
}

/** True when no kiosk of the ring is still expected to report before the next ring may start. */
export function ringReported(ring: RingCounts): boolean {
  return ring.pending - ring.offline <= 0 && ring.applied + ring.failed + ring.pending >= ring.kiosks;
}

export function nextStep(progress: RolloutProgress, nowMs: number): RolloutStep {
  if (progress.state !== 'running' && progress.state !== 'paused') return { kind: 'wait' };
  // Failures stop a paused rollout too: pausing must never hide a bad bundle.
  const reason = abortReason(progress.abort, progress.applied, progress.failed);
  if (reason) return { kind: 'abort', reason };
  if (progress.state === 'paused') return { kind: 'wait' };
  if (!ringReported(progress.ring)) return { kind: 'wait' };
  if (progress.ringSettledAt === null) return { kind: 'settled' };
  if (nowMs < progress.ringSettledAt + progress.soakSeconds * 1000) return { kind: 'wait' };
  return progress.currentRing + 1 < progress.ringCount ? { kind: 'advance', ring: progress.currentRing + 1 } : { kind: 'complete' };
}
