// The case back office (admin API, bearer token): cases listed in pages with filters, one case
// with its audit trail, and the audited moves through the lifecycle (cases/caseLifecycle.ts).
import { z } from 'zod';
import { CaseStatusCode, CaseTransitionRequest } from '../../../src-common/wire/casesWire';
import { describeRefusal } from '../cases/caseLifecycle';
import { adminRoute, describeIssues, sendError, type PlatformRoutes } from '../routeContext';

const CaseListQuery = z.object({
  status: CaseStatusCode.optional(),
  kioskId: z.string().max(200).optional(),
  after: z.string().max(100).optional(),
  limit: z.string().max(20).optional(),
});

export const adminCaseRoutes: PlatformRoutes = (app, ctx) => {
  const guard = adminRoute(ctx);
  const cases = ctx.store.cases;

  app.get('/admin/cases', guard, async (request, reply) => {
    const query = CaseListQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalidRequest', `query: ${describeIssues(query.error.issues)}`, ctx.now());
    const { status, kioskId, after, limit } = query.data;
    const page = await cases.list({ ...(status ? { status } : {}), ...(kioskId ? { kioskId } : {}), ...(after ? { after } : {}), ...(limit ? { limit: Number(limit) } : {}) });
    return { cases: page, nextAfter: page.length > 0 ? page.at(-1)!.caseNumber : null };
  });

  app.get<{ Params: { caseNumber: string } }>('/admin/cases/:caseNumber', guard, async (request, reply) => {
    const found = await cases.adminCase(request.params.caseNumber);
    return found ?? sendError(reply, 404, 'notFound', 'no case with this number', ctx.now());
  });

  app.post<{ Params: { caseNumber: string } }>('/admin/cases/:caseNumber/transitions', guard, async (request, reply) => {
    const parsed = CaseTransitionRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
    const moved = await cases.transition(request.params.caseNumber, parsed.data, new Date(ctx.now()));
    if (moved.ok) return moved.value;
    const failure = moved.error;
    if (failure.kind === 'notFound') return sendError(reply, 404, 'notFound', 'no case with this number', ctx.now());
    const refusal = failure.refusal;
    const status = refusal.kind === 'notAllowed' || refusal.kind === 'staleStatus' ? 409 : 400;
    return sendError(reply, status, refusal.kind, describeRefusal(refusal), ctx.now());
  });
};
