// Browsers always send Origin on a WebSocket handshake; a handshake without one comes from some
// local program, which used to be let in when it had the token. Now it is refused (403), as is a
// foreign Origin, even with the right token.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiRouter } from '../../../src-main/core/api/ApiRouter';
import { silentLogger } from '../../../src-common/logging';
import { startApiServer, type ApiServer } from '../../../src-main/server/ApiServer';

let server: ApiServer;
beforeEach(async () => {
  server = await startApiServer({ router: new ApiRouter(silentLogger), log: silentLogger });
});
afterEach(() => server.close());

function handshake(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, ['budayang.v1', `bearer.${server.token}`], { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('WebSocket upgrade', () => {
  it('is refused without an Origin header, even with the right token', async () => {
    expect(await handshake({})).toBe(403);
  });

  it('is refused from a foreign Origin and accepted from the renderer\'s own', async () => {
    expect(await handshake({ Origin: 'http://evil.example' })).toBe(403);
    expect(await handshake({ Origin: 'null' })).toBe(403);
    expect(await handshake({ Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    expect(await handshake({ Origin: `http://localhost:${server.port}` })).toBe(101);
  });
});
