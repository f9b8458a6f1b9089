// The loopback server (design.md §1): serves the built renderer over HTTP and the API over a
// WebSocket on the same port, bound to 127.0.0.1 only. One 256-bit token per launch, presented as
// the WebSocket subprotocol `bearer.<token>` (browsers cannot set headers) from an allowed
// Origin; the renderer gets it by trading a one-time bootstrap code at `POST /api/bootstrap`.
// No request, however malformed, reaches an unguarded handler: the core never dies on input.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../src-common/api/envelope';
import type { Logger } from '../../src-common/logging';
import type { ApiRouter, ConnectionRole } from '../core/api/ApiRouter';
import { DEFAULT_CONNECTION_LIMITS, serveConnection, type ConnectionLimits } from './apiConnection';
import { BootstrapCodes } from './BootstrapCodes';
import { allowedOrigins, checkOrigin, securityHeaders, tokensEqual } from './httpPolicy';
import { createStaticHandler, type StaticHandler } from './staticFiles';

export const API_SUBPROTOCOL = 'budayang.v1';
export const TOKEN_PROTOCOL_PREFIX = 'bearer.';
export const API_PATH = '/api';
export const BOOTSTRAP_PATH = '/api/bootstrap';
/** A bootstrap request is `{"code":"<32 hex>"}`: anything much larger is not one. */
const MAX_BOOTSTRAP_BODY_BYTES = 1024;
/** Sockets at once, HTTP and WebSocket together: the renderer needs a handful. */
const MAX_SOCKETS = 64;


export interface ApiServerOptions {
  readonly router: ApiRouter;
  readonly log: Logger;
  /** Directory of the built renderer (index.html + assets); absent = API only. */
  readonly staticDir?: string;
  /** 0 = any free port. */
  readonly port?: number;
  /** The session token (a shell keeps it across core restarts); default a fresh 256-bit token. */
  readonly token?: string;
  /**
   * The technician credential of the control channel (docs/technicians.md): a WebSocket presenting
   * it gets a `technician` connection, limited to the control channel's methods. It is not the
   * renderer's token, and a local program (no Origin) may present it. Absent = no control channel.
   */
  readonly technicianToken?: string;
  /** Extra origins allowed besides the server's own (e.g. the Vite dev server). */
  readonly extraOrigins?: readonly string[];
  readonly limits?: Partial<ConnectionLimits>;
  /** Clock for bootstrap code expiry (tests). */
  readonly now?: () => number;
}

export interface ApiServer {
  readonly port: number;
  readonly token: string;
  /** Base URL of the renderer, e.g. http://127.0.0.1:43123/ */
  readonly url: string;
  /** A fresh one-time bootstrap code (for a shell's window or preload). */
  issueBootstrapCode(): string;
  /** The URL a shell opens: the base URL with a fresh one-time code in the fragment. */
  launchUrl(): string;
  /** API connections open now. */
  connectionCount(): number;
  close(): Promise<void>;
}

/** Answers a request that has not been answered yet; a request already answering is cut. */
function answer(res: http.ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, headers).end(body);
}

/** `new URL` and decodeURIComponent throw on malformed input; here that is a 400, not a crash. */
function parsePathname(rawUrl: string | undefined): string | undefined {
  try {
    const pathname = new URL(rawUrl ?? '/', 'http://127.0.0.1').pathname;
    decodeURIComponent(pathname);
    return pathname;
  } catch {
    return undefined;
  }
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const log = options.log;
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const codes = new BootstrapCodes(options.now);
  let port = 0;
  let nextConnection = 1;
  let openConnections = 0;
  const headers = () => securityHeaders(port);
  const origins = () => allowedOrigins(port, options.extraOrigins);

  let serveStatic: StaticHandler | undefined;
  if (options.staticDir) {
    const created = createStaticHandler(options.staticDir, headers);
    if (created.ok) serveStatic = created.value;
    else log.error('server.static_unavailable', { error: created.error });
  }

  const server = http.createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (e) {
      log.error('server.request_failed', { method: String(req.method).slice(0, 20), error: e });
      answer(res, 500, headers());
    }
  });
  server.maxConnections = MAX_SOCKETS;
  server.on('clientError', (_error, socket: Duplex) => {
    // Unparseable HTTP (bad request line, header overflow…): a plain 400, then close.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const refusal = checkUpgrade(req);
      if (refusal) {
        log.warn('api.upgrade_refused', { reason: refusal.reason });
        socket.end(`HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        openConnections++;
        const role = roleOf(req);
        if (role === 'technician') log.info('api.technician_connected');
        serveConnection({ id: `${role === 'technician' ? 't' : 'c'}${nextConnection++}`, role, ws, router: options.router, log, limits, onClosed: () => openConnections-- });
      });
    } catch (e) {
      log.error('api.upgrade_failed', { error: e });
      socket.destroy();
    }
  });

  function presentedToken(req: http.IncomingMessage): { offered: string[]; presented: string | undefined } {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    return { offered, presented: offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) };
  }

  /** A technician credential makes a technician connection; anything else that passed is the renderer. */
  function roleOf(req: http.IncomingMessage): ConnectionRole {
    const { presented } = presentedToken(req);
    return presented !== undefined && options.technicianToken !== undefined && tokensEqual(presented, options.technicianToken) ? 'technician' : 'renderer';
  }

  function checkUpgrade(req: http.IncomingMessage): { status: number; reason: string } | undefined {
    if (parsePathname(req.url) !== API_PATH) return { status: 404, reason: 'not the API endpoint' };
    const { offered, presented } = presentedToken(req);
    const technician = roleOf(req) === 'technician';
    // The CLI is a local program: it sends no Origin. A browser page (any Origin but ours) must
    // not use a technician credential it somehow learnt.
    if (!(technician && req.headers.origin === undefined)) {
      const origin = checkOrigin(req.headers.origin, origins());
      if (!origin.ok) return { status: 403, reason: origin.reason };
    }
    if (!presented || !(technician || tokensEqual(presented, token))) return { status: 401, reason: 'token missing or wrong' };
    if (!offered.includes(API_SUBPROTOCOL)) return { status: 400, reason: `subprotocol ${API_SUBPROTOCOL} not offered` };
    if (openConnections >= limits.maxConnections) return { status: 503, reason: `already ${openConnections} API connections` };
    return undefined;
  }

  function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const pathname = parsePathname(req.url);
    if (pathname === undefined) {
      answer(res, 400, headers());
      return;
    }
    if (pathname === BOOTSTRAP_PATH) {
      redeemBootstrapCode(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, { ...headers(), Allow: 'GET, HEAD' });
      return;
    }
    if (pathname === '/healthz') {
      answer(res, 200, { ...headers(), 'Content-Type': 'text/plain' }, 'ok');
      return;
    }
    if (!serveStatic) {
      answer(res, 404, headers());
      return;
    }
    // Ranges are not needed by the renderer; sirv would open a stream for any it is given.
    delete req.headers.range;
    serveStatic(req, res, () => answer(res, 404, headers()));
  }

  /** `POST /api/bootstrap` `{"code"}` from an allowed Origin → `{"token"}`, once per code. */
  function redeemBootstrapCode(req: http.IncomingMessage, res: http.ServerResponse): void {
    const json = { ...headers(), 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    if (req.method !== 'POST') {
      answer(res, 405, { ...json, Allow: 'POST' });
      return;
    }
    const origin = checkOrigin(req.headers.origin, origins());
    if (!origin.ok) {
      log.warn('api.bootstrap_refused', { reason: origin.reason });
      answer(res, 403, json, JSON.stringify({ error: 'origin' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BOOTSTRAP_BODY_BYTES) {
        answer(res, 413, { ...json, Connection: 'close' }, JSON.stringify({ error: 'tooLarge' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let code: unknown;
      try {
        code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: unknown })?.code;
      } catch {
        code = undefined;
      }
      if (typeof code !== 'string' || code.length > 128) {
        answer(res, 400, json, JSON.stringify({ error: 'malformed' }));
        return;
      }
      const outcome = codes.redeem(code);
      if (!outcome.ok) {
        log.warn('api.bootstrap_refused', { reason: outcome.reason });
        answer(res, 401, json, JSON.stringify({ error: outcome.reason }));
        return;
      }
      log.info('api.bootstrap_redeemed');
      answer(res, 200, json, JSON.stringify({ token }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    port,
    token,
    url,
    issueBootstrapCode: () => codes.issue(),
    launchUrl: () => `${url}#code=${codes.issue()}`,
    connectionCount: () => openConnections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
