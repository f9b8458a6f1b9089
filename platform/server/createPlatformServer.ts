// The reference central platform (design.md §6): fastify over its own SQLite, implementing
// platform/openapi.yaml for development, demos and tests.
import fs from 'node:fs';
import Fastify from 'fastify';
import { loadOrCreateAdminKey, loadOrCreateAdminToken } from './adminKey';
import { FaultControl } from './faults';
import { PlatformStore } from './platformStore';
import { sendError, stampServerTime, type PlatformRouteContext } from './routeContext';
import { platformRoutes } from './routes/index';

export interface PlatformServerOptions {
  readonly dataDir: string;
  /** 0 = any free port. */
  readonly port?: number;
  readonly host?: string;
  /** Admin bearer token; default read from or created in `<dataDir>/admin-token`. */
  readonly adminToken?: string;
  /** The platform's clock (tests of clock skew). */
  readonly now?: () => number;
}

export interface PlatformServer {
  readonly url: string;
  readonly adminToken: string;
  readonly adminPublicKey: string;
  readonly store: PlatformStore;
  readonly faults: FaultControl;
  /** Creates a one-time provisioning code (same as `POST /admin/provisioning-codes`). */
  createProvisioningCode(): string;
  close(): Promise<void>;
}

export async function createPlatformServer(options: PlatformServerOptions): Promise<PlatformServer> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const store = new PlatformStore(options.dataDir);
  const ctx: PlatformRouteContext = {
    dataDir: options.dataDir,
    store,
    faults: new FaultControl(),
    adminKey: loadOrCreateAdminKey(options.dataDir),
    adminToken: loadOrCreateAdminToken(options.dataDir, options.adminToken),
    now: options.now ?? (() => Date.now()),
  };
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 32 * 1024 * 1024 });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      done(null, body ? (JSON.parse(body as string) as unknown) : {});
    } catch {
      done(Object.assign(new Error('body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    stampServerTime(reply, ctx.now());
    if (!request.url.startsWith('/admin') && ctx.faults.take('down')) request.raw.socket.destroy();
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    void sendError(reply, status, status === 500 ? 'internal' : 'invalidRequest', error.message);
  });
  for (const routes of platformRoutes) routes(app, ctx);
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    adminToken: ctx.adminToken,
    adminPublicKey: ctx.adminKey.publicKey,
    store,
    faults: ctx.faults,
    createProvisioningCode: () => store.createProvisioningCode(),
    close: async () => {
      await app.close();
      store.close();
    },
  };
}
