import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONNECTIVITY_BACKOFF, fullJitterDelayMs, JOB_BACKOFF, MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs } from '../../../src-main/core/outbox/backoff';

describe('backoff with full jitter', () => {
  it('stays within [0, min(cap, base·2^(n-1))] for any failure count and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (failures, r) => {
        const d = fullJitterDelayMs(JOB_BACKOFF, failures, () => r);
        const ceiling = Math.min(JOB_BACKOFF.capMs, JOB_BACKOFF.baseMs * 2 ** Math.min(failures - 1, 30));
        return d >= 0 && d <= ceiling;
      }),
    );
  });

  it('grows exponentially until the cap', () => {
    const top = () => 0.999999;
    expect(fullJitterDelayMs(CONNECTIVITY_BACKOFF, 1, top)).toBe(999);
    expect(fullJitterDelayMs(CONNECTIVITY_BACKOFF, 3, top)).toBe(3999);
    expect(fullJitterDelayMs(CONNECTIVITY_BACKOFF, 50, top)).toBe(59_999);
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
});
