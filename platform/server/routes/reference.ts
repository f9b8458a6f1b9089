// Online reference queries: case status by case number, proof data, certificate data.
import { requireKiosk, sendError, type PlatformRoutes } from '../routeContext';

export const referenceRoutes: PlatformRoutes = (app, ctx) => {
  const db = ctx.store.db;
  app.get<{ Params: { caseNumber: string } }>('/v1/cases/:caseNumber', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const row = db.prepare('SELECT case_number, status, service_name, updated_at, note FROM cases WHERE case_number = ?').get(request.params.caseNumber) as
      | { case_number: string; status: string; service_name: string; updated_at: string; note: string | null }
      | undefined;
    if (!row) return sendError(reply, 404, 'notFound', 'no case with this number');
    return { caseNumber: row.case_number, status: row.status, serviceName: row.service_name, updatedAt: row.updated_at, ...(row.note ? { note: row.note } : {}) };
  });
  app.get<{ Params: { proofId: string } }>('/v1/proofs/:proofId', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const row = db.prepare('SELECT proof_id, kind, title, fields_json, issued_at FROM proofs WHERE proof_id = ?').get(request.params.proofId) as
      | { proof_id: string; kind: string; title: string; fields_json: string; issued_at: string }
      | undefined;
    if (!row) return sendError(reply, 404, 'notFound', 'no proof with this id');
    return { proofId: row.proof_id, kind: row.kind, title: row.title, fields: JSON.parse(row.fields_json) as Record<string, string>, issuedAt: row.issued_at };
  });
  app.get<{ Params: { certificateNumber: string } }>('/v1/certificates/:certificateNumber', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const row = db.prepare('SELECT certificate_number, kind, holder_name_masked, fields_json, print_quota FROM certificates WHERE certificate_number = ?').get(request.params.certificateNumber) as
      | { certificate_number: string; kind: string; holder_name_masked: string; fields_json: string; print_quota: number }
      | undefined;
    if (!row) return sendError(reply, 404, 'notFound', 'no certificate with this number');
    return { certificateNumber: row.certificate_number, kind: row.kind, holderNameMasked: row.holder_name_masked, fields: JSON.parse(row.fields_json) as Record<string, string>, printQuota: row.print_quota };
  });
};
