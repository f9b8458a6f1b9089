// The composition root (src-main/core/composition): the start order follows from what modules
// provide and require, a missing provider, a duplicate provider or a cycle refuses the start with
// the modules named, modules stop in reverse, and a failed start stops what had started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineModule, type CoreModule } from '../../../src-main/core/composition/CoreModule';
import { describePlanError, planModuleStart } from '../../../src-main/core/composition/planModuleStart';
import { serviceId, type ServiceMap } from '../../../src-main/core/composition/serviceId';
import { startModules } from '../../../src-main/core/composition/startModules';
import { createKioskCore } from '../../../src-main/core/createKioskCore';
import type { CoreContext } from '../../../src-main/core/CoreContext';
import { coreModules } from '../../../src-main/core/modules';
import { cashModule } from '../../../src-main/core/payments/cashModule';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { CashServiceId } from '../../../src-main/core/payments/CashService';
import { silentLogger } from '../../../src-common/logging';
import { ok } from '../../../src-common/result';

const Clock = serviceId<{ now(): number }>('clock');
const Store = serviceId<{ put(v: string): void; values: string[] }>('store');
const Reporter = serviceId<{ report(): string }>('reporter');
const Audit = serviceId<string[]>('audit');

/** A module that only records its start and stop in `events`. */
function recording(events: string[], name: string, deps: { requires?: ServiceMap; optional?: ServiceMap; provides?: ServiceMap }): CoreModule {
  return defineModule({
    name,
    ...(deps.requires ? { requires: deps.requires } : {}),
    ...(deps.optional ? { optional: deps.optional } : {}),
    ...(deps.provides ? { provides: deps.provides } : {}),
    start(ctx, resolved) {
      events.push(`start ${name} with [${Object.keys(resolved).sort().join(',')}]`);
      ctx.onStop(() => void events.push(`stop ${name}`));
      return Object.fromEntries(Object.keys(deps.provides ?? {}).map((k) => [k, `${name}.${k}`])) as never;
    },
  });
}

const names = (modules: readonly CoreModule[]) => modules.map((m) => m.name);

/** The facilities a module may touch in these tests; the modules here use only `onStop`. */
const bareContext = { log: silentLogger } as unknown as CoreContext;

describe('module start order', () => {
  it('starts providers before the modules that require them, whatever the listed order', () => {
    const events: string[] = [];
    const plan = planModuleStart([
      recording(events, 'report', { requires: { store: Store, clock: Clock } }),
      recording(events, 'store', { requires: { clock: Clock }, provides: { store: Store } }),
      recording(events, 'clock', { provides: { clock: Clock } }),
    ]);
    expect(plan.ok && names(plan.value)).toEqual(['clock', 'store', 'report']);
  });

  it('keeps the listed order between modules that do not depend on each other', () => {
    const plan = planModuleStart([recording([], 'b', {}), recording([], 'a', {}), recording([], 'c', { provides: { clock: Clock } })]);
    expect(plan.ok && names(plan.value)).toEqual(['b', 'a', 'c']);
  });

  it('starts a module after the provider of an optional service, and without it when nobody provides it', async () => {
    const events: string[] = [];
    const user = recording(events, 'user', { optional: { audit: Audit } });
    const withAudit = planModuleStart([user, recording(events, 'audit', { provides: { audit: Audit } })]);
    expect(withAudit.ok && names(withAudit.value)).toEqual(['audit', 'user']);
    await startModules([user], bareContext);
    expect(events).toEqual(['start user with []']);
  });

  it('refuses a required service that no module provides, naming both', () => {
    const plan = planModuleStart([recording([], 'report', { requires: { store: Store } })]);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.error).toEqual({ kind: 'missingProvider', module: 'report', service: 'store' });
    expect(describePlanError(plan.error)).toBe('module "report" requires the service "store", which no listed module provides');
  });

  it('refuses a dependency cycle and names the modules around it', () => {
    const plan = planModuleStart([
      recording([], 'clock', { provides: { clock: Clock } }),
      recording([], 'store', { requires: { reporter: Reporter }, provides: { store: Store } }),
      recording([], 'reporter', { requires: { store: Store, clock: Clock }, provides: { reporter: Reporter } }),
    ]);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.error).toEqual({ kind: 'cycle', modules: ['store', 'reporter', 'store'] });
    expect(describePlanError(plan.error)).toBe('modules depend on each other in a cycle: store → reporter → store');
  });

  it('refuses a service provided twice, and a module listed twice', () => {
    const twice = planModuleStart([recording([], 'a', { provides: { clock: Clock } }), recording([], 'b', { provides: { clock: Clock } })]);
    expect(!twice.ok && twice.error).toEqual({ kind: 'duplicateProvider', service: 'clock', modules: ['a', 'b'] });
    const a = recording([], 'a', {});
    const listedTwice = planModuleStart([a, a]);
    expect(!listedTwice.ok && listedTwice.error).toEqual({ kind: 'duplicateModule', module: 'a' });
  });
});

describe('starting and stopping modules', () => {
  it('hands each module exactly its declared services and stops in reverse order', async () => {
    const events: string[] = [];
    const started = await startModules(
      [
        recording(events, 'report', { requires: { store: Store }, optional: { audit: Audit } }),
        recording(events, 'store', { requires: { clock: Clock }, provides: { store: Store } }),
        recording(events, 'clock', { provides: { clock: Clock } }),
      ],
      bareContext,
    );
    expect(started.order).toEqual(['clock', 'store', 'report']);
    expect(started.service(Store)).toBe('store.store');
    expect(started.service(Audit)).toBeUndefined();
    await started.stop();
    expect(events).toEqual(['start clock with []', 'start store with [clock]', 'start report with [store]', 'stop report', 'stop store', 'stop clock']);
  });

  it('runs one module’s stop hooks in reverse order of registration, and the others despite a failing hook', async () => {
    const events: string[] = [];
    const module = defineModule({
      name: 'hooks',
      start(ctx) {
        ctx.onStop(() => void events.push('first registered'));
        ctx.onStop(() => {
          throw new Error('hook failed');
        });
        ctx.onStop(() => void events.push('last registered'));
      },
    });
    const started = await startModules([recording(events, 'before', {}), module], bareContext);
    await started.stop();
    expect(events).toEqual(['start before with []', 'last registered', 'first registered', 'stop before']);
  });

  it('when a module fails to start, stops the modules already started (in reverse) and names the failing one', async () => {
    const events: string[] = [];
    const failing = defineModule({
      name: 'broken',
      requires: { store: Store },
      start() {
        throw new Error('the catalog file is invalid');
      },
    });
    const start = startModules([recording(events, 'clock', { provides: { clock: Clock } }), recording(events, 'store', { requires: { clock: Clock }, provides: { store: Store } }), failing], bareContext);
    await expect(start).rejects.toThrow('broken: the catalog file is invalid');
    expect(events).toEqual(['start clock with []', 'start store with [clock]', 'stop store', 'stop clock']);
  });

  it('refuses a module that does not return a service it declares', async () => {
    const liar = defineModule({ name: 'liar', provides: { clock: Clock }, start: () => ({}) as never });
    await expect(startModules([liar], bareContext)).rejects.toThrow('liar: it did not provide "clock"');
  });
});

describe('the core’s own modules', () => {
  it('form a valid plan: storage before alerts, alerts and the platform before the domains that need them', () => {
    const plan = planModuleStart(coreModules);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const order = names(plan.value);
    const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    before('storage', 'alerts');
    before('alerts', 'payments.cash');
    before('payments.cash', 'payments.fees');
    before('applications', 'payments.fees');
    before('platform', 'payments.fees');
    before('platform', 'sync');
    before('printing', 'proofs');
    before('devices', 'payments.fees');
  });

  it('a core started with the cash module but without its alerts refuses to start and says what is missing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-composition-'));
    await expect(createKioskCore({ dataDir, profile: 'test', logger: { logDir: false }, modules: [storageModule, cashModule] })).rejects.toThrow(
      'module "payments.cash" requires the service "alerts", which no listed module provides',
    );
  });

  it('a key provider supplied by the shell is the one the storage module uses', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-composition-'));
    let asked = 0;
    const keyProvider = { kind: 'test', loadOrCreateKey: () => (asked++, ok(Buffer.alloc(32, 7))) };
    const core = await createKioskCore({ dataDir, profile: 'test', logger: { logDir: false }, modules: [storageModule], keyProvider });
    try {
      expect(asked).toBe(1);
      expect(core.modules).toEqual(['shell.keyProvider', 'storage']);
      expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('data.key'))).toEqual([]);
    } finally {
      await core.stop();
    }
  });

  it('a core reports its modules in start order and hands out their services', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-composition-'));
    const core = await createKioskCore({ dataDir, profile: 'test', logger: { logDir: false }, modules: [cashModule, alertsModule, storageModule] });
    try {
      expect(core.modules).toEqual(['storage', 'alerts', 'payments.cash']);
      expect(core.service(CashServiceId)?.deviceId).toBe('bill-acceptor');
    } finally {
      await core.stop();
    }
  });
});
