// The loopback WebSocket API: token and Origin checks, one-time bootstrap codes, malformed input
// answered with invalidData while the core keeps serving, and a client that reconnects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { startApiServer, type ApiServer } from '../../../src-main/server/ApiServer';

let core: KioskCore;
let server: ApiServer;

beforeEach(async () => {
  core = await createKioskCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-api-')), profile: 'test', logger: { logDir: false }, modules: [] });
  server = await startApiServer({ router: core.router, log: core.log });
});

afterEach(async () => {
  await server.close();
  await core.stop();
});

const ownOrigin = () => ({ Origin: `http://127.0.0.1:${server.port}` });

function open(protocols: string[], headers: Record<string, string> = ownOrigin()): Promise<{ ws: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, protocols, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode }));
    ws.once('error', () => resolve({ ws, status: -1 }));
  });
}

function nextMessage(ws: WebSocket, predicate: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(m)) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
  });
}

const good = () => ['budayang.v1', `bearer.${server.token}`];

describe('API server', () => {
  it('binds to loopback only and issues a 256-bit token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a wrong token and a missing token', async () => {
    const wrong = await open(['budayang.v1', `bearer.${'0'.repeat(64)}`]);
    expect(wrong.status).toBe(401);
    const missing = await open(['budayang.v1']);
    expect(missing.status).toBe(401);
  });

  it('refuses a foreign Origin, and no Origin at all, even with the right token', async () => {
    const foreign = await open(good(), { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const none = await open(good(), {});
    expect(none.status).toBe(403);
    const own = await open(good(), { Origin: `http://127.0.0.1:${server.port}` });
    expect(own.status).toBeUndefined();
    own.ws.close();
  });

  it('answers malformed messages with invalidData and keeps serving', async () => {
    const { ws } = await open(good());
    const garbage = ['not json', '{"type":"command"}', JSON.stringify({ name: 'Kiosk.Status', requestId: 'x', type: 'bogus', payload: {} }), '[]', 'null'];
    for (const g of garbage) {
      const reply = nextMessage(ws);
      ws.send(g);
      expect(await reply).toMatchObject({ type: 'completion', completionCode: 'invalidData' });
    }
    const badPayload = nextMessage(ws, (m) => m.type === 'completion');
    ws.send(JSON.stringify({ name: 'Session.Start', requestId: 'p1', type: 'command', payload: { language: 'fr', elderlyMode: 'yes' } }));
    expect(await badPayload).toMatchObject({ requestId: 'p1', completionCode: 'invalidData' });
    const unknown = nextMessage(ws, (m) => m.type === 'completion');
    ws.send(JSON.stringify({ name: 'Nope.Nothing', requestId: 'u1', type: 'command', payload: {} }));
    expect(await unknown).toMatchObject({ requestId: 'u1', completionCode: 'invalidCommand' });
    const status = nextMessage(ws, (m) => m.type === 'completion');
    ws.send(JSON.stringify({ name: 'Kiosk.Status', requestId: 's1', type: 'command', payload: {} }));
    const answer = await status;
    expect(answer).toMatchObject({ requestId: 's1', completionCode: 'success' });
    expect((answer.payload as { kioskCode: string }).kioskCode).toBe('TEST01');
    ws.close();
  });

  it('refuses session methods without a session, and from a connection that does not own it', async () => {
    const a = (await open(good())).ws;
    const b = (await open(good())).ws;
    const noSession = nextMessage(a, (m) => m.type === 'completion');
    a.send(JSON.stringify({ name: 'Session.Touch', requestId: 't0', type: 'command', payload: {} }));
    expect(await noSession).toMatchObject({ completionCode: 'sequenceError' });
    const started = nextMessage(a, (m) => m.type === 'completion');
    a.send(JSON.stringify({ name: 'Session.Start', requestId: 's', type: 'command', payload: { language: 'zh-CN', elderlyMode: false } }));
    expect(await started).toMatchObject({ completionCode: 'success' });
    const stolen = nextMessage(b, (m) => m.type === 'completion');
    b.send(JSON.stringify({ name: 'Session.Touch', requestId: 't1', type: 'command', payload: {} }));
    expect(await stolen).toMatchObject({ completionCode: 'unauthorized' });
    a.close();
    b.close();
  });

  it('a client reconnects after the server restarts on the same port and token', async () => {
    const port = server.port;
    const token = server.token;
    const origin = { origin: `http://127.0.0.1:${port}` };
    const client = new ApiClient(() => new WebSocket(`ws://127.0.0.1:${port}/api`, ['budayang.v1', `bearer.${token}`], origin) as unknown as ClientSocket, { initialDelayMs: 50, maxDelayMs: 200 });
    await client.whenOpen();
    const states: string[] = [];
    client.onConnectionState((s) => states.push(s));
    const reconnecting = new Promise<void>((resolve) => {
      const off = client.onConnectionState((s) => {
        if (s !== 'reconnecting') return;
        off();
        resolve();
      });
    });
    await server.close();
    await reconnecting;
    expect(client.connectionState).toBe('reconnecting');
    server = await startApiServer({ router: core.router, log: core.log, port, token });
    await client.whenOpen();
    const status = await client.call('Kiosk.Status', {});
    expect(status.ok).toBe(true);
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('open');
    client.close();
  });
});
