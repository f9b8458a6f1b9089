// The safe point (sessions defer everything but urgent work; cash-ins and prints defer even that;
// a maintenance window when asked) and the health gate (what was available must come back).
import { describe, expect, it } from 'vitest';
import { EnabledServices } from '../../../kiosk-config/schema';
import type { ServiceAvailability } from '../../../src-common/api/kiosk';
import { evaluateHealth, watchHealthGate } from '../../../src-main/core/fleet/healthGate';
import { SafePoint } from '../../../src-main/core/fleet/SafePoint';
import { ManualTimers } from './support/fleetFixtures';

function rig() {
  const busy = { session: false, cashIn: false };
  const timers = new ManualTimers();
  const safePoint = new SafePoint({ timers, pollMs: 500 });
  safePoint.addProbe({ name: 'session', weight: 'session', busy: () => (busy.session ? 'a citizen session is active' : undefined) });
  safePoint.addProbe({ name: 'cashIn', weight: 'transaction', busy: () => (busy.cashIn ? 'a cash-in is in progress' : undefined) });
  return { busy, timers, safePoint };
}

describe('SafePoint', () => {
  it('is safe with nothing busy, and names every busy probe otherwise', () => {
    const { busy, safePoint } = rig();
    expect(safePoint.check()).toEqual({ safe: true });
    busy.session = true;
    busy.cashIn = true;
    expect(safePoint.check()).toEqual({ safe: false, busy: ['session: a citizen session is active', 'cashIn: a cash-in is in progress'] });
  });

  it('lets urgent work through a session, never through a transaction', () => {
    const { busy, safePoint } = rig();
    busy.session = true;
    expect(safePoint.check({ urgent: true })).toEqual({ safe: true });
    busy.cashIn = true;
    expect(safePoint.check({ urgent: true })).toEqual({ safe: false, busy: ['cashIn: a cash-in is in progress'] });
  });

  it('waits outside the maintenance window when the work needs one', () => {
    const { safePoint } = rig();
    expect(safePoint.check({ inMaintenanceWindow: () => false })).toEqual({ safe: false, busy: ['outside the maintenance window'] });
    expect(safePoint.check({ inMaintenanceWindow: () => true })).toEqual({ safe: true });
  });

  it('resolves a waiter once the session ends, telling it once why it waits', async () => {
    const { busy, timers, safePoint } = rig();
    busy.session = true;
    const waiting: (readonly string[])[] = [];
    let resolved: boolean | undefined;
    void safePoint.whenSafe({}, new AbortController().signal, (b) => waiting.push(b)).then((r) => (resolved = r));
    timers.fire();
    timers.fire();
    await Promise.resolve();
    expect(resolved).toBeUndefined();
    busy.session = false;
    timers.fire();
    await Promise.resolve();
    expect(resolved).toBe(true);
    expect(waiting).toEqual([['session: a citizen session is active']]);
    expect(timers.count).toBe(0);
  });

  it('resolves false when aborted while waiting', async () => {
    const { busy, timers, safePoint } = rig();
    busy.cashIn = true;
    const abort = new AbortController();
    const waiting = safePoint.whenSafe({}, abort.signal);
    abort.abort();
    expect(await waiting).toBe(false);
    expect(timers.count).toBe(0);
  });
});

const services = (available: Partial<Record<ServiceAvailability['service'], boolean>>): ServiceAvailability[] =>
  (['apply', 'bundle', 'pay', 'pickup', 'proof', 'query'] as const).map((service) => ({ service, available: available[service] ?? false, ...(available[service] ? {} : { reasonKey: 'reason.deviceOffline' }) }));

describe('health gate', () => {
  const baseline = { availableServices: ['apply', 'pay'] as ServiceAvailability['service'][], platformOnline: true };
  const enabled = EnabledServices.parse({});

  it('passes when every service that was available is back and the platform is reachable', () => {
    expect(evaluateHealth(baseline, { services: services({ apply: true, pay: true }), platformOnline: true }, enabled)).toEqual({ healthy: true });
  });

  it('names each missing service and an unreachable platform', () => {
    expect(evaluateHealth(baseline, { services: services({ pay: true }), platformOnline: false }, enabled)).toEqual({ healthy: false, failing: ['service apply unavailable (reason.deviceOffline)', 'central platform unreachable'] });
  });

  it('does not expect back a service the new config switched off, nor a platform that was not reachable', () => {
    expect(evaluateHealth({ ...baseline, platformOnline: false }, { services: services({ pay: true }), platformOnline: false }, EnabledServices.parse({ apply: false }))).toEqual({ healthy: true });
  });

  it('watches until healthy, or reports what is missing at the deadline', async () => {
    const timers = new ManualTimers();
    let now = 0;
    let reading = { services: services({}), platformOnline: true };
    const watch = (deadlineMs: number) => watchHealthGate({ baseline, enabled, read: () => reading, deadlineMs, now: () => now, pollMs: 1000, timers, signal: new AbortController().signal });

    const healthy = watch(60_000);
    now = 5_000;
    timers.fire();
    reading = { services: services({ apply: true, pay: true }), platformOnline: true };
    now = 6_000;
    timers.fire();
    expect(await healthy).toEqual({ healthy: true });

    reading = { services: services({ pay: true }), platformOnline: true };
    const failing = watch(now + 3_000);
    for (let i = 0; i < 3; i++) {
      now += 1_000;
      timers.fire();
    }
    expect(await failing).toEqual({ healthy: false, failing: ['service apply unavailable (reason.deviceOffline)'] });
    expect(timers.count).toBe(0);
  });
});
