// The renderer's folder is served by sirv confined to its real path. The hand-written server
// before it compared string prefixes, so a sibling folder whose name starts with the same prefix
// (`renderer-secrets/`) was served, and a symlink out of the folder was followed. Both are
// refused now; the security and cache headers are those of before.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiRouter } from '../../../src-main/core/api/ApiRouter';
import { silentLogger } from '../../../src-common/logging';
import { startApiServer, type ApiServer } from '../../../src-main/server/ApiServer';

let server: ApiServer;
let root: string;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-static-'));
  const renderer = path.join(root, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>kiosk</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app-1234.js'), 'console.log(1)');
  fs.mkdirSync(path.join(root, 'renderer-secrets'));
  fs.writeFileSync(path.join(root, 'renderer-secrets', 'secret.txt'), 'SIBLING-SECRET');
  fs.writeFileSync(path.join(root, 'outside.txt'), 'OUTSIDE-SECRET');
  fs.symlinkSync(path.join(root, 'outside.txt'), path.join(renderer, 'assets', 'link.txt'));
  fs.symlinkSync(path.join(root, 'renderer-secrets'), path.join(renderer, 'linked-dir'));
  server = await startApiServer({ router: new ApiRouter(silentLogger), log: silentLogger, staticDir: renderer });
});

afterEach(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function get(rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, agent: false }, (response) => {
      let body = '';
      response.on('data', (d) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('static files stay inside the renderer folder', () => {
  it('never serves a sibling folder that shares the name prefix', async () => {
    for (const p of ['/../renderer-secrets/secret.txt', '/..%2frenderer-secrets/secret.txt', '/%2e%2e/renderer-secrets/secret.txt', '/assets/../../renderer-secrets/secret.txt']) {
      const answer = await get(p);
      expect(answer.body, p).not.toContain('SIBLING-SECRET');
    }
  });

  it('refuses files reached through a symlink out of the folder', async () => {
    const file = await get('/assets/link.txt');
    expect(file.status).toBe(404);
    expect(file.body).not.toContain('OUTSIDE-SECRET');
    const dir = await get('/linked-dir/secret.txt');
    expect(dir.body).not.toContain('SIBLING-SECRET');
  });

  it('keeps the security headers and cache rules: hashed assets immutable, the page revalidated', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await get('/assets/app-1234.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // An unknown route of the single-page app gets the page, revalidated.
    const route = await get('/home/apply');
    expect(route.body).toContain('<title>kiosk</title>');
    expect(route.headers['cache-control']).toBe('no-cache');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('answers methods other than GET and HEAD with 405', async () => {
    const answer = await new Promise<number>((resolve) => {
      const request = http.request({ host: '127.0.0.1', port: server.port, path: '/', method: 'DELETE', agent: false }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      request.end();
    });
    expect(answer).toBe(405);
  });
});
