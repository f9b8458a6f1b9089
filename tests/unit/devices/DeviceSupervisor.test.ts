import { afterEach, describe, expect, it } from 'vitest';
import { DeviceSupervisor, type DeviceHealth, type DeviceLink } from '../../../src-main/core/devices/DeviceSupervisor';
import { Emitter } from '../../../src-common/event';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { openTransport } from '../../../src-main/core/devices/openTransport';
import { IdCardSimulator } from '../../../drivers/idcard/IdCardSimulator';
import { SamIdCardReader } from '../../../drivers/idcard/SamIdCardReader';
import { silentLogger } from '../../../src-common/logging';
import { err, ok } from '../../../src-common/result';
import type { DeviceState } from '../../../src-common/domain/device';
import { until as waitUntil } from '../../support/until';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

function supervised(options: { citizenSession?: () => string | undefined; timings?: { healthCheckIntervalMs?: number; reconnectInitialDelayMs?: number; reconnectMaxDelayMs?: number } } = {}) {
  const simulator = new IdCardSimulator();
  const statuses = new DeviceStatusBoard();
  const history: DeviceState[] = [];
  statuses.onDidChange(({ status }) => history.push(status.state));
  let opens = 0;
  const supervisor = new DeviceSupervisor<SamIdCardReader>({
    deviceId: 'id-reader',
    deviceClass: 'idCardReader',
    statuses,
    log: silentLogger,
    initialDetail: { kind: 'cardReader', cardPresent: false, samOk: false },
    open: () => {
      opens++;
      return openTransport({ kind: 'simulator', options: {} }, { label: 'id-reader', simulator });
    },
    attach: (t) => new SamIdCardReader(t, { log: silentLogger, timings: { commandReplyMs: 100 } }),
    detach: (r) => r.dispose(),
    inspect: async (r, signal) => {
      const sam = await r.checkSam(signal);
      return sam.ok ? ok({ detail: { kind: 'cardReader', cardPresent: false, samOk: true } }) : err({ state: 'offline', reason: sam.error.kind, reconnect: true });
    },
    citizenSession: options.citizenSession ?? (() => undefined),
    timings: { reconnectInitialDelayMs: 20, reconnectMaxDelayMs: 200, ...options.timings },
  });
  stops.push(() => supervisor.stop());
  return { simulator, statuses, history, supervisor, opens: () => opens };
}

const until = (check: () => boolean, ms = 3000): Promise<void> => waitUntil(check, 'the condition', ms, 10);

describe('DeviceSupervisor', () => {
  it('opens, inspects, goes online, and refuses commands while offline', async () => {
    const s = supervised();
    expect((await s.supervisor.run({}, async () => ok(1))).ok).toBe(false);
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    expect(s.statuses.get('id-reader')).toMatchObject({ state: 'online', detail: { samOk: true } });
    expect((await s.supervisor.run({}, async () => ok(1)))).toEqual({ ok: true, value: 1 });
  });

  it('goes offline on unplug, retries with backoff, and comes back online after replug', async () => {
    const s = supervised();
    const delays: number[] = [];
    const opensWhenScheduled: number[] = [];
    s.supervisor.onDidScheduleReconnect((delay) => {
      delays.push(delay);
      opensWhenScheduled.push(s.opens());
    });
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    await s.simulator.unplug();
    await until(() => s.statuses.get('id-reader')!.state === 'offline');
    // Each failed open doubles the wait up to the cap: a handful of attempts, not a busy loop.
    await until(() => delays.length >= 5);
    expect(delays.slice(0, 5)).toEqual([20, 40, 80, 160, 200]);
    // One open attempt per scheduled delay, never more.
    expect(opensWhenScheduled.slice(0, 5).map((n) => n - opensWhenScheduled[0]!)).toEqual([0, 1, 2, 3, 4]);
    s.simulator.replug();
    await until(() => s.supervisor.isOnline, 1000);
    // The offline reason may be refined (link closed → open refused); the state sequence is what matters.
    expect(s.history.filter((state, i) => state !== s.history[i - 1])).toEqual(['online', 'offline', 'online']);
  });

  it('a silent device is reconnected by the idle health probe', async () => {
    const s = supervised({ timings: { healthCheckIntervalMs: 50 } });
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    s.simulator.setFault('silent', 3);
    await until(() => s.statuses.get('id-reader')!.state === 'offline');
    await until(() => s.supervisor.isOnline);
  });

  it('de-duplicates a repeated commandId and runs commands one at a time', async () => {
    const s = supervised();
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    // Each command holds the device until the test opens its gate.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const command = async () => {
      runs++;
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await gate;
      concurrent--;
      return ok(runs);
    };
    const all = Promise.all([s.supervisor.run({ commandId: 'x' }, command), s.supervisor.run({ commandId: 'x' }, command), s.supervisor.run({ commandId: 'y' }, command)]);
    await until(() => runs === 1);
    openGate();
    const [a, b, c] = await all;
    expect(a).toEqual(b);
    expect(runs).toBe(2);
    expect(c.ok).toBe(true);
    expect(maxConcurrent).toBe(1);
    s.supervisor.forgetCommands();
    await s.supervisor.run({ commandId: 'x' }, command);
    expect(runs).toBe(3);
  });

  it('grants a lease unless a citizen transaction uses the device; the lease holder may run, others may not', async () => {
    let session: string | undefined = 's1';
    const s = supervised({ citizenSession: () => session });
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    // A session that has not touched the device does not hold it.
    const untouched = s.supervisor.acquireLease('tech');
    if (!untouched.ok) throw new Error('lease refused for a device the session never used');
    expect(s.supervisor.releaseLease(untouched.value)).toBe(true);
    // Once the session ran a command on it, the device is the citizen's until the session ends.
    expect((await s.supervisor.run({}, async () => ok('citizen read'))).ok).toBe(true);
    const refused = s.supervisor.acquireLease('tech');
    expect(refused.ok ? undefined : refused.error.code).toBe('sequenceError');
    session = 's2';
    const lease = s.supervisor.acquireLease('tech');
    if (!lease.ok) throw new Error('lease refused');
    expect(s.statuses.get('id-reader')!.state).toBe('deviceBusy');
    expect(s.supervisor.acquireLease('other').ok).toBe(false);
    expect((await s.supervisor.run({}, async () => ok(1))).ok).toBe(false);
    expect((await s.supervisor.run({ lease: lease.value }, async () => ok(2)))).toEqual({ ok: true, value: 2 });
    expect(s.supervisor.releaseLease(lease.value)).toBe(true);
    expect(s.statuses.get('id-reader')!.state).toBe('online');
  });

  it('refuses a lease while a citizen command is queued or running, even between sessions', async () => {
    const s = supervised();
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    let finish: (() => void) | undefined;
    const running = s.supervisor.run<string>({}, () => new Promise((resolve) => (finish = () => resolve(ok('printed')))));
    expect(s.supervisor.inCitizenUse).toBe(true);
    expect(s.supervisor.acquireLease('tech').ok).toBe(false);
    await until(() => finish !== undefined);
    expect(s.supervisor.acquireLease('tech').ok).toBe(false);
    finish!();
    await running;
    expect(s.supervisor.inCitizenUse).toBe(false);
    expect(s.supervisor.acquireLease('tech').ok).toBe(true);
  });
});

describe('DeviceSupervisor.reconnectNow', () => {
  it('skips the remaining backoff when discovery sees the device again', async () => {
    // A 5 s backoff: without reconnectNow nothing would happen within the test.
    const s = supervised({ timings: { reconnectInitialDelayMs: 5000, reconnectMaxDelayMs: 5000 } });
    void s.supervisor.start();
    await until(() => s.supervisor.isOnline);
    await s.simulator.unplug();
    await until(() => s.statuses.get('id-reader')!.state === 'offline');
    s.simulator.replug();
    s.supervisor.reconnectNow();
    // Online well before the 5 s backoff could have elapsed.
    await until(() => s.supervisor.isOnline, 2500);
  });
});

describe('DeviceSupervisor with any link and a self-reporting driver', () => {
  it('publishes what the driver reports, runs evenIfFaulted commands only, and reconnects on a reported loss', async () => {
    const statuses = new DeviceStatusBoard();
    const reports = new Emitter<DeviceHealth>();
    let links = 0;
    const supervisor = new DeviceSupervisor<{ readonly id: number }, DeviceLink>({
      deviceId: 'acceptor',
      deviceClass: 'billAcceptor',
      statuses,
      log: silentLogger,
      initialDetail: { kind: 'none' },
      open: async () => {
        const closed = new Emitter<Error | undefined>();
        return ok({ onClose: closed.event, close: async () => closed.fire(undefined) });
      },
      attach: () => ({ id: ++links }),
      inspect: async () => ok({ detail: { kind: 'none' } }),
      watch: (_driver, report) => reports.event(report),
      detach: () => undefined,
      citizenSession: () => undefined,
      timings: { reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 10 },
    });
    stops.push(() => supervisor.stop());
    const connected: number[] = [];
    supervisor.onDidConnect((driver) => connected.push(driver.id));
    await supervisor.start();
    expect(connected).toEqual([1]);
    reports.fire(err({ state: 'userError', reason: 'stacker full' }));
    expect(statuses.get('acceptor')).toMatchObject({ state: 'userError', reason: 'stacker full' });
    expect((await supervisor.run({}, async () => ok('enable'))).ok).toBe(false);
    expect(await supervisor.run({ evenIfFaulted: true }, async () => ok('disable'))).toEqual({ ok: true, value: 'disable' });
    reports.fire(err({ state: 'offline', reason: 'no reply to POLL', reconnect: true }));
    await until(() => connected.length === 2);
    expect(supervisor.driver).toEqual({ id: 2 });
    expect(statuses.get('acceptor')?.state).toBe('online');
  });
});
