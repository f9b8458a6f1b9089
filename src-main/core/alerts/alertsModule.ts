// The alerts domain of the core: turns device status changes into alert events in the outbox. Its
// own small module right after storage, so every domain that raises alerts (cash, fees, sync) can
// require it instead of looking it up late.
import { defineModule } from '../composition/CoreModule';
import { OutboxId } from '../storage/storageServices';
import { AlertService, AlertServiceId } from './AlertService';

export const alertsModule = defineModule({
  name: 'alerts',
  requires: { outbox: OutboxId },
  provides: { alerts: AlertServiceId },
  start(ctx, { outbox }) {
    const alerts = new AlertService(outbox, ctx.log.child('alerts'));
    for (const status of ctx.deviceStatuses.list()) alerts.onDeviceStatus(status, undefined);
    const subscription = ctx.deviceStatuses.onDidChange(({ status, previous }) => alerts.onDeviceStatus(status, previous));
    ctx.onStop(() => subscription.dispose());
    return { alerts };
  },
});
