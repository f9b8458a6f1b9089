// The CLI's door to a platform's admin API (docs/fleet.md, "Rollouts"): where the platform is and
// which admin credential to send (flags, else environment), one JSON request at a time, answers
// checked against the shared wire schemas, failures as values with the platform's own reason.
import fs from 'node:fs';
import type { z } from 'zod';
import { err, ok, type Result } from '../../src-common/result';

/** Where the platform URL and the admin token may come from besides the flags. */
export const PLATFORM_URL_ENV = 'BUDAYANG_PLATFORM_URL';
export const ADMIN_TOKEN_ENV = 'BUDAYANG_ADMIN_TOKEN';

/** A request that has not answered in this long fails (an admin is waiting at a terminal). */
const ADMIN_REQUEST_TIMEOUT_MS = 30_000;
/** A release file upload (a tarball of tens of MB over a slow line) gets longer. */
const UPLOAD_TIMEOUT_MS = 15 * 60_000;

export interface PlatformAdmin {
  readonly url: string;
  request<S extends z.ZodType>(method: string, route: string, body: unknown, schema: S): Promise<Result<z.infer<S>, AdminFailure>>;
}

/** Why an admin request failed. */
export type AdminFailure =
  // no answer (refused connection, DNS, timeout)
  | { readonly kind: 'unreachable'; readonly message: string }
  // the platform refused: its status, its error code and message
  | { readonly kind: 'refused'; readonly status: number; readonly code: string; readonly message: string }
  // an answer the contract does not allow (a platform of another version)
  | { readonly kind: 'unexpected'; readonly message: string };

export function describeAdminFailure(failure: AdminFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return `the platform cannot be reached: ${failure.message}`;
    case 'refused':
      return `the platform refused (${failure.status} ${failure.code}): ${failure.message}`;
    case 'unexpected':
      return `unexpected answer: ${failure.message}`;
    default: {
      const never: never = failure;
      return String(never);
    }
  }
}

/** The admin credential and URL from `--platform`, `--token`/`--token-file`, else the environment. */
export function platformAdminFrom(values: { readonly platform?: string | undefined; readonly token?: string | undefined; readonly 'token-file'?: string | undefined }, env: NodeJS.ProcessEnv): Result<PlatformAdmin, string> {
  const url = values.platform ?? env[PLATFORM_URL_ENV];
  if (!url) return err(`--platform URL is required (or $${PLATFORM_URL_ENV})`);
  if (!/^https?:\/\//.test(url)) return err(`--platform must be an http(s) URL, got "${url}"`);
  let token = values.token ?? env[ADMIN_TOKEN_ENV];
  if (!token && values['token-file']) {
    try {
      token = fs.readFileSync(values['token-file'], 'utf8').trim();
    } catch (e) {
      return err(`cannot read the token file ${values['token-file']}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (!token) return err(`an admin credential is required: --token TOKEN, --token-file FILE or $${ADMIN_TOKEN_ENV}`);
  const base = url.replace(/\/+$/, '');
  const credential = token;
  return ok({
    url: base,
    async request(method, route, body, schema) {
      let response: Response;
      try {
        response = await fetch(base + route, {
          method,
          // Bytes (a release file) go as they are; anything else as JSON.
          headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' }) },
          ...(body === undefined ? {} : { body: body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body) }),
          signal: AbortSignal.timeout(body instanceof Uint8Array ? UPLOAD_TIMEOUT_MS : ADMIN_REQUEST_TIMEOUT_MS),
        });
      } catch (e) {
        return err({ kind: 'unreachable', message: (e as Error).message });
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch {
        return err({ kind: 'unexpected', message: `${method} ${route}: ${response.status} without a JSON body` });
      }
      if (!response.ok) {
        const refusal = json as { error?: unknown; message?: unknown };
        return err({ kind: 'refused', status: response.status, code: String(refusal.error ?? 'unknown'), message: String(refusal.message ?? '') });
      }
      const parsed = schema.safeParse(json);
      return parsed.success ? ok(parsed.data) : err({ kind: 'unexpected', message: `${method} ${route}: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}` });
    },
  });
}
