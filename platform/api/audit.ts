// The audit log: every admin action (who, what, when, from where, outcome), newest first, paged.
import { z } from 'zod';
import { defineEndpoint, IntParam, LimitParam } from './endpoint';

export const AuditActorKind = z.enum([
  'account', // a person signed in to the console (session cookie)
  'apiToken', // a script or the CLI with an account's API token
  'instanceToken', // the platform instance's own admin token (tests, demos, break-glass)
  'cli', // `budayang platform admin …` working on the database directly
  'anonymous', // no valid credential (a failed sign-in, a bad token)
]);

export const AuditOutcome = z.enum([
  'success', // done
  'refused', // not done: unauthenticated, forbidden, invalid, locked, rate-limited
  'failed', // not done, or not known to be done: the platform failed
]);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actorKind: AuditActorKind,
  /** User name (account, API token, cli) or the name tried (anonymous sign-in), null when none. */
  actor: z.string().nullable(),
  /** The endpoint's action name, e.g. `accounts.create`, or `METHOD /path` for older admin routes. */
  action: z.string(),
  /** What it acted on, e.g. `account:ops-li`, `kiosk:K-…`. */
  target: z.string().nullable(),
  outcome: AuditOutcome,
  /** HTTP status of the answer. */
  status: z.number().int(),
  /** The refusal's error code, when refused or failed. */
  error: z.string().nullable(),
  clientAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Non-secret particulars (a new role, a command kind); never a password, token or personal data. */
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const listAudit = defineEndpoint({
  name: 'audit.list',
  method: 'GET',
  path: '/admin/audit',
  summary: 'Audit entries newest first, one page at a time (keyset: `before` = the last seq), filtered by actor, action prefix and outcome.',
  access: { kind: 'permission', permission: 'audit.read' },
  query: z.object({
    before: IntParam.optional(),
    limit: LimitParam,
    actor: z.string().max(64).optional(),
    action: z.string().max(100).optional(),
    outcome: AuditOutcome.optional(),
  }),
  response: z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() }),
  errors: [],
});

export const AUDIT_ENDPOINTS = [listAudit] as const;
