// Two core modules: `storageModule` (first: opens the database and the outbox so every domain can
// write business rows with their outbox jobs) and `syncModule` (after devices and printing:
// embedded platform in the demo, sync engine, heartbeat, alerts, Queue.* API).
import path from 'node:path';
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext, CoreModule } from '../CoreContext';
import { AlertService } from '../alerts/AlertService';
import { APP_VERSION } from '../version';
import { Heartbeat } from './Heartbeat';
import { openSyncStack, type SyncStack } from './openSyncStack';
import { PlatformClient, provisionKiosk, describeFailure } from './PlatformClient';
import { RemoteConfigPuller } from './RemoteConfigPuller';
import { SyncEngine } from './SyncEngine';

const stacks = new WeakMap<CoreContext, SyncStack>();

export const storageModule: CoreModule = {
  name: 'storage',
  start(ctx) {
    const opened = openSyncStack({ dataDir: ctx.dataDir, log: ctx.log, ...(ctx.services.keyProvider ? { keyProvider: ctx.services.keyProvider } : {}) });
    if (!opened.ok) throw new Error(`storage: ${opened.error}`);
    const stack = opened.value;
    stacks.set(ctx, stack);
    ctx.services.db = stack.db;
    ctx.services.outbox = stack.outbox;
    // Here, not in the sync module: money domains raise alerts while they start (boot reconcilers).
    ctx.services.alerts = new AlertService(stack.outbox, ctx.log.child('alerts'));
    ctx.onShutdown(() => stack.close());
  },
};

export const syncModule: CoreModule = {
  name: 'sync',
  async start(ctx) {
    const stack = stacks.get(ctx);
    if (!stack) throw new Error('sync: the storage module must start first');
    const log = ctx.log.child('sync');
    const { outbox, identity, db } = stack;
    const alerts = ctx.services.alerts ?? new AlertService(outbox, ctx.log.child('alerts'));
    ctx.services.alerts = alerts;
    for (const status of ctx.deviceStatuses.list()) alerts.onDeviceStatus(status, undefined);
    const unsubscribe = ctx.deviceStatuses.onDidChange((status, previous) => alerts.onDeviceStatus(status, previous));
    ctx.onShutdown(unsubscribe);

    await connectPlatform(ctx, stack);

    const client = new PlatformClient({ identity });
    ctx.services.platform = client;
    const engine = new SyncEngine({
      outbox,
      client,
      log,
      batchSize: ctx.config.sync.batchSize,
      onOnlineChange: (online) => ctx.capabilities.setPlatformOnline(online),
      onDeadLetters: (dead) => alerts.onDeadLetters(dead),
    });
    const heartbeat = new Heartbeat({
      intervalSeconds: ctx.config.sync.heartbeatSeconds,
      client,
      engine,
      outbox,
      alerts,
      devices: ctx.deviceStatuses,
      configPuller: new RemoteConfigPuller(db, client, identity),
      dataDir: ctx.dataDir,
      versions: { app: APP_VERSION, config: ctx.config.configId },
      retentionHours: ctx.config.privacy.retentionHours,
      log: log.child('heartbeat'),
    });
    if (identity.registration()) {
      engine.start();
      heartbeat.start();
    } else {
      log.warn('sync.not_provisioned', { hint: 'budayang provision --platform URL --code CODE' });
    }
    ctx.onShutdown(async () => {
      await heartbeat.stop();
      await engine.stop();
    });

    ctx.router.register('Queue.Status', async () => {
      const s = outbox.status();
      return ok({
        pending: s.pending,
        inFlight: s.inFlight,
        deadLetter: s.deadLetter,
        acknowledged: s.acknowledged,
        oldestPendingAgeSeconds: s.oldestPendingAgeSeconds,
        lastSyncAt: s.lastSyncAt,
        platformOnline: engine.isOnline,
        nextAttemptAt: engine.nextAttemptAt > Date.now() ? new Date(engine.nextAttemptAt).toISOString() : null,
        refusingNewWork: s.refusingNewWork,
      });
    });
    ctx.router.register('Queue.RetryDead', async () => {
      const revived = outbox.retryDeadLetters();
      return revived.ok ? ok({ revived: revived.value }) : err(apiError('hardwareError', revived.error.message));
    });
    ctx.router.register('Queue.Flush', async () => {
      const outcome = await engine.flushNow();
      return ok({
        outcome: outcome.kind,
        delivered: outcome.delivered,
        ...(outcome.kind === 'failed' ? { detail: describeFailure(outcome.failure) } : outcome.kind === 'storageError' ? { detail: outcome.message } : {}),
      });
    });
  },
};

/**
 * Demo profile: starts the reference platform inside the core on `sync.embeddedPlatformPort` and
 * provisions this kiosk with it, so `npm start` syncs out of the box. The platform is loaded with
 * a dynamic import only in this case (a deliberate, demo-only exception to core ↛ platform).
 */
async function connectPlatform(ctx: CoreContext, stack: SyncStack): Promise<void> {
  const port = ctx.config.sync.embeddedPlatformPort;
  if (port === undefined) return;
  if (ctx.config.mode === 'production') throw new Error('sync: production profiles may not embed the reference platform');
  const { createPlatformServer } = await import('../../../platform/server/createPlatformServer');
  const platform = await createPlatformServer({ dataDir: path.join(ctx.dataDir, 'embedded-platform'), port });
  ctx.onShutdown(() => platform.close());
  const registration = stack.identity.registration();
  if (registration?.platformUrl === platform.url) return;
  const provisioned = await provisionKiosk(stack.identity, platform.url, { code: platform.createProvisioningCode(), kioskCode: ctx.config.kiosk.code, appVersion: APP_VERSION });
  if (!provisioned.ok) throw new Error(`sync: cannot provision with the embedded platform: ${describeFailure(provisioned.error)}`);
  ctx.log.info('sync.embedded_platform', { url: platform.url, kioskId: provisioned.value.kioskId });
}
