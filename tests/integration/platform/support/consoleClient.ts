// A browser-like client of the platform's admin API for tests: signs in with a password, keeps
// the session cookie, and sends the CSRF token on state-changing calls (unless told not to).
import { CSRF_HEADER, SESSION_COOKIE } from '../../../../platform/api/session';
import type { PlatformServer } from '../../../../platform/server/createPlatformServer';
import { hashPassword } from '../../../../platform/server/admin/passwords';
import type { AdminRole } from '../../../../platform/api/roles';

export interface ApiAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly headers: Headers;
}

export async function call(baseUrl: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

/** A signed-in console session: its cookie and CSRF token. */
export class ConsoleSession {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  /** A call with the session cookie; state-changing calls carry the CSRF token unless `csrf: false`. */
  request(method: string, path: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
    const withCsrf = method !== 'GET' && options.csrf !== false;
    return call(this.baseUrl, method, path, { body, headers: { cookie: `${SESSION_COOKIE}=${this.cookie}`, ...(withCsrf ? { [CSRF_HEADER]: this.csrfToken } : {}), ...options.headers } });
  }
}

export async function signIn(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<{ answer: ApiAnswer; session?: ConsoleSession }> {
  const answer = await call(baseUrl, 'POST', '/admin/session', { body: { username, password }, headers });
  if (answer.status !== 200) return { answer };
  const cookie = /budayang_console=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('signed in without a session cookie');
  return { answer, session: new ConsoleSession(baseUrl, cookie, answer.json.csrfToken as string) };
}

/** Creates accounts directly in the platform's store (as the CLI does), all with `password`. */
export async function createAccounts(platform: PlatformServer, accounts: ReadonlyArray<readonly [string, AdminRole]>, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  for (const [username, role] of accounts) {
    const created = await platform.store.accounts.create({ username, role, passwordHash, createdBy: 'test' }, new Date());
    if (created === 'usernameTaken') throw new Error(`account ${username} exists`);
  }
}
