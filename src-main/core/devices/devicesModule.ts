// The devices domain of the core: starts the device manager (ID card readers and scanners under
// supervision, with their simulators in demo modes) and serves its API (devicesApi.ts). A read
// card's de-duplicated command results are forgotten when the session ends.
import { defineModule } from '../composition/CoreModule';
import { registerDevicesApi } from './devicesApi';
import { DeviceManager, DeviceManagerId } from './DeviceManager';

export const devicesModule = defineModule({
  name: 'devices',
  provides: { devices: DeviceManagerId },
  start(ctx) {
    const manager = new DeviceManager({
      config: ctx.config,
      statuses: ctx.deviceStatuses,
      log: ctx.log.child('devices'),
      citizenSession: () => ctx.sessions.active?.info.sessionId,
    });
    manager.start();
    ctx.onStop(() => manager.stop());
    // De-duplicated command results hold the card too.
    ctx.sessions.onWipe(() => {
      for (const d of manager.list()) d.supervisor.forgetCommands();
    });
    registerDevicesApi(ctx, manager);
    return { devices: manager };
  },
});
