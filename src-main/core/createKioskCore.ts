// The composition root of the core (design.md §1): config, logger, API router, sessions,
// device statuses and the capability gate, then every domain module in order.
import fs from 'node:fs';
import path from 'node:path';
import type { KioskConfigInput, KioskConfig } from '../../kiosk-config/schema';
import { API_VERSION, methods } from '../../src-common/api';
import type { CapabilitySummary, KioskStatus } from '../../src-common/api/kiosk';
import { apiError } from '../../src-common/api/envelope';
import { ok } from '../../src-common/result';
import { ApiRouter } from './api/ApiRouter';
import { summarizeCapabilities } from './capabilities/capabilityGate';
import { loadConfig } from './config/loadConfig';
import type { CoreContext, CoreModule } from './CoreContext';
import { DeviceStatusBoard } from './devices/DeviceStatusBoard';
import { createLogger, type CoreLogger, type LoggerOptions } from './logging/createLogger';
import { coreModules } from './modules';
import type { CoreServices } from './services';
import { SessionService } from './session/SessionService';
import { trackSessionActivity } from './session/sessionActivity';
import { uiSettingsFromConfig } from './config/uiSettings';
import { APP_VERSION } from './version';

/** How long after boot devices may take to report before the kiosk declares itself out of service. */
const BOOT_GRACE_MS = 10_000;

export interface KioskCoreOptions {
  readonly dataDir: string;
  /** Profile name under kiosk-config/profiles, or a JSON path. Default `demo`. */
  readonly profile?: string;
  readonly configOverrides?: Partial<KioskConfigInput>;
  readonly logger?: Omit<LoggerOptions, 'logDir'> & { readonly logDir?: string | false };
  /** Modules to start; default all of src-main/core/modules.ts. Tests pass a subset. */
  readonly modules?: readonly CoreModule[];
}

export interface KioskCore {
  readonly config: KioskConfig;
  readonly context: CoreContext;
  readonly router: ApiRouter;
  readonly log: CoreLogger;
  status(): KioskStatus;
  /** Graceful shutdown: ends the session, stops modules in reverse order, flushes the log. */
  stop(): Promise<void>;
}

export async function createKioskCore(options: KioskCoreOptions): Promise<KioskCore> {
  const profile = options.profile ?? 'demo';
  const loaded = loadConfig({ profile, ...(options.configOverrides ? { overrides: options.configOverrides } : {}) });
  if (!loaded.ok) throw new Error(loaded.error);
  const config = loaded.value;
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const logDir = options.logger?.logDir === false ? undefined : (options.logger?.logDir ?? path.join(options.dataDir, 'logs'));
  const { logDir: _ignored, ...loggerOptions } = options.logger ?? {};
  const log = createLogger({ ...loggerOptions, ...(logDir ? { logDir } : {}) });
  const startedAt = Date.now();

  const router = new ApiRouter(log.child('api'));
  const deviceStatuses = new DeviceStatusBoard();
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  let platformOnline = false;
  let summary: CapabilitySummary = summarizeCapabilities({ devices: [], platformOnline });

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
  const capabilities: CoreContext['capabilities'] = {
    current: () => summary,
    refresh: () => {
      const evaluated = summarizeCapabilities({ devices: deviceStatuses.list(), platformOnline });
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
  deviceStatuses.onDidChange((status) => {
    router.broadcast('Device.StatusChanged', status);
    capabilities.refresh();
  });

  const services: CoreServices = {};
  const context: CoreContext = {
    config,
    profile,
    dataDir: options.dataDir,
    log,
    router,
    sessions,
    deviceStatuses,
    services,
    capabilities,
    onShutdown: (fn) => shutdownHooks.push(fn),
  };

  // Methods that need a citizen session are refused without one, and only its owner may call them.
  router.addGuard((name, connection) => {
    if (!methods[name].requiresSession) return undefined;
    const active = sessions.active;
    if (!active) return apiError('sequenceError', `${name} needs an active citizen session`);
    if (active.connectionId !== connection.id) return apiError('unauthorized', `${name}: the session belongs to another connection`);
    return undefined;
  });
  registerKioskAndSessionApi(context, () => status());

  for (const module of options.modules ?? coreModules) {
    await module.start(context);
  }
  capabilities.refresh();

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
    };
  }

  let stopping: Promise<void> | undefined;
  return {
    config,
    context,
    router,
    log,
    status,
    stop: () =>
      (stopping ??= (async () => {
        log.info('core.stopping');
        clearTimeout(graceTimer);
        sessions.dispose();
        router.abortAll();
        for (const hook of shutdownHooks.reverse()) {
          try {
            await hook();
          } catch (e) {
            log.error('core.shutdown_hook_failed', { error: e });
          }
        }
        log.info('core.stopped');
        log.flush();
      })()),
  };
}

function registerKioskAndSessionApi(ctx: CoreContext, status: () => KioskStatus): void {
  const { router, sessions } = ctx;
  router.register('Kiosk.Status', async () => ok(status()));
  router.register('Session.Start', async (input, c) => ok(sessions.start(c.connection.id, input.language, input.elderlyMode)));
  router.register('Session.Touch', async (_input, c) => {
    const active = sessions.active;
    if (!active || active.connectionId !== c.connection.id) return { ok: false, error: apiError('sequenceError', 'no active session for this connection') };
    return ok({ idleDeadline: new Date(sessions.touch()).toISOString() });
  });
  router.register('Session.End', async (input) => ok({ wiped: sessions.end(input.reason) }));
}
