// The reference central platform (design.md §6): fastify over PostgreSQL (PGlite embedded by
// default, or a server shared by several instances), implementing platform/openapi.yaml for
// development, demos, tests and load tests. Instances keep no state of their own.
import fs from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { RolloutDriver } from './fleet/rolloutDriver';
import { loadFleetSigner } from './fleet/signingKey';
import { AdminAuth, DEFAULT_SESSION_POLICY, type SessionPolicy } from './admin/adminAuth';
import { installAuditTrail } from './admin/auditTrail';
import { loadOrCreateAdminToken } from './adminKey';
import { loadOrCreateHolderLookup } from './cases/holderLookup';
import type { MonitoringPolicy } from './monitoring/alertRules';
import { FaultControl } from './faults';
import { sha256Hex } from './kioskAuth';
import { PlatformStore, type PlatformDatabaseLocation } from './platformStore';
import { sendError, stampServerTime, type PlatformRouteContext } from './routeContext';
import { CONSOLE_PREFIX, defaultConsoleDir } from './routes/console';
import { DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE } from './routes/session';
export { DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE };
import { platformRoutes } from './routes/index';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from './store/accountStore';
import { DEFAULT_PROVISIONING_CODE_TTL_MS } from './store/kioskStore';
import { DEFAULT_HEARTBEAT_SECONDS } from './fleet/kioskHealth';
import type { RetentionPolicy } from './storage/maintenance';
import { PlatformBusy } from './storage/microBatcher';

/** How long a shed request is asked to wait. */
const BUSY_RETRY_AFTER_SECONDS = 2;

export interface PlatformServerOptions {
  /** Admin key, admin token and (embedded store) the PGlite cluster live here. */
  readonly dataDir: string;
  /** A PostgreSQL server (`postgres://…`); absent = the embedded PGlite store in `dataDir`. */
  readonly databaseUrl?: string;
  /** 0 = any free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * The fleet signing key (PEM, 0600; `budayang admin keygen`): signs remote commands and bundles
   * published unsigned. Required with `databaseUrl` (every instance gets the same file); the
   * embedded store falls back to a development key in `dataDir`.
   */
  readonly signingKeyFile?: string;
  /** How often rollouts are evaluated (soak times, offline kiosks); default 2 s. */
  readonly rolloutTickMs?: number;
  /** Admin bearer token; default read from or created in `<dataDir>/admin-token`. */
  readonly adminToken?: string;
  /** The platform's clock (tests of clock skew, expiry and retention). */
  readonly now?: () => number;
  readonly retention?: RetentionPolicy;
  /** How long new provisioning codes stay valid (default 24 h). */
  readonly provisioningCodeTtlMs?: number;
  /** Provisioning attempts per client address per minute (default 10). */
  readonly provisioningAttemptsPerMinute?: number;
  /** Maintenance period; 0 = only at start (default hourly). */
  readonly maintenanceIntervalMs?: number;
  /**
   * Behind a load balancer: trust its `X-Forwarded-For` (fastify's `trustProxy`: true, a hop
   * count, or the balancer's addresses) so per-address limits see the kiosk, not the balancer.
   */
  readonly trustProxy?: boolean | string;
  /**
   * The holder lookup key (base64, ≥ 32 bytes): ID numbers are kept only as an HMAC under it.
   * Default: read from or created in `<dataDir>/holder-lookup.key`. Instances sharing a database
   * need the same key (checked at start).
   */
  readonly holderLookupKey?: string;
  /** Alert thresholds; the defaults follow the kiosk config's defaults. */
  readonly monitoring?: Partial<MonitoringPolicy>;
  /** Offline watch period; 0 = never by itself (default a quarter of the heartbeat interval). */
  readonly offlineWatchIntervalMs?: number;
  /**
   * Load tests only: accept `POST /admin/loadtest/kiosks`, which registers many kiosk keys at once
   * without provisioning codes. Never on a platform kiosks really use.
   */
  readonly allowBulkProvisioning?: boolean;
  /** The fleet's heartbeat interval in seconds (kiosk `sync.heartbeatSeconds`, default 60): offline after 3 missed. */
  readonly heartbeatSeconds?: number;
  /** The built fleet console to serve under /console/; default dist/console when built; null = none. */
  readonly consoleDir?: string | null;
  /** Console session lifetimes (default 30 min idle, 12 h at most). */
  readonly sessions?: SessionPolicy;
  /** Failed sign-ins that lock an account and for how long (default 5, 15 min). */
  readonly lockout?: LockoutPolicy;
  /** Console sign-in attempts per client address per minute, whatever the user names (default 20). */
  readonly signInAttemptsPerMinute?: number;
}

export interface PlatformServer {
  readonly url: string;
  readonly adminToken: string;
  readonly adminPublicKey: string;
  /** Where the fleet console is served, or null when no built console was found. */
  readonly consoleUrl: string | null;
  readonly store: PlatformStore;
  readonly faults: FaultControl;
  /** Evaluates rollouts (tests call `tick()` instead of waiting for the timer). */
  readonly rollouts: RolloutDriver;
  /** Every route the server registered (`GET /v1/cases/{caseNumber}` style), for the contract test. */
  readonly routes: ReadonlyArray<{ readonly method: string; readonly path: string }>;
  /** Creates a one-time provisioning code (same as `POST /admin/provisioning-codes`). */
  createProvisioningCode(): Promise<string>;
  close(): Promise<void>;
}

export function databaseLocation(options: Pick<PlatformServerOptions, 'dataDir' | 'databaseUrl'>): PlatformDatabaseLocation {
  return options.databaseUrl ? { kind: 'server', url: options.databaseUrl } : { kind: 'embedded', dataDir: options.dataDir };
}

export async function createPlatformServer(options: PlatformServerOptions): Promise<PlatformServer> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const now = options.now ?? (() => Date.now());
  const signer = loadFleetSigner({ dataDir: options.dataDir, sharedDatabase: options.databaseUrl !== undefined, ...(options.signingKeyFile !== undefined ? { signingKeyFile: options.signingKeyFile } : {}) });
  if (!signer.ok) throw new Error(signer.error);
  // One heartbeat interval for the console's liveness and the offline alerts: `heartbeatSeconds`,
  // else the monitoring policy's, else the kiosk config's default.
  const heartbeatSeconds = options.heartbeatSeconds ?? (options.monitoring?.heartbeatIntervalMs !== undefined ? options.monitoring.heartbeatIntervalMs / 1000 : DEFAULT_HEARTBEAT_SECONDS);
  const store = await PlatformStore.open({
    location: databaseLocation(options),
    now,
    ...(options.retention ? { retention: options.retention } : {}),
    ...(options.maintenanceIntervalMs !== undefined ? { maintenanceIntervalMs: options.maintenanceIntervalMs } : {}),
    holderLookup: loadOrCreateHolderLookup(options.dataDir, options.holderLookupKey),
    monitoring: { heartbeatIntervalMs: heartbeatSeconds * 1000, ...options.monitoring },
    ...(options.offlineWatchIntervalMs !== undefined ? { offlineWatchIntervalMs: options.offlineWatchIntervalMs } : {}),
  });
  const rollouts = new RolloutDriver(store.rollouts, now, options.rolloutTickMs ?? 2_000);
  const adminToken = loadOrCreateAdminToken(options.dataDir, options.adminToken);
  const consoleDir = options.consoleDir === null ? undefined : (options.consoleDir ?? defaultConsoleDir());
  const ctx: PlatformRouteContext = {
    store,
    faults: new FaultControl(),
    signer: signer.value,
    rollouts,
    adminToken,
    adminAuth: new AdminAuth(store, adminToken, now, options.sessions ?? DEFAULT_SESSION_POLICY),
    lockout: options.lockout ?? DEFAULT_LOCKOUT,
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE,
    heartbeatSeconds,
    ...(consoleDir ? { consoleDir } : {}),
    now,
    provisioningCodeTtlMs: options.provisioningCodeTtlMs ?? DEFAULT_PROVISIONING_CODE_TTL_MS,
    provisioningAttemptsPerMinute: options.provisioningAttemptsPerMinute ?? 10,
    allowBulkProvisioning: options.allowBulkProvisioning ?? false,
  };
  // The default body limit is the smallest; routes that take more declare their own.
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 16 * 1024, trustProxy: options.trustProxy ?? false });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    // A signed request's body must be the one its signature declared.
    if (request.signedBodySha256 !== undefined && sha256Hex(text) !== request.signedBodySha256) {
      done(Object.assign(new Error('the body does not match the signed content hash'), { statusCode: 401, code: 'badSignature' }), undefined);
      return;
    }
    try {
      done(null, text ? (JSON.parse(text) as unknown) : {});
    } catch {
      done(Object.assign(new Error('body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  await app.register(fastifyCookie);
  installAuditTrail(app, store, now);
  app.addHook('onRequest', async (request, reply) => {
    stampServerTime(reply, ctx.now());
    // The injected "down" fault acts on kiosk routes; admins and the console keep working.
    if (!request.url.startsWith('/admin') && !request.url.startsWith('/console') && ctx.faults.take('down')) request.raw.socket.destroy();
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    if (error instanceof PlatformBusy) {
      // Shedding load: the kiosk comes back after Retry-After (its outbox honours it).
      reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
      return void sendError(reply, 503, 'unavailable', error.message, ctx.now());
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const code = error.code === 'badSignature' ? 'badSignature' : status === 413 ? 'tooLarge' : status === 500 ? 'internal' : 'invalidRequest';
    void sendError(reply, status, code, status === 500 ? 'the platform failed to handle this request' : error.message, ctx.now());
  });
  const registered: Array<{ method: string; path: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // HEAD is fastify's automatic twin of every GET, not a route of the contract; the console's
      // static files are web pages, not JSON operations.
      if (method !== 'HEAD' && !route.url.startsWith(CONSOLE_PREFIX.slice(0, -1))) registered.push({ method, path: route.url.replace(/:(\w+)/g, '{$1}') });
    }
  });
  for (const routes of platformRoutes) routes(app, ctx);
  let address: string;
  try {
    address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  } catch (e) {
    await store.close();
    throw e;
  }
  rollouts.start();
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    adminToken: ctx.adminToken,
    adminPublicKey: ctx.signer.publicKey,
    consoleUrl: consoleDir ? `${address.replace('[::1]', '127.0.0.1')}${CONSOLE_PREFIX}` : null,
    store,
    faults: ctx.faults,
    rollouts,
    routes: registered,
    createProvisioningCode: async () => (await store.kiosks.createProvisioningCode(new Date(ctx.now()), ctx.provisioningCodeTtlMs)).code,
    close: async () => {
      await rollouts.stop();
      await app.close();
      await store.close();
    },
  };
}
