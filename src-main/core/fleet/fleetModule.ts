// The fleet as a core module (docs/fleet.md): signed config and catalog bundles (pull, verify,
// stage, apply at a safe point, health gate, rollback), remote commands (stored on receipt, run
// once at a safe point, results through the outbox), opening hours and maintenance mode (new
// sessions refused with the reason), and the heartbeat's versions and command acknowledgements.
import { apiError } from '../../../src-common/api/envelope';
import type { KioskAvailability } from '../../../src-common/api/kiosk';
import type { BundleKind } from '../../../src-common/wire/bundle';
import type { HeartbeatResponse } from '../../../src-common/wire/wire';
import { CatalogProviderId } from '../catalog/CatalogProvider';
import { loadCatalogFile } from '../catalog/loadCatalogFile';
import { defineModule, type CoreModule, type ModuleContext } from '../composition/CoreModule';
import type { Resolved } from '../composition/serviceId';
import { composeConfig, readProfileLayer } from '../config/loadConfig';
import { CashServiceId } from '../payments/CashService';
import { PrintServiceId } from '../printing/PrintService';
import { sampleReceipt } from '../printing/receipts/sampleReceipts';
import { KioskDatabaseId, KioskIdentityId, OutboxId } from '../storage/storageServices';
import { HeartbeatId } from '../sync/Heartbeat';
import { PlatformClientId } from '../sync/PlatformClient';
import { RemoteConfigPuller } from '../sync/RemoteConfigPuller';
import { SyncEngineId } from '../sync/SyncEngine';
import { BundleApplier } from './BundleApplier';
import { payloadChecker } from './bundlePayloads';
import { CommandInbox, type StoredCommand } from './CommandInbox';
import { setMaintenance } from './fleetState';
import { FleetBootId, FleetServiceId, SafePointId, type FleetService } from './fleetServices';
import { FleetStore } from './FleetStore';
import { TechnicianServiceId } from '../diagnostics/technicianServices';
import type { HealthReading } from './healthGate';
import { revokeLocally } from './keyring';
import { inMaintenanceWindow, openingState } from './openingHours';
import { interruptedPolicy, runRemoteAction, type CommandOutcomeValue, type RemoteCommandServices } from './remoteCommandHandlers';
import { realTimers, SafePoint, type SafePointTimers } from './SafePoint';

export interface FleetModuleOptions {
  /** How often the loop looks for due work and a safe point (ms). */
  readonly pollMs?: number;
  readonly timers?: SafePointTimers;
  /** The kiosk clock before skew correction (tests move it); default Date.now. */
  readonly clock?: () => number;
  /** Replaces the technician module's diagnostics bundle upload (tests); absent = the technician service's, when present. */
  readonly uploadDiagnostics?: (uploadId: string) => Promise<CommandOutcomeValue>;
}

/** Payloads up to this size (base64 characters) are verified as soon as they arrive; bigger ones at a safe point. */
const VERIFY_AT_ONCE_MAX_CHARS = 256 * 1024;

/** How often opening hours are looked at again to announce a change. */
const AVAILABILITY_CHECK_MS = 15_000;
/** The soonest it is looked at again (a boundary already passed, a skewed clock: never a busy loop). */
const AVAILABILITY_MIN_RECHECK_MS = 250;

const required = { db: KioskDatabaseId, outbox: OutboxId, identity: KioskIdentityId, client: PlatformClientId };
// Each one the fleet coordinates when this core has it: the safe point asks cash and printing,
// commands flush through the engine, the heartbeat carries versions and command receipts.
const optional = { bootContext: FleetBootId, catalog: CatalogProviderId, cash: CashServiceId, printing: PrintServiceId, engine: SyncEngineId, heartbeat: HeartbeatId, technician: TechnicianServiceId };
type FleetDeps = Resolved<typeof required> & Partial<Resolved<typeof optional>>;

export function createFleetModule(options: FleetModuleOptions = {}): CoreModule {
  return defineModule({
    name: 'fleet',
    requires: required,
    optional,
    provides: { fleet: FleetServiceId, safePoint: SafePointId },
    start: (ctx, deps) => startFleet(ctx, deps, options),
  });
}

export const fleetModule: CoreModule = createFleetModule();

function startFleet(ctx: ModuleContext, deps: FleetDeps, options: FleetModuleOptions): { fleet: FleetService; safePoint: SafePoint } {
  const { db, outbox, identity, client, bootContext, catalog, cash, printing, engine, heartbeat } = deps;
  const log = ctx.log.child('fleet');
  const timers = options.timers ?? realTimers;
  const pollMs = options.pollMs ?? 500;
  const profileLayer = readProfileLayer(ctx.profile);
  if (!profileLayer.ok) throw new Error(`fleet: ${profileLayer.error}`);
  const overrides = bootContext?.overrides;
  const restart = bootContext?.requestRestart;
  const { store, reset } = FleetStore.openOrReset(ctx.dataDir);
  if (reset) log.error('fleet.state_reset', reset);
  for (const note of bootContext?.boot.notes ?? []) log.warn('fleet.boot', { note });
  const clock = options.clock ?? Date.now;
  const now = () => clock() + (client.measuredClockSkewSeconds) * 1000;
  const capabilities = () => ctx.capabilities.current();
  const health = (): HealthReading => ({
    services: capabilities().services,
    platformOnline: capabilities().capabilities.some((c) => c.capability === 'platformOnline' && c.available),
  });
  const place = { level: ctx.config.kiosk.level, regionCode: ctx.config.kiosk.regionCode };
  // The profile alone (no signed layer): its pinned keys, and the catalog shipped with the kiosk.
  const profileConfig = composeConfig(profileLayer.value, undefined, overrides);
  const lifetime = new AbortController();
  let stopped = false;

  const applier = new BundleApplier({
    store,
    db,
    outbox,
    dataDir: ctx.dataDir,
    checkPayload: payloadChecker({ profileLayer: profileLayer.value, ...(overrides ? { localOverrides: overrides } : {}) }),
    settings: ctx.config.fleet,
    enabledServices: ctx.config.services,
    health,
    ...(catalog
      ? {
          catalog: {
            replace: (raw: unknown) => catalog.replace(raw, place),
            shipped: () => (profileConfig.ok ? loadCatalogFile(profileConfig.value.catalogPath) : { ok: false as const, error: [profileConfig.error] }),
          },
        }
      : {}),
    ...(restart ? { restart } : {}),
    now,
    timers,
    pollMs,
    log,
  });

  // Keys pinned at provisioning: the platform's (from the registration) and the site profile's.
  const profileFleet = profileConfig.ok ? profileConfig.value.fleet : undefined;
  const registration = identity.registration();
  applier.pinKeys([
    ...(registration ? [{ publicKey: registration.adminPublicKey, source: 'provisioning' as const, note: `platform ${registration.platformUrl}` }] : []),
    ...(profileFleet?.adminKeys ?? []).map((k) => ({ publicKey: k.publicKey, source: 'profile' as const, ...(k.note ? { note: k.note } : {}) })),
  ]);
  const newlyRevoked = (profileFleet?.revokedKeyIds ?? []).filter((keyId) => !store.state.keyring.some((k) => k.keyId === keyId && k.revokedAt));
  if (newlyRevoked.length > 0) {
    const revoked = revokeLocally(store.state.keyring, newlyRevoked, new Date(now()).toISOString());
    if (!revoked.ok) log.error('fleet.profile_revocation_refused', { detail: revoked.error.detail });
    else {
      try {
        store.commit({ ...store.state, keyring: revoked.value });
      } catch (e) {
        log.error('fleet.state_not_written', { action: 'profile revocations', error: e });
      }
    }
  }
  applier.reportResults();

  const safePoint = new SafePoint({ pollMs, timers });
  safePoint.addProbe({ name: 'session', weight: 'session', busy: () => (ctx.sessions.active ? 'a citizen session is active' : undefined) });
  safePoint.addProbe({ name: 'cashIn', weight: 'transaction', busy: () => (cash?.activeTransaction ? 'a cash-in is in progress' : undefined) });
  safePoint.addProbe({ name: 'print', weight: 'transaction', busy: () => ((printing?.jobsInProgress ?? 0) > 0 ? 'a print job is in progress' : undefined) });

  // --- availability: opening hours and maintenance mode ---------------------------------------
  const availability = (): KioskAvailability => {
    const maintenance = store.state.maintenance;
    if (maintenance) return { state: 'maintenance', since: maintenance.since, ...(maintenance.reason ? { reason: maintenance.reason } : {}) };
    const opening = openingState(ctx.config.openingHours, now());
    if (opening.open) return { state: 'open', closesAt: opening.closesAt };
    const hall = ctx.config.openingHours.nearest24hHall;
    return { state: 'closed', nextOpeningAt: opening.nextOpeningAt, ...(hall ? { nearest24hHall: hall } : {}) };
  };
  let announced = JSON.stringify(availability());
  const announceIfChanged = () => {
    const current = availability();
    const text = JSON.stringify(current);
    if (text === announced) return;
    announced = text;
    log.info('fleet.availability', { state: current.state });
    ctx.router.broadcast('Kiosk.AvailabilityChanged', current);
  };
  // Looked at again every AVAILABILITY_CHECK_MS (maintenance, a new config) and just after the
  // next opening or closing, so a citizen at the door is let in on the minute, not up to 15 s late.
  let availabilityTimer: unknown;
  const scheduleAvailabilityCheck = () => {
    const current = availability();
    const boundary = current.state === 'open' ? current.closesAt : current.state === 'closed' ? current.nextOpeningAt : null;
    const untilBoundary = boundary === null ? Infinity : Date.parse(boundary) - now() + 1;
    availabilityTimer = timers.setTimeout(() => {
      announceIfChanged();
      scheduleAvailabilityCheck();
    }, Math.max(AVAILABILITY_MIN_RECHECK_MS, Math.min(AVAILABILITY_CHECK_MS, untilBoundary)));
  };
  scheduleAvailabilityCheck();
  ctx.router.addGuard((name) => {
    if (name !== 'Session.Start') return undefined;
    const current = availability();
    if (current.state === 'maintenance') return apiError('sequenceError', 'maintenance', `the kiosk is in maintenance mode${current.reason ? `: ${current.reason.en}` : ''}`);
    if (current.state === 'closed') return apiError('sequenceError', 'outOfHours', `the kiosk is closed (opening hours); next opening ${current.nextOpeningAt ?? 'not scheduled'}`);
    return undefined;
  });

  // --- pulling bundles ---------------------------------------------------------------------------
  const puller = new RemoteConfigPuller(client);
  let pulling: Promise<string> = Promise.resolve('');
  // Big bundles (a provincial catalog: seconds of schema checks that block the event loop) are
  // verified at a safe point, not in front of a citizen; small ones are staged at once.
  const incoming = new Map<BundleKind, { readonly raw: unknown; readonly etag: string | null }>();
  const receiveIncoming = () => {
    for (const [kind, pulled] of incoming) {
      incoming.delete(kind);
      log.info('fleet.bundle_received', { kind, outcome: applier.receivePulled(kind, pulled.raw, pulled.etag) });
    }
  };
  const pullKind = async (kind: BundleKind): Promise<string> => {
    if (!client.provisioned) return `${kind}: not provisioned`;
    if (incoming.has(kind)) return `${kind}: waiting for a safe point to verify`;
    const pulled = await puller.pull(kind, store.state[kind].etag);
    switch (pulled.kind) {
      case 'unchanged':
      case 'none':
        return `${kind}: ${pulled.kind}`;
      case 'failed':
        log.info('fleet.pull_failed', { kind, detail: pulled.detail });
        return `${kind}: ${pulled.detail}`;
      case 'bundle': {
        const payload = (pulled.raw as { payload?: unknown } | null)?.payload;
        if (typeof payload === 'string' && payload.length > VERIFY_AT_ONCE_MAX_CHARS && !safePoint.check().safe) {
          incoming.set(kind, { raw: pulled.raw, etag: pulled.etag });
          return `${kind}: waiting for a safe point to verify`;
        }
        return `${kind}: ${applier.receivePulled(kind, pulled.raw, pulled.etag)}`;
      }
      default: {
        const never: never = pulled;
        return String(never);
      }
    }
  };
  const pullNow = (): Promise<string> => {
    pulling = pulling.then(async () => `${await pullKind('config')}; ${await pullKind('catalog')}`).catch((e: unknown) => {
      log.error('fleet.pull_error', { error: e });
      return `pull failed: ${(e as Error).message}`;
    });
    return pulling;
  };

  // --- remote commands -------------------------------------------------------------------------
  const inbox = new CommandInbox({ db, outbox, log: log.child('commands'), now, kioskId: () => identity.registration()?.kioskId, keyring: () => store.state.keyring });
  const recovered = inbox.recoverInterrupted(interruptedPolicy);
  if (recovered > 0) log.warn('fleet.commands_interrupted', { commands: recovered });
  const commandServices: RemoteCommandServices = {
    canRestart: restart !== undefined,
    setMaintenance: (on, reason, commandId) => {
      store.commit(setMaintenance(store.state, on ? { since: new Date(now()).toISOString(), commandId, ...(reason ? { reason } : {}) } : null));
      announceIfChanged();
    },
    reloadScreen: (reason) => ctx.router.broadcast('Kiosk.ReloadRequested', { reason }),
    pullBundles: pullNow,
    retryDeadLetters: () => {
      const revived = outbox.retryDeadLetters();
      return revived.ok ? { ok: true, revived: revived.value } : { ok: false, error: revived.error.message };
    },
    ...(engine ? { flushQueue: () => engine.flushNow() } : {}),
    ...(printing
      ? {
          printTestPage: async (deviceId: string | undefined) => {
            const printer = printing.printers().find((p) => p.printerClass === 'receiptPrinter' && (deviceId === undefined || p.deviceId === deviceId));
            if (!printer) return { outcome: 'failed' as const, detail: deviceId ? `no receipt printer with id ${deviceId}` : 'no receipt printer is configured' };
            const job = await printing.printReceipt(sampleReceipt('testPage', { hallName: ctx.config.kiosk.hallName.zh, kioskCode: ctx.config.kiosk.code, deviceId: printer.deviceId, at: new Date().toISOString() }), { deviceId: printer.deviceId });
            return { outcome: job.state === 'printed' ? ('done' as const) : ('failed' as const), detail: `${printer.deviceId}: ${job.state}${job.reason ? ` (${job.reason})` : ''}` };
          },
        }
      : {}),
    // The technician module's bundle upload (docs/technicians.md) unless the option replaces it.
    ...(options.uploadDiagnostics ? { uploadDiagnostics: options.uploadDiagnostics } : deps.technician ? { uploadDiagnostics: (uploadId: string) => deps.technician!.uploadDiagnostics(uploadId) } : {}),
  };
  const runCommand = async (command: StoredCommand): Promise<void> => {
    const started = inbox.markRunning(command);
    if (!started.ok) return void log.error('fleet.command_not_started', { commandId: command.commandId, error: started.error.message });
    log.info('fleet.command', { commandId: command.commandId, action: command.action.kind, urgent: command.urgent });
    let result: CommandOutcomeValue;
    try {
      result = await runRemoteAction(command.action, command.commandId, commandServices);
    } catch (e) {
      log.error('fleet.command_error', { commandId: command.commandId, error: e });
      result = { outcome: 'failed', detail: `error: ${(e as Error).message}` };
    }
    const finished = inbox.finish(command, result.outcome, result.detail);
    if (!finished.ok) log.error('fleet.command_not_finished', { commandId: command.commandId, error: finished.error.message });
    // The result is durable before the restart cuts everything off.
    if (command.action.kind === 'restartCore' && result.outcome === 'done' && restart) {
      stopped = true;
      restart(`remote command ${command.commandId}`);
    }
  };

  // --- the loop: gate, commands, staged bundles -----------------------------------------------
  let ticking: Promise<void> | undefined;
  let loopTimer: unknown;
  const tickOnce = async (): Promise<void> => {
    if (stopped || applier.restartRequested) return;
    if (store.state.trial) void applier.runGate(lifetime.signal);
    for (const command of inbox.pending()) {
      if (stopped || applier.restartRequested) return;
      if (inbox.isExpired(command)) {
        inbox.finish(command, 'expired', `expired at ${command.expiresAt} before a safe point came`);
        continue;
      }
      if (safePoint.check({ urgent: command.urgent }).safe) await runCommand(command);
    }
    if (stopped) return;
    if (incoming.size > 0 && safePoint.check().safe) receiveIncoming();
    if (store.state.trial) return;
    const staged = store.state.config.staged !== null || store.state.catalog.staged !== null;
    if (!staged) return;
    const windows = ctx.config.maintenanceWindows;
    // A config swap restarts the core: inside a maintenance window when the site has any.
    const needsWindow = store.state.config.staged !== null && windows.length > 0;
    if (!safePoint.check(needsWindow ? { inMaintenanceWindow: () => inMaintenanceWindow(windows, now()) } : {}).safe) return;
    const step = applier.applyStaged();
    if (step.kind === 'swapped' && step.bundle === 'catalog') void applier.runGate(lifetime.signal);
    if (step.kind === 'waitingForRestart') log.debug('fleet.waiting_for_restart', { version: step.version });
  };
  const tick = (): Promise<void> => {
    ticking ??= tickOnce()
      .catch((e: unknown) => log.error('fleet.loop_error', { error: e }))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };
  const schedule = () => {
    if (stopped) return;
    loopTimer = timers.setTimeout(() => void tick().then(schedule), pollMs);
  };
  schedule();
  void tick();

  // --- heartbeat -------------------------------------------------------------------------------
  // The app release a rollout names: only in memory, so a core that just started installs nothing
  // before the platform says so again (app updates, src-main/core/updates/appUpdateModule.ts).
  let desiredApp: string | undefined;
  heartbeat?.attachFleet({
    versions: () => applier.versions(),
    receivedCommandIds: () => inbox.unacknowledged(),
    onAnswer: (answer: HeartbeatResponse, acknowledged) => {
      try {
        inbox.acknowledge(acknowledged);
        if (answer.commands.length > 0) {
          const received = inbox.receive(answer.commands);
          log.info('fleet.commands_received', received);
          void tick();
        }
        const desired = answer.desired;
        desiredApp = desired?.appVersion;
        if ((desired?.configVersion ?? 0) > store.state.config.highestAccepted || (desired?.catalogVersion ?? 0) > store.state.catalog.highestAccepted) void pullNow();
      } catch (e) {
        // The heartbeat must go on; unacknowledged commands are delivered again.
        log.error('fleet.answer_error', { error: e });
      }
    },
  });
  if (client.provisioned) void pullNow();

  const fleet: FleetService = { availability, versions: () => applier.versions(), applier, inbox, pullNow, tick, desiredAppVersion: () => desiredApp, keyring: () => store.state.keyring, now };
  ctx.onStop(async () => {
    stopped = true;
    lifetime.abort();
    timers.clearTimeout(availabilityTimer);
    timers.clearTimeout(loopTimer);
    await ticking;
    await pulling;
  });
  return { fleet, safePoint };
}
