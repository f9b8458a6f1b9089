// The loopback server: serves the built renderer over HTTP and the API over a WebSocket on the
// same port (design.md §1). Bound to 127.0.0.1 only; one 256-bit token per launch, presented as
// the WebSocket subprotocol `bearer.<token>` (browsers cannot set headers); the Origin, when a
// browser sends one, must be this server's own. Every frame goes to the router, which validates it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../src-common/api/envelope';
import type { Logger } from '../../src-common/logging';
import type { ApiRouter } from '../core/api/ApiRouter';

export const API_SUBPROTOCOL = 'budayang.v1';
export const TOKEN_PROTOCOL_PREFIX = 'bearer.';
/** Ping interval: a renderer that stops answering is dropped and its commands aborted. */
const HEARTBEAT_INTERVAL_MS = 10_000;

export interface ApiServerOptions {
  readonly router: ApiRouter;
  readonly log: Logger;
  /** Directory of the built renderer (index.html + assets); absent = API only. */
  readonly staticDir?: string;
  /** 0 = any free port. */
  readonly port?: number;
  /** Fixed token for tests; default a fresh 256-bit token. */
  readonly token?: string;
  /** Extra origins allowed besides the server's own (e.g. the Vite dev server). */
  readonly extraOrigins?: readonly string[];
}

export interface ApiServer {
  readonly port: number;
  readonly token: string;
  /** Base URL of the renderer, e.g. http://127.0.0.1:43123/ */
  readonly url: string;
  /** The URL a shell opens: the base URL with the token in the fragment (never sent to a server). */
  readonly launchUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ico': 'image/x-icon',
};

/** The renderer's Content-Security-Policy: nothing leaves the machine, no inline scripts. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob: mediastream:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function tokensEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const log = options.log;
  let port = 0;
  let nextConnection = 1;

  const server = http.createServer((req, res) => serveStatic(req, res));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req);
    if (refusal) {
      log.warn('api.upgrade_refused', { reason: refusal });
      socket.write(`HTTP/1.1 ${refusal.startsWith('origin') ? 403 : 401} Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function checkUpgrade(req: http.IncomingMessage): string | undefined {
    if (req.url !== '/api') return `path ${req.url} is not the API endpoint`;
    const origin = req.headers.origin;
    const own = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...(options.extraOrigins ?? [])];
    if (origin !== undefined && !own.includes(origin)) return `origin ${origin} not allowed`;
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    if (!presented || !tokensEqual(presented, token)) return 'token missing or wrong';
    if (!offered.includes(API_SUBPROTOCOL)) return `subprotocol ${API_SUBPROTOCOL} not offered`;
    return undefined;
  }

  function onConnection(ws: WebSocket): void {
    const id = `c${nextConnection++}`;
    let alive = true;
    const connection = { id, send: (message: unknown) => ws.send(JSON.stringify(message)) };
    options.router.attach(connection);
    log.info('api.connected', { connection: id });
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, HEARTBEAT_INTERVAL_MS);
    ping.unref();
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        connection.send({ name: '', requestId: '', type: 'completion', completionCode: 'invalidData', errorDescription: 'binary frames are not accepted', payload: null });
        return;
      }
      void options.router.handleRaw(connection, data.toString());
    });
    ws.on('close', () => {
      clearInterval(ping);
      options.router.detach(id);
      log.info('api.disconnected', { connection: id });
    });
    ws.on('error', (e) => log.warn('api.socket_error', { connection: id, error: e }));
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    const staticDir = options.staticDir;
    if (!staticDir) {
      res.writeHead(404, headers).end();
      return;
    }
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.normalize(path.join(staticDir, urlPath));
    if (!file.startsWith(path.normalize(staticDir))) {
      res.writeHead(403, headers).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticDir, 'index.html');
    fs.readFile(file, (error, body) => {
      if (error) {
        res.writeHead(404, headers).end();
        return;
      }
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': cache }).end(req.method === 'HEAD' ? undefined : body);
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
    launchUrl: `${url}#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
