// The diagnostics API adapter: one technician connection at a time, entered with a named
// technician account's PIN (signed config) or the site PIN, only when no citizen session is
// active; citizen sessions are refused while it lasts; technician-only methods (TECHNICIAN_METHODS)
// are open to that connection alone, 清机 only to the roles allowed to collect cash. The
// control channel's technician connections get CONTROL_CHANNEL_METHODS. Wrong PINs are counted in
// the database (a restart does not reset the lockout); every attempt and every technician command
// is audited: a log line, a `technicianAction` entry in the hash-chained journal, and a
// `technician.action` outbox event that syncs to the platform.
import type { TechnicianAccount } from '../../../kiosk-config/schema';
import { TECHNICIAN_METHODS, type DiagnosticsState } from '../../../src-common/api/diagnostics';
import { apiError, apiFailure } from '../../../src-common/api/envelope';
import { CONTROL_CHANNEL_METHODS } from '../../../src-common/api/technician';
import { err, ok } from '../../../src-common/result';
import { Emitter } from '../../../src-common/event';
import { TECHNICIAN_ACTION_KIND, type TechnicianActionPayload } from '../../../src-common/wire/technicianWire';
import type { ModuleContext } from '../composition/CoreModule';
import { newUlid } from '../ids/ulids';
import type { Outbox } from '../outbox/Outbox';
import type { CashJournal } from '../payments/cashJournal';
import type { TechnicianAuditEntry, TechnicianDesk } from './technicianDesk';
import { verifyTechnicianPin } from './technicianPin';
import type { TechnicianLockout } from './TechnicianLockout';

/** Reads that screens poll: not worth an audit event each. */
const UNAUDITED = new Set(['Technician.SelfTestHistory', 'Technician.Logs', 'Cash.CollectionPreview', 'Kiosk.Status', 'Devices.List', 'Devices.Status', 'Queue.Status', 'Common.Cancel', 'Technician.Leases', 'Technician.DeadLetters', 'Technician.Network', 'Technician.Calibration']);
/** Methods that move money records: only these roles may call them. */
const CASH_METHODS = new Set(['Cash.Collect']);
const CASH_ROLES: ReadonlySet<TechnicianAccount['role']> = new Set(['cashCollector', 'supervisor']);
/** Methods that change how every certificate prints: the supervisor's (kiosk-config/schema.ts roles). */
const SUPERVISOR_METHODS = new Set(['Technician.CalibrationSave']);
/** Who entered with the site PIN (no account): the site's supervisor, as before accounts existed. */
const SITE = { id: 'site', role: 'supervisor' } as const;

interface Owner {
  readonly connectionId: string;
  readonly expiresAt: number;
  readonly technicianId: string;
  readonly role: TechnicianAccount['role'];
}

export interface DiagnosticsDeps {
  readonly lockout: TechnicianLockout;
  readonly outbox?: Outbox;
  /** The hash-chained journal the audit is appended to (absent without the kiosk database). */
  readonly journal?: CashJournal;
}

/** How often an idle diagnostics session is checked for expiry: its leases end with it, not only at their own timeout. */
const EXPIRY_CHECK_MS = 10_000;

export function registerDiagnosticsApi(ctx: ModuleContext, deps: DiagnosticsDeps): TechnicianDesk {
  const log = ctx.log.child('diagnostics');
  const settings = ctx.config.diagnostics;
  const { lockout } = deps;
  let owner: Owner | undefined;
  const left = new Emitter<string>({ onListenerError: (error) => log.error('diagnostics.leave_listener_threw', { error }) });

  const audit = (entry: TechnicianAuditEntry) => {
    const payload: TechnicianActionPayload = { ...entry, at: new Date().toISOString() };
    log.info('technician.audit', { ...payload });
    const { journal, outbox } = deps;
    const write = () => {
      if (journal) {
        const { action, channel, technicianId, method, deviceId, outcome } = entry;
        const appended = journal.append(`tech:${newUlid()}`, { kind: 'technicianAction', action, channel, technicianId, outcome, ...(method ? { method } : {}), ...(deviceId ? { deviceId } : {}) });
        if (!appended.ok) log.error('technician.audit_not_journaled', { error: appended.error.message, action: entry.action });
      }
      const queued = outbox?.enqueue({ kind: TECHNICIAN_ACTION_KIND, streamKey: 'technician', payload: { ...payload } });
      if (queued && !queued.ok) log.error('technician.audit_not_queued', { error: queued.error.message, action: entry.action });
    };
    if (!journal) return write();
    // One commit (one fsync) for the journal entry, its replica and the event: the audit runs
    // before every technician command, so its cost is in every command's latency.
    try {
      journal.db.transaction(write)();
    } catch (e) {
      // The commit failed (disk full, I/O error): nothing was written; the journal's head goes back to what is on disk.
      journal.resync();
      log.error('technician.audit_not_written', { error: e, action: entry.action });
    }
  };

  const leave = (outcome: 'exited' | 'expired') => {
    if (!owner) return;
    const gone = owner;
    owner = undefined;
    log.info(outcome === 'expired' ? 'diagnostics.expired' : 'diagnostics.exited', { connection: gone.connectionId });
    audit({ action: 'exit', channel: 'screen', technicianId: gone.technicianId, outcome });
    left.fire(gone.connectionId);
  };

  const active = () => {
    if (owner && Date.now() > owner.expiresAt) leave('expired');
    return owner;
  };
  const expiryCheck = setInterval(active, EXPIRY_CHECK_MS);
  expiryCheck.unref();
  ctx.onStop(() => clearInterval(expiryCheck));
  const subjectOf = (technicianId: string | undefined) => technicianId ?? SITE.id;
  const state = (technicianId?: string): DiagnosticsState => {
    const locked = lockout.state(subjectOf(technicianId));
    return {
      active: active() !== undefined,
      attemptsLeft: Math.max(0, settings.maxAttempts - locked.failures),
      ...(locked.lockedUntil > Date.now() ? { lockedUntil: new Date(locked.lockedUntil).toISOString() } : {}),
      ...(owner ? { expiresAt: new Date(owner.expiresAt).toISOString() } : {}),
      ...(settings.technicians.length > 0 ? { accounts: settings.technicians.map((t) => t.id), accountNames: settings.technicians.map((t) => ({ id: t.id, name: t.name })) } : {}),
    };
  };

  ctx.router.addGuard((name, connection) => {
    // The control channel (docs/technicians.md): its credential opens the technician's methods
    // and a few read-only ones, never a citizen's; every command on it is audited.
    if (connection.role === 'technician') {
      if (!CONTROL_CHANNEL_METHODS.includes(name)) {
        log.warn('technician.refused', { channel: 'control', method: name, connection: connection.id });
        return apiFailure('unauthorized', `${name} is not open to the technician control channel`);
      }
      log.info('technician.command', { channel: 'control', method: name, connection: connection.id });
      if (!UNAUDITED.has(name)) audit({ action: 'command', channel: 'control', technicianId: 'cli', method: name, outcome: 'requested' });
      return undefined;
    }
    const current = active();
    if (name === 'Session.Start' && current) return apiError('sequenceError', 'diagnosticsMode', 'the kiosk is in diagnostics mode (maintenance)');
    if (!TECHNICIAN_METHODS.includes(name)) return undefined;
    if (current?.connectionId !== connection.id) return apiFailure('unauthorized', `${name} is for a technician in diagnostics mode`);
    if (CASH_METHODS.has(name) && !CASH_ROLES.has(current.role)) {
      audit({ action: 'command', channel: 'screen', technicianId: current.technicianId, method: name, outcome: 'refused' });
      return apiFailure('unauthorized', `${name} needs a cash collector or supervisor; ${current.technicianId} is a ${current.role}`);
    }
    if (SUPERVISOR_METHODS.has(name) && current.role !== 'supervisor') {
      audit({ action: 'command', channel: 'screen', technicianId: current.technicianId, method: name, outcome: 'refused' });
      return apiFailure('unauthorized', `${name} needs a supervisor; ${current.technicianId} is a ${current.role}`);
    }
    log.info('technician.command', { channel: 'screen', method: name, connection: connection.id, technician: current.technicianId });
    if (!UNAUDITED.has(name)) audit({ action: 'command', channel: 'screen', technicianId: current.technicianId, method: name, outcome: 'requested' });
    return undefined;
  });

  ctx.router.register('Diagnostics.State', async () => ok(state()));

  ctx.router.register('Diagnostics.Enter', async (input, call) => {
    const account: TechnicianAccount | undefined = input.technicianId === undefined ? undefined : settings.technicians.find((t) => t.id === input.technicianId);
    const storedHash = input.technicianId === undefined ? settings.technicianPinHash : account?.pinHash;
    if (input.technicianId === undefined && !settings.technicianPinHash && settings.technicians.length === 0) return err(apiError('unsupportedCommand', 'noPinConfigured', 'no technician PIN is configured on this kiosk'));
    const subject = subjectOf(input.technicianId);
    const now = Date.now();
    const locked = lockout.state(subject);
    if (locked.lockedUntil > now) {
      audit({ action: 'enter', channel: 'screen', technicianId: subject, outcome: 'lockedOut' });
      return err(apiError('unauthorized', 'lockedOut', `too many wrong PINs; locked until ${new Date(locked.lockedUntil).toISOString()}`, { minutesLeft: Math.ceil((locked.lockedUntil - now) / 60_000) }));
    }
    if (locked.lockedUntil !== 0) lockout.clear(subject);
    if (ctx.sessions.active) {
      audit({ action: 'enter', channel: 'screen', technicianId: subject, outcome: 'citizenSession' });
      return err(apiError('sequenceError', 'citizenSession', 'a citizen session is active; diagnostics mode starts when it ends'));
    }
    const current = active();
    if (current && current.connectionId !== call.connection.id) return err(apiError('unauthorized', 'anotherTechnician', 'another technician connection is in diagnostics mode'));
    // An unknown account id costs a guess like a wrong PIN, and says no more than one.
    if (!storedHash || !verifyTechnicianPin(input.pin, storedHash)) {
      const after = lockout.fail(subject, settings.maxAttempts, settings.lockoutMinutes * 60_000, now);
      audit({ action: 'enter', channel: 'screen', technicianId: subject, outcome: after.lockedUntil > 0 ? 'lockedOut' : 'wrongPin' });
      return err(
        after.lockedUntil > 0
          ? apiError('unauthorized', 'lockedOut', `wrong PIN; locked for ${settings.lockoutMinutes} minutes`, { minutesLeft: settings.lockoutMinutes })
          : apiError('unauthorized', 'wrongPin', `wrong PIN; ${settings.maxAttempts - after.failures} attempts left`, { attemptsLeft: settings.maxAttempts - after.failures }),
      );
    }
    lockout.clear(subject);
    owner = { connectionId: call.connection.id, expiresAt: now + settings.sessionMinutes * 60_000, technicianId: account?.id ?? SITE.id, role: account?.role ?? SITE.role };
    log.info('diagnostics.entered', { connection: call.connection.id, technician: owner.technicianId, role: owner.role });
    audit({ action: 'enter', channel: 'screen', technicianId: owner.technicianId, outcome: 'entered' });
    return ok(state(input.technicianId));
  });

  ctx.router.register('Diagnostics.Exit', async (_input, call) => {
    if (owner?.connectionId === call.connection.id) leave('exited');
    return ok(state());
  });

  // The screen's socket dropped (renderer reload, shell restart): its technician has left.
  ctx.router.onDidDetach((connectionId) => {
    if (owner?.connectionId === connectionId) leave('exited');
  });

  return {
    audit,
    onDidLeave: left.event,
    technicianOf(connection) {
      if (connection.role === 'technician') return { technicianId: 'cli', channel: 'control' };
      const current = active();
      return current?.connectionId === connection.id ? { technicianId: current.technicianId, channel: 'screen' } : undefined;
    },
  };
}
