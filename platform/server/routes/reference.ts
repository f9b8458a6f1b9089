// Online reference queries: proof data, certificate data (case status is in routes/cases.ts).
import { kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

export const referenceRoutes: PlatformRoutes = (app, ctx) => {
  const reference = ctx.store.reference;
  app.get<{ Params: { proofId: string } }>('/v1/proofs/:proofId', kioskRoute(ctx), async (request, reply) => {
    const row = await reference.proofById(request.params.proofId);
    if (!row) return sendError(reply, 404, 'notFound', 'no proof with this id', ctx.now());
    return row;
  });
  app.get<{ Params: { certificateNumber: string } }>('/v1/certificates/:certificateNumber', kioskRoute(ctx), async (request, reply) => {
    const row = await reference.certificate(request.params.certificateNumber);
    if (!row) return sendError(reply, 404, 'notFound', 'no certificate with this number', ctx.now());
    return row;
  });
};
