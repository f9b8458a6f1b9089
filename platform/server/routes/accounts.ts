// Admin accounts and API tokens (publisher only; platform/api/accounts.ts). Passwords are hashed
// here and never stored, logged or audited; a token's secret is in its creation answer only.
import { createAccount, createToken, listAccounts, listTokens, revokeToken, updateAccount } from '../../api/accounts';
import type { AdminActor } from '../admin/adminAuth';
import { refuse, registerAdminEndpoint } from '../admin/adminEndpoint';
import { newApiToken, secretHash } from '../admin/credentials';
import { hashPassword, passwordWeakness } from '../admin/passwords';
import type { PlatformRoutes } from '../routeContext';

/** How an actor is named as an account's creator. */
export function creatorName(actor: AdminActor): string {
  return actor.kind === 'instanceToken' ? 'instance-token' : actor.username;
}

export const accountRoutes: PlatformRoutes = (app, ctx) => {
  const { accounts } = ctx.store;
  const now = () => new Date(ctx.now());

  registerAdminEndpoint(app, ctx, listAccounts, async ({ query }) => {
    const page = await accounts.list({ ...(query.after ? { after: query.after } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}) }, now());
    return { accounts: page, nextAfter: page.at(-1)?.username ?? null };
  });

  registerAdminEndpoint(app, ctx, createAccount, async ({ body }, request) => {
    request.auditNote = { target: `account:${body.username}`, detail: { role: body.role } };
    const weakness = passwordWeakness(body.password, body.username);
    if (weakness) return refuse(400, 'weakPassword', `password refused: ${weakness}`, { reason: weakness });
    const created = await accounts.create({ username: body.username, role: body.role, passwordHash: await hashPassword(body.password), createdBy: creatorName(request.adminActor!) }, now());
    if (created === 'usernameTaken') return refuse(409, 'usernameTaken', `an account named ${body.username} exists`);
    return created;
  });

  registerAdminEndpoint(app, ctx, updateAccount, async ({ params, body }, request) => {
    // What changed, never the password itself.
    request.auditNote = {
      target: `account:${params.username}`,
      detail: { ...(body.role ? { role: body.role } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}), ...(body.unlock ? { unlock: true } : {}), ...(body.password ? { passwordReset: true } : {}) },
    };
    if (body.password !== undefined) {
      const weakness = passwordWeakness(body.password, params.username);
      if (weakness) return refuse(400, 'weakPassword', `password refused: ${weakness}`, { reason: weakness });
    }
    const updated = await accounts.update(
      params.username,
      { ...(body.role ? { role: body.role } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}), ...(body.unlock ? { unlock: true as const } : {}), ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}) },
      now(),
    );
    if (updated === 'notFound') return refuse(404, 'notFound', `no account named ${params.username}`);
    if (updated === 'lastPublisher') return refuse(409, 'lastPublisher', 'this would leave no enabled publisher');
    return updated;
  });

  registerAdminEndpoint(app, ctx, listTokens, async ({ params }) => {
    const tokens = await accounts.tokensOf(params.username);
    return tokens === 'notFound' ? refuse(404, 'notFound', `no account named ${params.username}`) : { tokens };
  });

  registerAdminEndpoint(app, ctx, createToken, async ({ params, body }, request) => {
    const issued = newApiToken();
    request.auditNote = { target: `account:${params.username}`, detail: { tokenId: issued.tokenId, name: body.name } };
    const expiresAt = body.expiresInDays ? new Date(ctx.now() + body.expiresInDays * 86_400_000) : null;
    const info = await accounts.createToken({ tokenId: issued.tokenId, secretHash: secretHash(issued.secret), username: params.username, name: body.name, expiresAt }, now());
    return info === 'notFound' ? refuse(404, 'notFound', `no account named ${params.username}`) : { token: issued.token, info };
  });

  registerAdminEndpoint(app, ctx, revokeToken, async ({ params }, request) => {
    request.auditNote = { target: `token:${params.tokenId}` };
    const revoked = await accounts.revokeToken(params.tokenId, now());
    if (revoked === 'notFound') return refuse(404, 'notFound', `no token ${params.tokenId}`);
    request.auditNote.detail = { username: revoked.username };
    return undefined;
  });
};
