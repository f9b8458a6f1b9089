// The browser shell's starting page: Chromium waits on it while the core starts, then gets the
// kiosk's address with a one-time code of its own (a reload gets a fresh one), and the page
// answers no other site.
import http from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { startStartingPage, type StartingPage } from '../../../src-main/shell/browser/startingPage';

let page: StartingPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

/** A GET with an explicit Host header (fetch would not let a test forge one). */
function get(url: string, host?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname: target.hostname, port: target.port, path: target.pathname, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

it('serves a page whose only script is allowed by the nonce of its own policy', async () => {
  page = await startStartingPage();
  const answer = await get(page.url);
  expect(answer.status).toBe(200);
  expect(answer.body).toContain('正在启动');
  const nonce = /script-src 'nonce-([^']+)'/.exec(String(answer.headers['content-security-policy']))?.[1];
  expect(nonce).toBeTruthy();
  expect(answer.body).toContain(`<script nonce="${nonce}">`);
  expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
  expect(answer.headers['cache-control']).toBe('no-store');
});

it('holds /next until the core is ready, then answers each request with a fresh address', async () => {
  page = await startStartingPage();
  let codes = 0;
  // Asked before the hand-over (held, or answered at once if the hand-over wins the race).
  const waiting = get(`${page.url}next`);
  page.handOver(async () => `http://127.0.0.1:1234/#code=c${++codes}`);
  expect(await waiting).toMatchObject({ status: 200, body: 'http://127.0.0.1:1234/#code=c1' });
  // A reload after the hand-over is answered at once, with a code of its own.
  expect(await get(`${page.url}next`)).toMatchObject({ status: 200, body: 'http://127.0.0.1:1234/#code=c2' });
});

it('answers "not yet" (204) when the core is not ready within the hold, so the page asks again', async () => {
  page = await startStartingPage({ holdMs: 20 });
  expect((await get(`${page.url}next`)).status).toBe(204);
});

it('answers 503 when no code can be issued, so the page asks again', async () => {
  page = await startStartingPage();
  page.handOver(() => Promise.reject(new Error('core restarting')));
  expect((await get(`${page.url}next`)).status).toBe(503);
});

it('refuses another Host (DNS rebinding), other paths and other methods', async () => {
  page = await startStartingPage();
  page.handOver(async () => 'http://127.0.0.1:1234/#code=secret');
  const forged = await get(`${page.url}next`, 'evil.example:80');
  expect(forged.status).toBe(403);
  expect(forged.body).not.toContain('secret');
  expect((await get(`${page.url}api`)).status).toBe(404);
  const post = await fetch(`${page.url}next`, { method: 'POST' });
  expect(post.status).toBe(403);
});
