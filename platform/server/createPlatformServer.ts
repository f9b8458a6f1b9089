// The reference central platform (design.md §6): fastify over PostgreSQL (PGlite embedded by
// default, or a server shared by several instances), implementing platform/openapi.yaml for
// development, demos, tests and load tests. Instances keep no state of their own.
import fs from 'node:fs';
import Fastify from 'fastify';
import { loadOrCreateAdminKey, loadOrCreateAdminToken } from './adminKey';
import { FaultControl } from './faults';
import { sha256Hex } from './kioskAuth';
import { PlatformStore, type PlatformDatabaseLocation } from './platformStore';
import { sendError, stampServerTime, type PlatformRouteContext } from './routeContext';
import { platformRoutes } from './routes/index';
import { DEFAULT_PROVISIONING_CODE_TTL_MS } from './store/kioskStore';
import type { RetentionPolicy } from './storage/maintenance';

export interface PlatformServerOptions {
  /** Admin key, admin token and (embedded store) the PGlite cluster live here. */
  readonly dataDir: string;
  /** A PostgreSQL server (`postgres://…`); absent = the embedded PGlite store in `dataDir`. */
  readonly databaseUrl?: string;
  /** 0 = any free port. */
  readonly port?: number;
  readonly host?: string;
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
}

export interface PlatformServer {
  readonly url: string;
  readonly adminToken: string;
  readonly adminPublicKey: string;
  readonly store: PlatformStore;
  readonly faults: FaultControl;
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
  const store = await PlatformStore.open({
    location: databaseLocation(options),
    now,
    ...(options.retention ? { retention: options.retention } : {}),
    ...(options.maintenanceIntervalMs !== undefined ? { maintenanceIntervalMs: options.maintenanceIntervalMs } : {}),
  });
  const ctx: PlatformRouteContext = {
    store,
    faults: new FaultControl(),
    adminKey: loadOrCreateAdminKey(options.dataDir),
    adminToken: loadOrCreateAdminToken(options.dataDir, options.adminToken),
    now,
    provisioningCodeTtlMs: options.provisioningCodeTtlMs ?? DEFAULT_PROVISIONING_CODE_TTL_MS,
    provisioningAttemptsPerMinute: options.provisioningAttemptsPerMinute ?? 10,
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
  app.addHook('onRequest', async (request, reply) => {
    stampServerTime(reply, ctx.now());
    if (!request.url.startsWith('/admin') && ctx.faults.take('down')) request.raw.socket.destroy();
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const code = error.code === 'badSignature' ? 'badSignature' : status === 413 ? 'tooLarge' : status === 500 ? 'internal' : 'invalidRequest';
    void sendError(reply, status, code, status === 500 ? 'the platform failed to handle this request' : error.message, ctx.now());
  });
  const registered: Array<{ method: string; path: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // HEAD is fastify's automatic twin of every GET, not a route of the contract.
      if (method !== 'HEAD') registered.push({ method, path: route.url.replace(/:(\w+)/g, '{$1}') });
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
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    adminToken: ctx.adminToken,
    adminPublicKey: ctx.adminKey.publicKey,
    store,
    faults: ctx.faults,
    routes: registered,
    createProvisioningCode: async () => (await store.kiosks.createProvisioningCode(new Date(ctx.now()), ctx.provisioningCodeTtlMs)).code,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
