// One admin API endpoint declared once, as data: method, path, who may call it, and the zod
// schemas of its path parameters, query, body and answer. The server registers its route from
// the declaration (validation, permission, CSRF, audit), the console's client is typed by it, and
// platform/openapi.yaml's admin section is generated from it. Pure: zod only.
import { z } from 'zod';
import type { AdminErrorCode } from './errors';
import type { Access } from './roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointDefinition {
  /** Stable action name, e.g. `accounts.create`: the audit log's `action` and the permission's subject. */
  readonly name: string;
  readonly method: HttpMethod;
  /** OpenAPI-style template, e.g. `/admin/accounts/{username}`. */
  readonly path: string;
  /** One line for the OpenAPI document and docs/console.md. */
  readonly summary: string;
  readonly access: Access;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The answer's schema; null = 204 No Content. */
  readonly response: z.ZodType | null;
  /** Refusals this endpoint answers with besides the ones every admin call may give. */
  readonly errors: readonly AdminErrorCode[];
  /** Also audit successful reads (a GET is otherwise audited only when refused). */
  readonly auditReads?: boolean;
}

/** Keeps the literal types of a declaration (so the client infers its inputs and answer). */
export function defineEndpoint<const E extends EndpointDefinition>(definition: E): E {
  return definition;
}

type InputPart<K extends string, S, Optional extends boolean> = S extends z.ZodType ? (Optional extends true ? { readonly [P in K]?: z.input<S> } : { readonly [P in K]: z.input<S> }) : unknown;

/** What a caller passes: `params` and `body` when declared, `query` (optional) when declared. */
export type EndpointInput<E extends EndpointDefinition> = InputPart<'params', E['params'], false> & InputPart<'query', E['query'], true> & InputPart<'body', E['body'], false>;

/** What the endpoint answers (undefined for 204). */
export type EndpointOutput<E extends EndpointDefinition> = E['response'] extends z.ZodType ? z.output<E['response']> : undefined;

/** Refusals any admin endpoint may answer (authentication, permission, CSRF, validation, failure). */
export const COMMON_ERRORS: readonly AdminErrorCode[] = ['unauthorized', 'forbidden', 'csrfRejected', 'invalidRequest', 'tooLarge', 'internal'];

/** True for methods that change state: they need the CSRF token under a session and are always audited. */
export function changesState(method: HttpMethod): boolean {
  return method !== 'GET';
}

/** The concrete path and query string of a call, e.g. `/admin/accounts/ops-li?limit=50`. */
export function endpointUrl(path: string, params?: Readonly<Record<string, unknown>>, query?: Readonly<Record<string, unknown>>): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/** A whole-number query parameter: numbers from the typed client, decimal text from a URL. */
export const IntParam = z.union([z.number().int(), z.string().regex(/^-?\d{1,15}$/)]).transform(Number);

/** A page size: clamped by the server to its list's maximum, never trusted as given. */
export const LimitParam = IntParam.optional();
