// The diagnostics API adapter: one technician connection at a time, entered with the PIN only
// when no citizen session is active; citizen sessions are refused while it lasts; technician-only
// methods (TECHNICIAN_METHODS) are open to that connection alone. Every attempt is an audit log event.
import { TECHNICIAN_METHODS, type DiagnosticsState } from '../../../src-common/api/diagnostics';
import { CONTROL_CHANNEL_METHODS } from '../../../src-common/api/technician';
import { apiError, apiFailure } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import { verifyTechnicianPin } from './technicianPin';

/** The diagnostics API adapter; its state (the technician's connection, the PIN lockout) lives in memory. */
export function registerDiagnosticsApi(ctx: CoreContext): void {
  const log = ctx.log.child('diagnostics');
  const settings = ctx.config.diagnostics;
  let owner: { connectionId: string; expiresAt: number } | undefined;
  let failures = 0;
  let lockedUntil = 0;

  const active = () => {
    if (owner && Date.now() > owner.expiresAt) {
      log.info('diagnostics.expired', { connection: owner.connectionId });
      owner = undefined;
    }
    return owner;
  };
  const state = (): DiagnosticsState => ({
    active: active() !== undefined,
    attemptsLeft: Math.max(0, settings.maxAttempts - failures),
    ...(lockedUntil > Date.now() ? { lockedUntil: new Date(lockedUntil).toISOString() } : {}),
    ...(owner ? { expiresAt: new Date(owner.expiresAt).toISOString() } : {}),
  });

  ctx.router.addGuard((name, connection) => {
    // The control channel (docs/technicians.md): its credential opens the technician's methods
    // and a few read-only ones, never a citizen's; every command on it is audited.
    if (connection.role === 'technician') {
      if (!CONTROL_CHANNEL_METHODS.includes(name)) {
        log.warn('technician.refused', { channel: 'control', method: name, connection: connection.id });
        return apiFailure('unauthorized', `${name} is not open to the technician control channel`);
      }
      log.info('technician.command', { channel: 'control', method: name, connection: connection.id });
      return undefined;
    }
    const current = active();
    if (name === 'Session.Start' && current) return apiError('sequenceError', 'diagnosticsMode', 'the kiosk is in diagnostics mode (maintenance)');
    if (TECHNICIAN_METHODS.includes(name) && current?.connectionId !== connection.id) return apiFailure('unauthorized', `${name} is for a technician in diagnostics mode`);
    if (TECHNICIAN_METHODS.includes(name)) log.info('technician.command', { channel: 'screen', method: name, connection: connection.id });
    return undefined;
  });

  ctx.router.register('Diagnostics.State', async () => ok(state()));

  ctx.router.register('Diagnostics.Enter', async (input, call) => {
    if (!settings.technicianPinHash) return err(apiError('unsupportedCommand', 'noPinConfigured', 'no technician PIN is configured on this kiosk'));
    if (lockedUntil > Date.now()) {
      log.warn('diagnostics.refused', { reason: 'lockedOut' });
      return err(apiError('unauthorized', 'lockedOut', `too many wrong PINs; locked until ${new Date(lockedUntil).toISOString()}`, { minutesLeft: Math.ceil((lockedUntil - Date.now()) / 60_000) }));
    }
    if (lockedUntil !== 0) {
      lockedUntil = 0;
      failures = 0;
    }
    if (ctx.sessions.active) {
      log.warn('diagnostics.refused', { reason: 'citizenSession' });
      return err(apiError('sequenceError', 'citizenSession', 'a citizen session is active; diagnostics mode starts when it ends'));
    }
    const current = active();
    if (current && current.connectionId !== call.connection.id) return err(apiError('unauthorized', 'anotherTechnician', 'another technician connection is in diagnostics mode'));
    if (!verifyTechnicianPin(input.pin, settings.technicianPinHash)) {
      failures++;
      if (failures >= settings.maxAttempts) lockedUntil = Date.now() + settings.lockoutMinutes * 60_000;
      log.warn('diagnostics.pin_wrong', { failures, locked: lockedUntil > 0 });
      return err(
        lockedUntil > 0
          ? apiError('unauthorized', 'lockedOut', `wrong PIN; locked for ${settings.lockoutMinutes} minutes`, { minutesLeft: settings.lockoutMinutes })
          : apiError('unauthorized', 'wrongPin', `wrong PIN; ${settings.maxAttempts - failures} attempts left`, { attemptsLeft: settings.maxAttempts - failures }),
      );
    }
    failures = 0;
    owner = { connectionId: call.connection.id, expiresAt: Date.now() + settings.sessionMinutes * 60_000 };
    log.info('diagnostics.entered', { connection: call.connection.id });
    return ok(state());
  });

  ctx.router.register('Diagnostics.Exit', async (_input, call) => {
    if (owner?.connectionId === call.connection.id) {
      log.info('diagnostics.exited', { connection: call.connection.id });
      owner = undefined;
    }
    return ok(state());
  });
}
