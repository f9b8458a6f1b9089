// The one backoff module: exponential growth to a cap, full or no jitter, Retry-After honoured
// (and capped), the stateful counter, and the core restart policy built on it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Backoff, backoffDelayMs, CORE_RESTART_POLICY, MAX_RETRY_AFTER_MS, nextRestart, parseRetryAfter, retryDelayMs, type BackoffPolicy } from '../../../src-common/backoff';
import { CONNECTIVITY_BACKOFF, JOB_BACKOFF } from '../../../src-main/core/outbox/retryPolicies';

describe('backoff', () => {
  it('stays within [floor, min(cap, base·2^(n-1))] for any failure count and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.constantFrom<BackoffPolicy>(JOB_BACKOFF, CONNECTIVITY_BACKOFF, CORE_RESTART_POLICY), (failures, r, policy) => {
        const d = backoffDelayMs(policy, failures, () => r);
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
        return d >= (policy.floorMs ?? 0) && d <= Math.max(ceiling, policy.floorMs ?? 0);
      }),
    );
  });

  it('grows exponentially until the cap, scaled by the random draw', () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(CONNECTIVITY_BACKOFF, 1, top)).toBe(999);
    expect(backoffDelayMs(CONNECTIVITY_BACKOFF, 3, top)).toBe(3999);
    expect(backoffDelayMs(CONNECTIVITY_BACKOFF, 50, top)).toBe(59_999);
    expect(backoffDelayMs(CONNECTIVITY_BACKOFF, 3, () => 0.5)).toBe(2000);
    expect(backoffDelayMs({ baseMs: 100, capMs: 1000, floorMs: 50, jitter: 'full' }, 3, () => 0)).toBe(50);
  });

  it('without jitter doubles exactly: a predictable schedule for one local device', () => {
    const policy: BackoffPolicy = { baseMs: 100, capMs: 1000, jitter: 'none' };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('counts consecutive failures and starts over after a success', () => {
    const backoff = new Backoff({ baseMs: 100, capMs: 1000, jitter: 'none' });
    expect([backoff.nextDelayMs(), backoff.nextDelayMs(), backoff.nextDelayMs()]).toEqual([100, 200, 400]);
    expect(backoff.consecutiveFailures).toBe(3);
    backoff.reset();
    expect(backoff.nextDelayMs()).toBe(100);
  });

  it('never waits less than Retry-After, but caps an absurd one', () => {
    expect(retryDelayMs(CONNECTIVITY_BACKOFF, 1, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(CONNECTIVITY_BACKOFF, 1, 10 * 24 * 3_600_000, () => 0)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-26T08:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('restarts quickly, backs off on repeated crashes, resets after a healthy run', () => {
    let attempt = 0;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = nextRestart(CORE_RESTART_POLICY, attempt, 1000, () => 0.999999);
      delays.push(next.delayMs);
      attempt = next.attempt;
    }
    expect(delays[0]).toBe(199);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)).toBeLessThanOrEqual(CORE_RESTART_POLICY.capMs);
    expect(nextRestart(CORE_RESTART_POLICY, attempt, CORE_RESTART_POLICY.healthyAfterMs, () => 0.999999)).toEqual({ delayMs: 199, attempt: 1 });
  });
});
