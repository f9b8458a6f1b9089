// The composition root of the core (design.md §1): config, logger, API router, sessions,
// device statuses and the capability gate, then the domain modules in the order their declared
// dependencies require (composition/), stopped in reverse.
import path from 'node:path';
import type { KioskConfigInput, KioskConfig } from '../../kiosk-config/schema';
import { API_VERSION, methods } from '../../src-common/api';
import type { CapabilitySummary, KioskStatus, ServiceEntry } from '../../src-common/api/kiosk';
import { apiError, apiFailure } from '../../src-common/api/envelope';
import { err, ok } from '../../src-common/result';
import { ApiRouter } from './api/ApiRouter';
import { summarizeCapabilities } from './capabilities/capabilityGate';
import { valueModule, type CoreModule } from './composition/CoreModule';
import type { ServiceId } from './composition/serviceId';
import { startModules } from './composition/startModules';
import type { CapabilityGate, CoreContext } from './CoreContext';
import { resolveBootConfig } from './fleet/bootConfig';
import { FleetBootId, FleetServiceId } from './fleet/fleetServices';
import { DeviceStatusBoard } from './devices/DeviceStatusBoard';
import { createLogger, type CoreLogger, type LoggerOptions } from './logging/createLogger';
import type { KeyProvider } from './crypto/KeyProvider';
import { coreModules } from './modules';
import { SessionService } from './session/SessionService';
import { trackSessionActivity } from './session/sessionActivity';
import { uiSettingsFromConfig } from './config/uiSettings';
import { securePrivateDataDir } from './storage/privateDataDir';
import { KeyProviderId } from './storage/storageServices';
import { APP_VERSION } from './version';

/** How long after boot devices may take to report before the kiosk declares itself out of service. */
const BOOT_GRACE_MS = 10_000;

export interface KioskCoreOptions {
  readonly dataDir: string;
  /** Profile name under kiosk-config/profiles, or a JSON path. Default `demo`. */
  readonly profile?: string;
  readonly configOverrides?: Partial<KioskConfigInput>;
  readonly logger?: Omit<LoggerOptions, 'logDir'> & { readonly logDir?: string | false };
  /**
   * Modules to start; default all of src-main/core/modules.ts. Tests pass a subset; a shell adds a
   * `valueModule` to provide a service built outside the core (a key provider).
   */
  readonly modules?: readonly CoreModule[];
  /** Where the PII data key comes from (Electron safeStorage); default the 0600 key file in the data directory. */
  readonly keyProvider?: KeyProvider;
  /**
   * Stops this core so that its supervisor starts it again (config swaps and rollbacks, the
   * `restartCore` command; docs/fleet.md). Absent: the fleet cannot restart the core.
   */
  readonly requestRestart?: (reason: string) => void;
}

export interface KioskCore {
  readonly config: KioskConfig;
  readonly context: CoreContext;
  readonly router: ApiRouter;
  readonly log: CoreLogger;
  /** Module names in the order they started (they stop in the reverse). */
  readonly modules: readonly string[];
  /** A service of a started module, for the CLI, shells and tests; undefined when no started module provides it. */
  service<T>(id: ServiceId<T>): T | undefined;
  status(): KioskStatus;
  /** Graceful shutdown: ends the session, stops modules in reverse order, flushes the log. */
  stop(): Promise<void>;
}

export async function createKioskCore(options: KioskCoreOptions): Promise<KioskCore> {
  const profile = options.profile ?? 'demo';
  const secured = securePrivateDataDir(options.dataDir);
  // Fleet boot step (docs/fleet.md): counts a trial boot, rolls back a boot crash loop, and
  // composes profile ⊕ active signed config ⊕ overrides, before any module starts.
  const boot = resolveBootConfig({ dataDir: options.dataDir, profile, ...(options.configOverrides ? { overrides: options.configOverrides } : {}) });
  if (!boot.ok) throw new Error(boot.error);
  const config = boot.value.config;
  const logDir = options.logger?.logDir === false ? undefined : (options.logger?.logDir ?? path.join(options.dataDir, 'logs'));
  const { logDir: _ignored, ...loggerOptions } = options.logger ?? {};
  const log = createLogger({ ...loggerOptions, ...(logDir ? { logDir } : {}) });
  const startedAt = Date.now();
  if (secured.tightened > 0 || secured.failed.length > 0) log.warn('core.data_dir_tightened', { tightened: secured.tightened, failed: secured.failed });

  const router = new ApiRouter(log.child('api'));
  const deviceStatuses = new DeviceStatusBoard();
  let platformOnline = false;
  const disabledServices = disabledServicesOf(config);
  let summary: CapabilitySummary = summarizeCapabilities({ devices: [], platformOnline, disabledServices });

  const sessions = new SessionService({
    log: log.child('session'),
    redactor: log.redactor,
    maxIdleMs: (config.ui.idleWarningSeconds + config.ui.idleCountdownSeconds) * config.ui.elderlyTimeoutFactor * 1000 + 30_000,
    onEnded: (sessionId, reason, connectionId) => router.broadcast('Session.Ended', { sessionId, reason }, connectionId),
  });
  trackSessionActivity(router, sessions);

  // Devices report their first status asynchronously after boot: for this long the kiosk does not
  // declare itself out of service (single services still show what is missing).
  const bootGraceUntil = startedAt + BOOT_GRACE_MS;
  const graceTimer = setTimeout(() => capabilities.refresh(), BOOT_GRACE_MS + 50);
  graceTimer.unref();
  const capabilities: CapabilityGate = {
    current: () => summary,
    refresh: () => {
      const evaluated = summarizeCapabilities({ devices: deviceStatuses.list(), platformOnline, disabledServices });
      const next = evaluated.outOfService && Date.now() < bootGraceUntil ? { ...evaluated, outOfService: false } : evaluated;
      if (JSON.stringify(next) !== JSON.stringify(summary)) {
        summary = next;
        router.broadcast('Kiosk.CapabilitiesChanged', summary);
      }
    },
    setPlatformOnline: (online) => {
      if (online !== platformOnline) {
        platformOnline = online;
        capabilities.refresh();
      }
    },
  };
  deviceStatuses.onDidChange(({ status }) => {
    router.broadcast('Device.StatusChanged', status);
    capabilities.refresh();
  });

  const context: CoreContext = { config, profile, dataDir: options.dataDir, log, router, sessions, deviceStatuses, capabilities };

  // Methods that need a citizen session are refused without one, and only its owner may call them.
  router.addGuard((name, connection) => {
    if (!methods[name].requiresSession) return undefined;
    const active = sessions.active;
    if (!active) return apiFailure('sequenceError', `${name} needs an active citizen session`);
    if (active.connectionId !== connection.id) return apiFailure('unauthorized', `${name}: the session belongs to another connection`);
    return undefined;
  });
  registerKioskAndSessionApi(context, () => status());

  let started;
  try {
    // A supplied key provider is one more module: the storage module uses it when present.
    const supplied = options.keyProvider ? [valueModule('shell.keyProvider', KeyProviderId, options.keyProvider)] : [];
    const listed = options.modules ?? coreModules;
    // What the boot step decided, and the restart seam, for the fleet module (when it is listed).
    const usesBoot = listed.some((m) => [...Object.values(m.requires), ...Object.values(m.optional)].includes(FleetBootId));
    const fleetBoot = valueModule('fleet.boot', FleetBootId, {
      boot: boot.value,
      ...(options.configOverrides ? { overrides: options.configOverrides } : {}),
      ...(options.requestRestart ? { requestRestart: options.requestRestart } : {}),
    });
    started = await startModules([...listed, ...supplied, ...(usesBoot ? [fleetBoot] : [])], context);
  } catch (e) {
    clearTimeout(graceTimer);
    sessions.dispose();
    log.error('core.start_failed', { error: e });
    log.flush();
    throw e;
  }
  const modules = started;
  log.info('core.modules_started', { order: modules.order });
  capabilities.refresh();

  const fleet = modules.service(FleetServiceId);

  function status(): KioskStatus {
    return {
      kioskCode: config.kiosk.code,
      profile,
      versions: { app: APP_VERSION, node: process.versions.node, api: API_VERSION, ...(process.versions.electron ? { electron: process.versions.electron } : {}) },
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      configId: config.configId,
      startedAt: new Date(startedAt).toISOString(),
      capabilities: summary,
      ui: uiSettingsFromConfig(config),
      devices: deviceStatuses.list(),
      ...(fleet ? { availability: fleet.availability(), fleet: fleet.versions() } : {}),
    };
  }

  let stopping: Promise<void> | undefined;
  return {
    config,
    context,
    router,
    log,
    modules: modules.order,
    service: (id) => modules.service(id),
    status,
    stop: () =>
      (stopping ??= (async () => {
        log.info('core.stopping');
        clearTimeout(graceTimer);
        sessions.dispose();
        router.abortAll();
        await modules.stop();
        log.info('core.stopped');
        log.flush();
      })()),
  };
}

/** Services an admin switched off (config `services`), with the reason the home screen shows. */
function disabledServicesOf(config: KioskConfig): Partial<Record<ServiceEntry, string>> {
  const off: Partial<Record<ServiceEntry, string>> = {};
  for (const [service, enabled] of Object.entries(config.services) as [ServiceEntry, boolean][]) if (!enabled) off[service] = 'reason.serviceDisabled';
  return off;
}

function registerKioskAndSessionApi(ctx: CoreContext, status: () => KioskStatus): void {
  const { router, sessions } = ctx;
  router.register('Kiosk.Status', async () => ok(status()));
  router.register('Session.Start', async (input, c) => ok(sessions.start(c.connection.id, input.language, input.elderlyMode)));
  router.register('Session.Touch', async (_input, c) => {
    const active = sessions.active;
    if (!active || active.connectionId !== c.connection.id) return err(apiError('sequenceError', 'noSession', 'no active session for this connection'));
    return ok({ idleDeadline: new Date(sessions.touch()).toISOString() });
  });
  router.register('Session.End', async (input) => ok({ wiped: sessions.end(input.reason) }));
}
