// The browser shell's first page (docs/shell-and-server.md, "Boot speed"). Chromium is launched at
// once on this loopback page, on a port of its own, while the core starts: the two cold starts
// overlap, as Electron creates its window before its core is up. The page asks `/next` until the
// shell hands over the kiosk's address with a fresh one-time code, then replaces itself with it.
// It serves nothing else: no API, no files, and it believes only its own Host header.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long one `/next` request is held before it is answered "not yet" (the page asks again). */
export const NEXT_POLL_HOLD_MS = 20_000;

export interface StartingPage {
  /** The page's address, for Chromium's `--app=`. */
  readonly url: string;
  /**
   * The core is ready: every `/next` (the one waiting and any later one, after a reload) is
   * answered with `kioskUrl()`, called per request so each carries its own one-time code.
   */
  handOver(kioskUrl: () => Promise<string>): void;
  close(): Promise<void>;
}

/** The page itself: a calm "starting" screen and a script (allowed by its nonce) that waits for the kiosk. */
export function startingPageHtml(nonce: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>不打烊</title>
<style>html,body{margin:0;height:100%;background:#0b3d6b;color:#fff;font:44px sans-serif;display:flex;align-items:center;justify-content:center;text-align:center;cursor:none;user-select:none}small{display:block;font-size:28px;opacity:.8;margin-top:16px}</style>
</head><body><div role="status">正在启动，请稍候<small>Starting, please wait</small></div>
<script nonce="${nonce}">
(async () => {
  for (;;) {
    try {
      const answer = await fetch('/next', { cache: 'no-store' });
      if (answer.status === 200) { location.replace(await answer.text()); return; }
    } catch { /* the shell is busy or restarting: ask again */ }
    await new Promise((r) => setTimeout(r, 250));
  }
})();
</script></body></html>`;
}

export async function startStartingPage(options: { readonly holdMs?: number } = {}): Promise<StartingPage> {
  const holdMs = options.holdMs ?? NEXT_POLL_HOLD_MS;
  let kioskUrl: (() => Promise<string>) | undefined;
  const waiting = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    // DNS rebinding: a page of another site resolving to 127.0.0.1 sends its own Host.
    if (req.headers.host !== host || req.method !== 'GET') return void res.writeHead(403).end();
    const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    if (req.url === '/') {
      const nonce = randomBytes(16).toString('base64');
      const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
      return void res.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(startingPageHtml(nonce));
    }
    if (req.url !== '/next') return void res.writeHead(404, common).end();
    const answer = () => {
      clearTimeout(hold);
      waiting.delete(answer);
      if (res.writableEnded) return;
      if (!kioskUrl) return void res.writeHead(204, common).end();
      kioskUrl().then(
        (url) => res.writeHead(200, { ...common, 'Content-Type': 'text/plain; charset=utf-8' }).end(url),
        () => res.writeHead(503, common).end(),
      );
    };
    const hold = setTimeout(answer, holdMs);
    req.on('close', () => {
      clearTimeout(hold);
      waiting.delete(answer);
    });
    if (kioskUrl) answer();
    else waiting.add(answer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    handOver(next) {
      kioskUrl = next;
      for (const answer of [...waiting]) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const answer of [...waiting]) answer();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
