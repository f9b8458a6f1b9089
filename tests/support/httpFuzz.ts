// Random HTTP thrown at the kiosk's loopback server: fast-check draws methods, raw paths (broken
// percent-encoding, `..`, unicode, very long), headers (WebSocket upgrade attempts among them) and
// bodies; a share goes over raw TCP as bytes that are not HTTP at all. Used by the fault test (a
// short run in `npm test`) and by the server benchmark (100,000 requests).
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** Sent as these raw bytes over TCP instead (not HTTP). */
  readonly raw?: Uint8Array;
}

export interface FuzzReport {
  readonly sent: number;
  /** HTTP status → count; 0 = the connection was closed or refused without an answer. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly elapsedMs: number;
}

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const PATH_CHARS = TOKEN_CHARS + '/?#=;:@,()[]{}<>"\\';
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 24 });
const hex = fc.constantFrom(...'0123456789abcdefABCDEFgz');
const pathPiece = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PATH_CHARS), maxLength: 12 }),
  fc.tuple(hex, hex).map(([a, b]) => `%${a}${b}`),
  fc.constantFrom('%', '%f', '%ff', '%c0%af', '%ed%a0%80', '%00', '..', '../', '..%2f', '%2e%2e/', '/assets/', 'index.html', 'healthz', 'api', 'api/bootstrap'),
  fc.string({ unit: 'grapheme', maxLength: 4 }).map((s) => encodeURIComponent(s)),
);
const fuzzPath = fc.oneof(
  fc.array(pathPiece, { maxLength: 10 }).map((pieces) => `/${pieces.join('')}`),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => `/${'a'.repeat(n)}`),
);
const method = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') }, { weight: 1, arbitrary: token.map((t) => t.toUpperCase()) });
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const headers = fc.oneof(
  fc.dictionary(token, headerValue, { maxKeys: 6 }),
  fc.record({ Connection: fc.constant('Upgrade'), Upgrade: fc.constantFrom('websocket', 'h2c', 'x'), 'Sec-WebSocket-Version': fc.constantFrom('13', '8', 'x'), 'Sec-WebSocket-Key': fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', '', 'x'), 'Sec-WebSocket-Protocol': headerValue, Origin: fc.constantFrom('http://127.0.0.1', 'http://evil.example', 'null') }),
  fc.record({ Origin: headerValue, 'Content-Type': fc.constantFrom('application/json', 'text/plain'), Range: fc.constantFrom('bytes=5-2', 'bytes=-1', 'bytes=0-', 'bytes=abc', 'bytes=99999999-') }),
);
const body = fc.oneof({ weight: 3, arbitrary: fc.constant(new Uint8Array()) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }) }, { weight: 1, arbitrary: fc.constantFrom('{"code":"00"}', '{"code":1}', '{', 'null', '{"code":"' + 'f'.repeat(32) + '"}').map((s) => new TextEncoder().encode(s)) });
const rawBytes = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 2048 }), fc.constantFrom('GET /%ff HTTP/1.1\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET\r\n\r\n', 'POST /api/bootstrap HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n{', `GET / HTTP/1.1\r\nX: ${'y'.repeat(20_000)}\r\n\r\n`).map((s) => new TextEncoder().encode(s)));

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 19, arbitrary: fc.record({ method, path: fuzzPath, headers, body }) },
  { weight: 1, arbitrary: rawBytes.map((raw) => ({ method: '', path: '', headers: {}, body: new Uint8Array(), raw })) },
);

function sendHttp(agent: http.Agent, port: number, request: FuzzRequest): Promise<number> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number) => {
      if (!settled) {
        settled = true;
        resolve(status);
      }
    };
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers: { ...request.headers, 'Content-Length': String(request.body.length) }, agent, timeout: 10_000 }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', () => done(res.statusCode ?? 0));
      });
    } catch {
      done(-1); // refused by Node's own client (an invalid header value): nothing was sent
      return;
    }
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      done(res.statusCode ?? 101);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end(request.body);
  });
}

function sendRaw(port: number, bytes: Uint8Array): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.end(bytes);
  });
}

/** Sends `count` random requests with `concurrency` in flight over keep-alive connections. */
export async function runHttpFuzz(options: { port: number; count: number; concurrency?: number; seed?: number }): Promise<FuzzReport> {
  // Drawn in batches with successive seeds: every request differs, memory stays small.
  const seed = options.seed ?? 42;
  let batch: FuzzRequest[] = [];
  let batchIndex = 0;
  const draw = (): FuzzRequest => {
    if (batch.length === 0) batch = fc.sample(fuzzRequest, { numRuns: 1_000, seed: seed + batchIndex++ });
    return batch.pop()!;
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 16 });
  const statuses = new Map<number, number>();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      next++;
      const request = draw();
      const status = request.raw ? await sendRaw(options.port, request.raw) : await sendHttp(agent, options.port, request);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  agent.destroy();
  return { sent: options.count, statuses, elapsedMs: performance.now() - started };
}
