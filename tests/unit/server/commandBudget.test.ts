// The per-connection command rate: a burst, then a steady refill, on an injected clock.
import { describe, expect, it } from 'vitest';
import { CommandBudget } from '../../../src-main/server/apiConnection';
import { BootstrapCodes } from '../../../src-main/server/BootstrapCodes';

describe('CommandBudget', () => {
  it('allows the burst at once, then one command per 1/rate seconds, never more than the burst', () => {
    let now = 0;
    const budget = new CommandBudget(10, 3, () => now);
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
    expect(budget.msUntilNext()).toBe(100);
    now += 100;
    expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    now += 60_000; // a long quiet spell refills only up to the burst
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
  });
});

describe('BootstrapCodes', () => {
  it('issues distinct 128-bit codes and keeps only the newest outstanding ones', () => {
    const codes = new BootstrapCodes(() => 0);
    const issued = Array.from({ length: 20 }, () => codes.issue());
    expect(new Set(issued).size).toBe(20);
    for (const code of issued) expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(codes.redeem(issued[0]!)).toEqual({ ok: false, reason: 'unknown' });
    expect(codes.redeem(issued[19]!)).toEqual({ ok: true });
  });
});
