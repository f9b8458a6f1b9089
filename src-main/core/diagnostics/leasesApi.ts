// Technician.LeaseDevice / RenewLease / ReleaseLease / Leases (docs/technicians.md): a device held
// for a session of work. The lease ends with the technician's connection, their exit from
// diagnostics mode, or its timeout; every start and end is audited.
import { apiError } from '../../../src-common/api/envelope';
import type { HeldLeaseView } from '../../../src-common/api/technician';
import { err, ok } from '../../../src-common/result';
import type { ModuleContext } from '../composition/CoreModule';
import { DiagnosticsLeases, type HeldLease, type LeasableDevice } from './DiagnosticsLeases';
import type { TechnicianDesk } from './technicianDesk';

/** How often due leases are ended: a second late is no harm; the clock itself is injectable in DiagnosticsLeases. */
const EXPIRY_CHECK_MS = 1000;

export function viewOf(held: HeldLease): HeldLeaseView {
  return {
    leaseId: held.lease.leaseId,
    deviceId: held.lease.deviceId,
    holder: held.holder.label,
    technicianId: held.holder.technicianId,
    grantedAt: new Date(held.grantedAt).toISOString(),
    expiresAt: new Date(held.expiresAt).toISOString(),
  };
}

/** Who holds a lease, as the status board and the log show it. */
export function holderLabel(connection: { readonly id: string; readonly role?: string }): string {
  return connection.role === 'technician' ? `technician CLI (${connection.id})` : `technician screen (${connection.id})`;
}

export function registerLeaseApi(ctx: ModuleContext, devices: () => readonly LeasableDevice[], desk: TechnicianDesk | undefined): DiagnosticsLeases {
  const leases = new DiagnosticsLeases({
    devices,
    log: ctx.log.child('leases'),
    onEnded: (held, reason) =>
      desk?.audit({ action: 'lease', channel: held.holder.technicianId === 'cli' ? 'control' : 'screen', technicianId: held.holder.technicianId, deviceId: held.lease.deviceId, outcome: reason }),
  });
  const timer = setInterval(() => leases.expireDue(), EXPIRY_CHECK_MS);
  timer.unref();
  ctx.onStop(async () => {
    clearInterval(timer);
    leases.dispose();
  });
  ctx.router.onDidDetach((connectionId) => leases.releaseAllOf(connectionId, 'connectionClosed'));
  desk?.onDidLeave((connectionId) => leases.releaseAllOf(connectionId, 'technicianExited'));

  const technicianOf = (connection: { readonly id: string; readonly role?: string }) => desk?.technicianOf(connection)?.technicianId ?? (connection.role === 'technician' ? 'cli' : 'screen');

  ctx.router.register('Technician.LeaseDevice', async (input, call) => {
    const holder = { connectionId: call.connection.id, label: holderLabel(call.connection), technicianId: technicianOf(call.connection) };
    const taken = leases.take(input.deviceId, holder, input.minutes);
    if (!taken.ok) return err(apiError(taken.error.code, taken.error.errorCode === 'deviceNotConfigured' ? 'deviceNotConfigured' : 'leaseRefused', taken.error.description));
    desk?.audit({ action: 'lease', channel: call.connection.role === 'technician' ? 'control' : 'screen', technicianId: holder.technicianId, deviceId: input.deviceId, outcome: 'taken' });
    return ok(viewOf(taken.value));
  });
  ctx.router.register('Technician.RenewLease', async (input, call) => {
    const renewed = leases.renew(input.leaseId, call.connection.id, input.minutes);
    return renewed.ok ? ok(viewOf(renewed.value)) : err(apiError(renewed.error.code, 'leaseNotFound', renewed.error.description));
  });
  ctx.router.register('Technician.ReleaseLease', async (input, call) => ok({ released: leases.release(input.leaseId, call.connection.id) }));
  ctx.router.register('Technician.Leases', async () => ok({ leases: leases.list().map(viewOf) }));
  return leases;
}
