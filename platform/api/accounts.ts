// Admin accounts and their API tokens (publisher only): create, change role, disable, unlock,
// reset a password; issue and revoke per-account bearer tokens for scripts and the CLI.
import { z } from 'zod';
import { defineEndpoint, LimitParam } from './endpoint';
import { AdminRole } from './roles';
import { Username } from './session';

const Iso = z.string();

export const AdminAccount = z.object({
  username: z.string(),
  role: AdminRole,
  createdAt: Iso,
  /** Who created it: an account's user name, `cli` or `instance-token`. */
  createdBy: z.string(),
  lastSignInAt: Iso.nullable(),
  disabled: z.boolean(),
  /** Locked after repeated failed sign-ins until this time (null: not locked). */
  lockedUntil: Iso.nullable(),
  failedSignIns: z.number().int().nonnegative(),
});
export type AdminAccount = z.infer<typeof AdminAccount>;

export const ApiTokenInfo = z.object({
  tokenId: z.string(),
  username: z.string(),
  name: z.string(),
  createdAt: Iso,
  expiresAt: Iso.nullable(),
  revokedAt: Iso.nullable(),
  lastUsedAt: Iso.nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;

const Password = z.string().min(1).max(1024);
const UsernameParam = z.object({ username: z.string().min(1).max(64) });

export const listAccounts = defineEndpoint({
  name: 'accounts.list',
  method: 'GET',
  path: '/admin/accounts',
  summary: 'Admin accounts in user-name order, one page at a time (keyset: `after` = the last user name).',
  access: { kind: 'permission', permission: 'accounts.manage' },
  query: z.object({ after: z.string().max(64).optional(), limit: LimitParam }),
  response: z.object({ accounts: z.array(AdminAccount), nextAfter: z.string().nullable() }),
  errors: [],
});

export const createAccount = defineEndpoint({
  name: 'accounts.create',
  method: 'POST',
  path: '/admin/accounts',
  summary: 'Create an admin account with a role and an initial password.',
  access: { kind: 'permission', permission: 'accounts.manage' },
  body: z.object({ username: Username, role: AdminRole, password: Password }),
  response: AdminAccount,
  errors: ['usernameTaken', 'weakPassword'],
});

export const updateAccount = defineEndpoint({
  name: 'accounts.update',
  method: 'PATCH',
  path: '/admin/accounts/{username}',
  summary: 'Change an account: role, disabled, unlock, or a new password (its sessions end on disable, role change and password reset).',
  access: { kind: 'permission', permission: 'accounts.manage' },
  params: UsernameParam,
  body: z
    .object({ role: AdminRole.optional(), disabled: z.boolean().optional(), unlock: z.literal(true).optional(), password: Password.optional() })
    .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' }),
  response: AdminAccount,
  errors: ['notFound', 'lastPublisher', 'weakPassword'],
});

export const listTokens = defineEndpoint({
  name: 'tokens.list',
  method: 'GET',
  path: '/admin/accounts/{username}/tokens',
  summary: "An account's API tokens (never the secrets), newest first.",
  access: { kind: 'permission', permission: 'accounts.manage' },
  params: UsernameParam,
  response: z.object({ tokens: z.array(ApiTokenInfo) }),
  errors: ['notFound'],
});

export const createToken = defineEndpoint({
  name: 'tokens.create',
  method: 'POST',
  path: '/admin/accounts/{username}/tokens',
  summary: 'Issue an API token acting as this account (its role, live); the secret is in this answer only.',
  access: { kind: 'permission', permission: 'accounts.manage' },
  params: UsernameParam,
  body: z.object({ name: z.string().min(1).max(60), expiresInDays: z.number().int().min(1).max(3650).optional() }),
  response: z.object({ token: z.string(), info: ApiTokenInfo }),
  errors: ['notFound'],
});

export const revokeToken = defineEndpoint({
  name: 'tokens.revoke',
  method: 'DELETE',
  path: '/admin/tokens/{tokenId}',
  summary: 'Revoke an API token at once.',
  access: { kind: 'permission', permission: 'accounts.manage' },
  params: z.object({ tokenId: z.string().min(1).max(40) }),
  response: null,
  errors: ['notFound'],
});

export const ACCOUNT_ENDPOINTS = [listAccounts, createAccount, updateAccount, listTokens, createToken, revokeToken] as const;
