// Writes the admin API's section of platform/openapi.yaml from the endpoint declarations in
// platform/api (zod → JSON Schema), between the markers below, so the document and the server
// cannot drift apart: `npx tsx scripts/generateAdminOpenApi.ts` rewrites it, and
// tests/unit/platformAdmin/adminOpenApi.test.ts fails when it is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isScalar, isSeq, visit } from 'yaml';
import { z } from 'zod';
import { ADMIN_ENDPOINTS } from '../platform/api/adminEndpoints';
import { COMMON_ERRORS, type EndpointDefinition } from '../platform/api/endpoint';
import type { AdminErrorCode } from '../platform/api/errors';

export const SPEC_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'platform', 'openapi.yaml');
export const BEGIN_MARKER = '  # ---- admin API: generated from platform/api by scripts/generateAdminOpenApi.ts (do not edit by hand) ----';
export const END_MARKER = '  # ---- end of the generated admin API ----';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod schema as OpenAPI 3.1 takes it (no $schema; date-time patterns dropped for a readable document). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete converted.$schema;
  return JSON.parse(JSON.stringify(converted), (key, value: unknown) => (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) || (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) ? undefined : value) as JsonSchema;
}

/** Refusals answered 409: the record's state forbids the change (the rest of the body was valid). */
const CONFLICTS: readonly AdminErrorCode[] = ['usernameTaken', 'lastPublisher', 'alreadyCleared', 'clearsItself', 'notAllowed', 'staleStatus', 'versionNotNewer', 'anotherRolloutActive', 'wrongState'];

/** Status codes an endpoint may refuse with, from its declared error codes. */
function refusalStatuses(endpoint: EndpointDefinition): string[] {
  const codes = new Set<AdminErrorCode>([...COMMON_ERRORS, ...endpoint.errors]);
  const statuses = new Set<string>(['400', '500']);
  if (endpoint.access.kind !== 'public' || codes.has('badCredentials')) statuses.add('401');
  statuses.add('403');
  if (endpoint.body) statuses.add('413');
  if (codes.has('notFound')) statuses.add('404');
  if (CONFLICTS.some((code) => codes.has(code))) statuses.add('409');
  if (codes.has('rateLimited') || codes.has('accountLocked')) statuses.add('429');
  return [...statuses].sort();
}

function parameters(endpoint: EndpointDefinition): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [['path', endpoint.params], ['query', endpoint.query]] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const optional = field.safeParse(undefined).success;
      out.push({ name, in: where, required: where === 'path' || !optional, schema: jsonSchema(field, 'input') });
    }
  }
  return out;
}

function operation(endpoint: EndpointDefinition): JsonSchema {
  const access = endpoint.access;
  const who = access.kind === 'public' ? 'anyone' : access.kind === 'signedIn' ? 'any signed-in account' : `permission \`${access.permission}\``;
  const responses: JsonSchema = {};
  if (endpoint.response === null) responses['204'] = { description: 'Done.' };
  else responses['200'] = { description: 'Done.', content: { 'application/json': { schema: jsonSchema(endpoint.response, 'output') } } };
  for (const status of refusalStatuses(endpoint)) responses[status] = { $ref: '#/components/responses/AdminRefused' };
  return {
    operationId: endpoint.name,
    summary: endpoint.summary,
    description: `Who: ${who}. Refusals: ${[...new Set([...COMMON_ERRORS, ...endpoint.errors])].join(', ')}.`,
    tags: ['admin'],
    security: access.kind === 'public' ? [] : [{ ConsoleSession: [] }, { AdminBearer: [] }],
    ...(parameters(endpoint).length > 0 ? { parameters: parameters(endpoint) } : {}),
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } } } : {}),
    responses,
  };
}

/** The generated section, markers included. */
export function generatedSection(): string {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const endpoint of ADMIN_ENDPOINTS) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = operation(endpoint);
  }
  const document = new Document(paths, { aliasDuplicateObjects: false });
  // Lists of scalars and small maps of scalars on one line, as the hand-written part does.
  visit(document, {
    Seq: (_, node) => {
      if (node.items.every(isScalar)) node.flow = true;
    },
    Map: (_, node) => {
      if (node.items.length <= 4 && node.items.every((pair) => isScalar(pair.value) || (isSeq(pair.value) && pair.value.items.every(isScalar)))) node.flow = true;
    },
  });
  const body = document
    .toString({ lineWidth: 0, flowCollectionPadding: true })
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${BEGIN_MARKER}\n${body}\n${END_MARKER}`;
}

/** The spec file with its generated section replaced. */
export function specWithGeneratedSection(spec: string): string {
  const begin = spec.indexOf(BEGIN_MARKER);
  const end = spec.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`${SPEC_FILE} lacks the generated admin API markers`);
  return spec.slice(0, begin) + generatedSection() + spec.slice(end + END_MARKER.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.writeFileSync(SPEC_FILE, specWithGeneratedSection(fs.readFileSync(SPEC_FILE, 'utf8')));
  process.stdout.write(`wrote the admin API section of ${SPEC_FILE}\n`);
}
