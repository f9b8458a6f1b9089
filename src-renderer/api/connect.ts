// Connects the renderer to the core. The shell hands the page a one-time bootstrap code — in the
// URL fragment (browser shell) or from the Electron preload (`window.budayang.bootstrapCode()`) —
// which is traded once at `POST /api/bootstrap` for the session token. The token is kept in
// sessionStorage (it survives the clean reload that ends a citizen session) and never appears in
// an address, a command line or a log.
import { ApiClient, type ClientSocket } from '../../src-common/api/client';
import { backoffDelayMs, type BackoffPolicy } from '../../src-common/backoff';

declare global {
  interface Window {
    budayang?: { readonly bootstrapCode: () => Promise<string | undefined> };
  }
}

const TOKEN_KEY = 'budayang.token';
const BOOTSTRAP_PATH = '/api/bootstrap';
const TOKEN_SHAPE = /^[0-9a-f]{64}$/;

export interface ConnectionInfo {
  readonly url: string;
  readonly token: string;
}

/** The code handed to this page, if any; a code in the fragment leaves the address at once. */
async function takeBootstrapCode(): Promise<string | undefined> {
  if (window.budayang) return window.budayang.bootstrapCode().catch(() => undefined);
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const code = fragment.get('code') ?? undefined;
  if (code !== undefined) history.replaceState(null, '', window.location.pathname + window.location.search);
  return code;
}

/**
 * A busy or just-restarted core may drop the exchange (network error, 5xx): the code is tried
 * again a few times, since an unattended kiosk has nobody to reload the page. A 4xx is final.
 */
const REDEEM_ATTEMPTS = 5;
const REDEEM_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 4000, jitter: 'none' };

/** Trades a code for the session token; undefined when the core refuses it (used, expired, unknown). */
async function redeem(code: string): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(BOOTSTRAP_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }), cache: 'no-store', credentials: 'omit' });
      if (response.ok) {
        const body = (await response.json()) as { token?: unknown };
        return typeof body.token === 'string' && TOKEN_SHAPE.test(body.token) ? body.token : undefined;
      }
      if (response.status < 500) return undefined;
    } catch {
      // Not answered: try again below.
    }
    if (attempt >= REDEEM_ATTEMPTS) return undefined;
    await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(REDEEM_BACKOFF, attempt)));
  }
}

/** The WebSocket URL and session token, or undefined when this page was given no usable code. */
export async function obtainConnectionInfo(): Promise<ConnectionInfo | undefined> {
  const url = `ws://${window.location.host}/api`;
  const code = await takeBootstrapCode();
  const fresh = code ? await redeem(code) : undefined;
  if (fresh) sessionStorage.setItem(TOKEN_KEY, fresh);
  const token = fresh ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  return token ? { url, token } : undefined;
}

export function createRendererClient(info: ConnectionInfo): ApiClient {
  return new ApiClient(() => new WebSocket(info.url, ['budayang.v1', `bearer.${info.token}`]) as unknown as ClientSocket);
}
