// The case back office (platform/api/cases.ts): cases listed in pages with filters, one case with
// its audit trail, and the audited moves through the lifecycle (cases/caseLifecycle.ts).
import { getCase, listCases, moveCase } from '../../api/cases';
import { actingAdmin } from '../admin/adminAuth';
import { refuse, registerAdminEndpoint } from '../admin/adminEndpoint';
import { describeRefusal } from '../cases/caseLifecycle';
import type { PlatformRoutes } from '../routeContext';

export const adminCaseRoutes: PlatformRoutes = (app, ctx) => {
  const cases = ctx.store.cases;

  registerAdminEndpoint(app, ctx, listCases, async ({ query }) => {
    const page = await cases.list({
      ...(query.status ? { status: query.status } : {}),
      ...(query.kioskId ? { kioskId: query.kioskId } : {}),
      ...(query.after ? { after: query.after } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    return { cases: page, nextAfter: page.at(-1)?.caseNumber ?? null };
  });

  registerAdminEndpoint(app, ctx, getCase, async ({ params }) => (await cases.adminCase(params.caseNumber)) ?? refuse(404, 'notFound', 'no case with this number'));

  registerAdminEndpoint(app, ctx, moveCase, async ({ params, body }, request) => {
    const { actor: claimed, ...move } = body;
    request.auditNote = { target: `case:${params.caseNumber}`, detail: { to: move.to } };
    const moved = await cases.transition(params.caseNumber, { ...move, actor: actingAdmin(request, claimed) }, new Date(ctx.now()));
    if (moved.ok) return moved.value;
    if (moved.error.kind === 'notFound') return refuse(404, 'notFound', 'no case with this number');
    const refusal = moved.error.refusal;
    return refuse(refusal.kind === 'notAllowed' || refusal.kind === 'staleStatus' ? 409 : 400, refusal.kind, describeRefusal(refusal));
  });
};
