// Online reference queries: case status by case number, proof data, certificate data.
import { kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

export const referenceRoutes: PlatformRoutes = (app, ctx) => {
  const reference = ctx.store.reference;
  app.get<{ Params: { caseNumber: string } }>('/v1/cases/:caseNumber', kioskRoute(ctx), async (request, reply) => {
    const row = await reference.caseByNumber(request.params.caseNumber);
    if (!row) return sendError(reply, 404, 'notFound', 'no case with this number', ctx.now());
    return { caseNumber: row.caseNumber, status: row.status, serviceName: row.serviceName, updatedAt: row.updatedAt, ...(row.note ? { note: row.note } : {}) };
  });
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
