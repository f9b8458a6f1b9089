// What the loopback server tells browsers and whom it believes: the renderer's security headers,
// the origins allowed to call the API, and constant-time comparison of secrets.
import { timingSafeEqual } from 'node:crypto';

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

/** Headers on every HTTP answer, static file or not. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** The server's own origins (the renderer is served from them) plus configured extras (a Vite dev server). */
export function allowedOrigins(port: number, extra: readonly string[] = []): readonly string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...extra];
}

/**
 * Browsers always send `Origin` on a WebSocket handshake and on a POST; a request without one
 * comes from a local program, which must not get the renderer's powers (design.md §1).
 */
export function checkOrigin(origin: string | undefined, allowed: readonly string[]): { ok: true } | { ok: false; reason: string } {
  if (origin === undefined) return { ok: false, reason: 'no Origin header' };
  if (!allowed.includes(origin)) return { ok: false, reason: `origin ${origin.slice(0, 200)} not allowed` };
  return { ok: true };
}

export function tokensEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
