// The console's typed client of the admin API: one `call` for every endpoint declared in
// platform/api, its input and answer typed by the declaration and the answer checked against its
// zod schema. State-changing calls carry the session's CSRF token. A refusal is an `ApiError`
// with the platform's error code, which pages turn into a sentence (never the English message).
import { endpointUrl, changesState, type EndpointDefinition, type EndpointInput, type EndpointOutput } from '../../api/endpoint';
import { AdminErrorBody } from '../../api/errors';
import { CSRF_HEADER } from '../../api/session';

/** A refused or failed call: the platform's error code (or `network`/`badAnswer`) and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: { readonly lockedUntil?: string; readonly reason?: string } = {},
  ) {
    super(`admin API: ${status} ${code}`);
  }
}

/** Where the session's CSRF token lives between calls (set on sign-in and on session load). */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a call finds the session gone (so the app can show the sign-in page). */
let onSignedOut: () => void = () => undefined;
export function onSessionEnded(listener: () => void): void {
  onSignedOut = listener;
}

export async function call<E extends EndpointDefinition>(endpoint: E, input: EndpointInput<E>): Promise<EndpointOutput<E>> {
  const parts = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (parts.body !== undefined) headers['content-type'] = 'application/json';
  if (changesState(endpoint.method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(endpointUrl(endpoint.path, parts.params, parts.query), {
      method: endpoint.method,
      headers,
      credentials: 'same-origin',
      ...(parts.body !== undefined ? { body: JSON.stringify(parts.body) } : {}),
    });
  } catch {
    throw new ApiError('network', 0);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError('badAnswer', response.status);
  }
  if (!response.ok) {
    const refusal = AdminErrorBody.safeParse(json);
    const error = new ApiError(refusal.success ? refusal.data.error : 'internal', response.status, refusal.success ? { ...(refusal.data.lockedUntil ? { lockedUntil: refusal.data.lockedUntil } : {}), ...(typeof (json as { reason?: unknown }).reason === 'string' ? { reason: (json as { reason: string }).reason } : {}) } : {});
    if (error.code === 'unauthorized') onSignedOut();
    throw error;
  }
  if (endpoint.response === null) return undefined as EndpointOutput<E>;
  const parsed = endpoint.response.safeParse(json);
  if (!parsed.success) throw new ApiError('badAnswer', response.status);
  return parsed.data as EndpointOutput<E>;
}
