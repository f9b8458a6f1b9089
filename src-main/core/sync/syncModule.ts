// The sync domain of the core: the engine that pushes the outbox to the central platform exactly
// once per record, the heartbeat (device statuses, queue depth, versions, PII retention; the fleet
// module attaches its commands and bundle versions to it), and the Queue.* API (queueApi.ts). Alerts and the platform client are their own
// modules, so domains that raise alerts or call the platform do not wait for sync.
import { AlertServiceId } from '../alerts/AlertService';
import { defineModule } from '../composition/CoreModule';
import { KioskIdentityId, OutboxId } from '../storage/storageServices';
import { APP_VERSION } from '../version';
import { Heartbeat, HeartbeatId } from './Heartbeat';
import { PlatformClientId } from './PlatformClient';
import { registerQueueApi } from './queueApi';
import { SyncEngine, SyncEngineId } from './SyncEngine';

export const syncModule = defineModule({
  name: 'sync',
  requires: { outbox: OutboxId, identity: KioskIdentityId, platform: PlatformClientId, alerts: AlertServiceId },
  provides: { engine: SyncEngineId, heartbeat: HeartbeatId },
  start(ctx, { outbox, identity, platform, alerts }) {
    const log = ctx.log.child('sync');
    const engine = new SyncEngine({
      outbox,
      client: platform,
      log,
      batchSize: ctx.config.sync.batchSize,
      onOnlineChange: (online) => ctx.capabilities.setPlatformOnline(online),
      onDeadLetters: (dead) => alerts.onDeadLetters(dead),
    });
    const heartbeat = new Heartbeat({
      intervalSeconds: ctx.config.sync.heartbeatSeconds,
      client: platform,
      engine,
      outbox,
      alerts,
      devices: ctx.deviceStatuses,
      dataDir: ctx.dataDir,
      versions: { app: APP_VERSION, config: ctx.config.configId },
      site: { level: ctx.config.kiosk.level, regionCode: ctx.config.kiosk.regionCode, hardware: [...new Set(ctx.config.devices.map((d) => `${d.class}/${d.driver}`))].slice(0, 30) },
      retentionHours: ctx.config.privacy.retentionHours,
      log: log.child('heartbeat'),
    });
    if (identity.registration()) {
      engine.start();
      heartbeat.start();
    } else {
      log.warn('sync.not_provisioned', { hint: 'budayang provision --platform URL --code CODE' });
    }
    ctx.onStop(async () => {
      await heartbeat.stop();
      await engine.stop();
    });
    registerQueueApi(ctx, { outbox, engine, platform, identity });
    return { engine, heartbeat };
  },
});
