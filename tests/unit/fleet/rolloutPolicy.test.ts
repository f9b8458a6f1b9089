// The pure decisions of a rollout (platform/server/fleet/rolloutPolicy.ts): how targets split
// into rings, when failures abort it, and that a ring advances only after every kiosk in it
// reported (or went silent) and the soak time passed.
import { describe, expect, it } from 'vitest';
import { abortReason, nextStep, planRings, type RolloutProgress } from '../../../platform/server/fleet/rolloutPolicy';

const canaryTenAll = [{ kiosks: 1 }, { percent: 10 }, { percent: 100 }] as const;

function progress(overrides: Partial<RolloutProgress> = {}): RolloutProgress {
  return {
    state: 'running',
    currentRing: 0,
    ringCount: 3,
    ringSettledAt: null,
    soakSeconds: 60,
    abort: { failurePercent: 10, minKiosks: 1 },
    applied: 0,
    failed: 0,
    ring: { kiosks: 1, applied: 0, failed: 0, pending: 1, offline: 0 },
    ...overrides,
  };
}

describe('rings', () => {
  it('splits 1 canary → 10 % → all, rounding shares up', () => {
    expect(planRings(100, canaryTenAll)).toEqual([1, 9, 90]);
    expect(planRings(1000, canaryTenAll)).toEqual([1, 99, 900]);
    expect(planRings(25, canaryTenAll)).toEqual([1, 2, 22]);
  });

  it('drops rings that would be empty, and the last ring always takes the rest', () => {
    expect(planRings(3, canaryTenAll)).toEqual([1, 2]);
    expect(planRings(1, canaryTenAll)).toEqual([1]);
    expect(planRings(5, [{ kiosks: 2 }, { percent: 50 }])).toEqual([2, 3]);
    expect(planRings(4, [{ kiosks: 10 }, { percent: 100 }])).toEqual([4]);
    expect(planRings(0, canaryTenAll)).toEqual([]);
  });
});

describe('abort criteria', () => {
  it('aborts when more than the share of reporting kiosks failed, once enough reported', () => {
    expect(abortReason({ failurePercent: 10, minKiosks: 1 }, 0, 1)).toMatch(/1 of 1 kiosks that reported failed/);
    expect(abortReason({ failurePercent: 10, minKiosks: 5 }, 0, 1)).toBeUndefined();
    expect(abortReason({ failurePercent: 20, minKiosks: 5 }, 4, 1)).toBeUndefined(); // exactly 20 % is not more
    expect(abortReason({ failurePercent: 20, minKiosks: 5 }, 3, 2)).toMatch(/40 %/);
    expect(abortReason({ failurePercent: 100, minKiosks: 1 }, 0, 9)).toBeUndefined();
  });

  it('stops a paused rollout too, and a finished one never', () => {
    expect(nextStep(progress({ state: 'paused', failed: 1, ring: { kiosks: 1, applied: 0, failed: 1, pending: 0, offline: 0 } }), 0)).toMatchObject({ kind: 'abort' });
    expect(nextStep(progress({ state: 'completed', failed: 1 }), 0)).toEqual({ kind: 'wait' });
    expect(nextStep(progress({ state: 'aborted', failed: 1 }), 0)).toEqual({ kind: 'wait' });
  });
});

describe('advancing', () => {
  const reported = { kiosks: 1, applied: 1, failed: 0, pending: 0, offline: 0 };

  it('waits while a kiosk of the ring that is online has not reported', () => {
    expect(nextStep(progress(), 10_000_000)).toEqual({ kind: 'wait' });
    expect(nextStep(progress({ ring: { kiosks: 3, applied: 2, failed: 0, pending: 1, offline: 0 }, applied: 2 }), 10_000_000)).toEqual({ kind: 'wait' });
  });

  it('marks the ring reported, then advances only after the soak', () => {
    expect(nextStep(progress({ ring: reported, applied: 1 }), 1_000)).toEqual({ kind: 'settled' });
    const settled = progress({ ring: reported, applied: 1, ringSettledAt: 1_000 });
    expect(nextStep(settled, 60_999)).toEqual({ kind: 'wait' });
    expect(nextStep(settled, 61_000)).toEqual({ kind: 'advance', ring: 1 });
  });

  it('does not let a silent kiosk hold the ring back (it catches up when it returns)', () => {
    expect(nextStep(progress({ ring: { kiosks: 3, applied: 2, failed: 0, pending: 1, offline: 1 }, applied: 2 }), 5)).toEqual({ kind: 'settled' });
  });

  it('completes after the soak of the last ring; a paused rollout does not move', () => {
    expect(nextStep(progress({ currentRing: 2, ring: reported, applied: 3, ringSettledAt: 0 }), 60_000)).toEqual({ kind: 'complete' });
    expect(nextStep(progress({ state: 'paused', ring: reported, applied: 1, ringSettledAt: 0 }), 1e9)).toEqual({ kind: 'wait' });
  });
});
