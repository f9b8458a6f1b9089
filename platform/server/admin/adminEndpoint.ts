// Registers an admin route from its declaration in platform/api: the permission guard and CSRF
// check before the body is read, the admin body limit, validation of path, query and body against
// the declared schemas (400 `invalidRequest` naming the fields), the audit trail, and 204 for
// endpoints without an answer. Handlers receive parsed input and return the answer or a refusal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { EndpointDefinition, EndpointOutput } from '../../api/endpoint';
import { describeIssues, ROUTE_BODY_LIMITS, type PlatformRouteContext } from '../routeContext';
import type { AdminRefusal } from './adminAuth';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: the validated inputs of its endpoint. */
export interface EndpointInputParsed<E extends EndpointDefinition> {
  readonly params: Parsed<E['params']>;
  readonly query: Parsed<E['query']>;
  readonly body: Parsed<E['body']>;
}

/** A handler's refusal (a `Result`'s error side at this boundary). */
export interface Refused {
  readonly refused: AdminRefusal;
  /** Extra fields of the error body (e.g. `lockedUntil`). */
  readonly extra?: Record<string, unknown>;
}

export function refuse(status: number, error: AdminRefusal['error'], message: string, extra?: Record<string, unknown>): Refused {
  return { refused: { status, error, message }, ...(extra ? { extra } : {}) };
}

function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

export type EndpointHandler<E extends EndpointDefinition> = (input: EndpointInputParsed<E>, request: FastifyRequest, reply: FastifyReply) => Promise<EndpointOutput<E> | Refused>;

/** `/admin/accounts/{username}` → `/admin/accounts/:username`. */
export function fastifyPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!schema) return { ok: true, value: undefined };
  const parsed = schema.safeParse(value ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: `${part}: ${describeIssues(parsed.error.issues)}` };
}

export function registerAdminEndpoint<E extends EndpointDefinition>(app: FastifyInstance, ctx: PlatformRouteContext, endpoint: E, handler: EndpointHandler<E>): void {
  app.route({
    method: endpoint.method,
    url: fastifyPath(endpoint.path),
    bodyLimit: ROUTE_BODY_LIMITS.admin,
    onRequest: ctx.adminAuth.guard(endpoint.access),
    config: { audit: { action: endpoint.name, ...(endpoint.auditReads ? { auditReads: true } : {}) } },
    handler: async (request, reply) => {
      const parts = [parsePart(endpoint.params, request.params, 'path'), parsePart(endpoint.query, request.query, 'query'), parsePart(endpoint.body, request.body, 'body')];
      const invalid = parts.find((p) => !p.ok);
      if (invalid && !invalid.ok) return ctx.adminAuth.refuse(reply, { status: 400, error: 'invalidRequest', message: invalid.message });
      const [params, query, body] = parts.map((p) => (p.ok ? p.value : undefined));
      const result = await handler({ params, query, body } as EndpointInputParsed<E>, request, reply);
      if (isRefused(result)) return ctx.adminAuth.refuse(reply, result.refused, result.extra);
      if (endpoint.response === null) return reply.code(204).send();
      return result;
    },
  });
}
