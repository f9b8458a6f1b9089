// Backoff with full jitter and the core restart policy.
import { describe, expect, it } from 'vitest';
import { CORE_RESTART_POLICY, fullJitterDelay, nextRestart } from '../../../src-common/backoff';

describe('backoff', () => {
  it('grows exponentially up to the cap, scaled by the random draw', () => {
    const p = { baseMs: 100, capMs: 1000 };
    expect(fullJitterDelay(p, 0, () => 1)).toBe(100);
    expect(fullJitterDelay(p, 3, () => 1)).toBe(800);
    expect(fullJitterDelay(p, 10, () => 1)).toBe(1000);
    expect(fullJitterDelay(p, 3, () => 0.5)).toBe(400);
    expect(fullJitterDelay({ ...p, floorMs: 50 }, 3, () => 0)).toBe(50);
  });

  it('restarts quickly, backs off on repeated crashes, resets after a healthy run', () => {
    let attempt = 0;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = nextRestart(CORE_RESTART_POLICY, attempt, 1000, () => 1);
      delays.push(next.delayMs);
      attempt = next.attempt;
    }
    expect(delays[0]).toBe(200);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)).toBeLessThanOrEqual(CORE_RESTART_POLICY.capMs);
    expect(nextRestart(CORE_RESTART_POLICY, attempt, CORE_RESTART_POLICY.healthyAfterMs, () => 1)).toEqual({ delayMs: 200, attempt: 1 });
  });
});
