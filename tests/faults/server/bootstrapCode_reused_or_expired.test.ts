// A one-time bootstrap code is what a shell hands the renderer instead of the API token. A code
// that was already traded, one whose time ran out, one never issued, and a trade without the
// renderer's Origin are all refused; the token is given out only for a fresh code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiRouter } from '../../../src-main/core/api/ApiRouter';
import { silentLogger } from '../../../src-common/logging';
import { BOOTSTRAP_CODE_TTL_MS } from '../../../src-main/server/BootstrapCodes';
import { startApiServer, type ApiServer } from '../../../src-main/server/ApiServer';
import { redeemCode } from '../../support/kioskProcess';

let server: ApiServer;
let now = 1_000_000;

beforeEach(async () => {
  now = 1_000_000;
  server = await startApiServer({ router: new ApiRouter(silentLogger), log: silentLogger, now: () => now });
});
afterEach(() => server.close());

describe('one-time bootstrap codes', () => {
  it('trades a fresh code once for the session token; the same code again is refused', async () => {
    const code = server.issueBootstrapCode();
    const first = await redeemCode(server.url, code);
    expect(first).toEqual({ status: 200, body: { token: server.token } });
    const again = await redeemCode(server.url, code);
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ error: 'unknown' });
    expect(JSON.stringify(again.body)).not.toContain(server.token);
  });

  it('refuses a code whose time ran out, and one that was never issued', async () => {
    const code = server.issueBootstrapCode();
    now += BOOTSTRAP_CODE_TTL_MS + 1;
    expect(await redeemCode(server.url, code)).toEqual({ status: 401, body: { error: 'expired' } });
    expect((await redeemCode(server.url, 'f'.repeat(32))).status).toBe(401);
  });

  it('refuses a trade without Origin or from a foreign one, and keeps the code for the real renderer', async () => {
    const code = server.issueBootstrapCode();
    expect((await redeemCode(server.url, code, '')).status).toBe(403);
    expect((await redeemCode(server.url, code, 'http://evil.example')).status).toBe(403);
    expect((await redeemCode(server.url, code)).status).toBe(200);
  });

  it('answers malformed and oversized bodies with 4xx, and GET with 405', async () => {
    const post = (body: string) => fetch(new URL('/api/bootstrap', server.url), { method: 'POST', headers: { Origin: server.url.replace(/\/$/, '') }, body });
    expect((await post('{')).status).toBe(400);
    expect((await post('{"code":7}')).status).toBe(400);
    expect((await post(JSON.stringify({ code: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await fetch(new URL('/api/bootstrap', server.url))).status).toBe(405);
  });
});
