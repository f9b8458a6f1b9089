// Kiosk-facing case queries (自助查询) and case fees payable later (缴费 by case number or by ID
// card): signed requests. A holder is looked up by the keyed hash of the ID number sent in the
// signed body, never by a number in a URL.
import type { CaseFeesOfHolderResponse, CasesOfHolderResponse} from '../../../src-common/wire/casesWire';
import { HolderLookupRequest } from '../../../src-common/wire/casesWire';
import { kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

export const caseRoutes: PlatformRoutes = (app, ctx) => {
  const cases = ctx.store.cases;
  const kiosk = kioskRoute(ctx);

  app.get<{ Params: { caseNumber: string } }>('/v1/cases/:caseNumber', kiosk, async (request, reply) => {
    const found = await cases.kioskView(request.params.caseNumber);
    return found ?? sendError(reply, 404, 'notFound', 'no case with this number', ctx.now());
  });

  app.post('/v1/cases/of-holder', kiosk, async (request, reply) => {
    const parsed = HolderLookupRequest.safeParse(request.body);
    // The message never echoes the body: it holds an ID number.
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', 'body must be { holder: { idNumber (15–18 characters) } }', ctx.now());
    const answer: CasesOfHolderResponse = { cases: await cases.ofHolder(parsed.data.holder.idNumber) };
    return answer;
  });

  app.get<{ Params: { caseNumber: string } }>('/v1/payments/cases/:caseNumber', kiosk, async (request, reply) => {
    const fee = await cases.fee(request.params.caseNumber);
    if (fee) return fee;
    const known = await cases.feeFen(request.params.caseNumber);
    return known === undefined ? sendError(reply, 404, 'notFound', 'no case with this number', ctx.now()) : sendError(reply, 404, 'noFee', 'this case has no fee to pay', ctx.now());
  });

  app.post('/v1/payments/cases/of-holder', kiosk, async (request, reply) => {
    const parsed = HolderLookupRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', 'body must be { holder: { idNumber (15–18 characters) } }', ctx.now());
    const answer: CaseFeesOfHolderResponse = { fees: await cases.unpaidFeesOfHolder(parsed.data.holder.idNumber) };
    return answer;
  });
};
