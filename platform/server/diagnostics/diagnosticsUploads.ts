// Diagnostics bundles uploaded by kiosks (the `uploadDiagnostics` remote command, docs/technicians.md):
// the store and the kiosk route (the table: diagnosticsMigrations.ts). A bundle is PII-free by
// construction on the kiosk; it is kept as received, once per (kiosk, upload id).
import type { SqlDatabase } from '../storage/sqlDatabase';
import { kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

/** The largest bundle accepted: the kiosk caps its log tail at 512 KiB; the rest is small. */
export const MAX_DIAGNOSTICS_BYTES = 2 * 1024 * 1024;

export class DiagnosticsUploadStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores a bundle; a repeat of the same upload id keeps the first. Returns whether it was new. */
  async store(kioskId: string, uploadId: string, bundle: string, at: Date): Promise<boolean> {
    const inserted = await this.db.execute(
      'INSERT INTO diagnostics_uploads (kiosk_id, upload_id, received_at, byte_length, bundle) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kiosk_id, upload_id) DO NOTHING',
      [kioskId, uploadId, at.toISOString(), Buffer.byteLength(bundle), bundle],
    );
    return inserted > 0;
  }

  async get(kioskId: string, uploadId: string): Promise<{ readonly bundle: string; readonly receivedAt: string } | undefined> {
    const rows = await this.db.query<{ bundle: string; received_at: Date | string }>('SELECT bundle, received_at FROM diagnostics_uploads WHERE kiosk_id = $1 AND upload_id = $2', [kioskId, uploadId]);
    const row = rows[0];
    return row ? { bundle: row.bundle, receivedAt: new Date(row.received_at).toISOString() } : undefined;
  }
}

/** PUT /v1/diagnostics/{uploadId}: a kiosk's diagnostics bundle (JSON object), signed like every kiosk call. */
export const diagnosticsRoutes: PlatformRoutes = (app, ctx) => {
  const store = new DiagnosticsUploadStore(ctx.store.db);
  app.put<{ Params: { uploadId: string } }>('/v1/diagnostics/:uploadId', kioskRoute(ctx, MAX_DIAGNOSTICS_BYTES), async (request, reply) => {
    const { uploadId } = request.params;
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(uploadId)) return sendError(reply, 400, 'invalidRequest', 'uploadId must be 1–100 of A–Z a–z 0–9 . _ -', ctx.now());
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return sendError(reply, 400, 'invalidRequest', 'the bundle must be a JSON object', ctx.now());
    const stored = await store.store(request.kiosk!.id, uploadId, request.rawBody ?? JSON.stringify(body), new Date(ctx.now()));
    return { uploadId, stored: stored ? 'new' : 'duplicate' };
  });
};
