// The audit log, newest first (platform/api/audit.ts): operators and publishers.
import { listAudit } from '../../api/audit';
import { registerAdminEndpoint } from '../admin/adminEndpoint';
import type { PlatformRoutes } from '../routeContext';

export const auditRoutes: PlatformRoutes = (app, ctx) => {
  registerAdminEndpoint(app, ctx, listAudit, async ({ query }) => {
    const entries = await ctx.store.audit.list({
      ...(query.before !== undefined ? { before: query.before } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
    });
    return { entries, nextBefore: entries.at(-1)?.seq ?? null };
  });
};
