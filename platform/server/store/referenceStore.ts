// Reference data kiosks query online: issued proofs, certificates with their print
// quota (consumed by `certificate.printed` events, projected into certificate_prints when they
// are stored).
import { CERTIFICATE_PRINTED_KIND } from '../../../src-common/wire/proofsWire';
import type { WireEvent } from '../../../src-common/wire/wire';
import { isoOf, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';

export interface CertificateRow {
  readonly certificateNumber: string;
  readonly kind: string;
  readonly holderNameMasked: string;
  readonly fields: Record<string, string>;
  readonly printQuota: number;
}

/** Counts each confirmed certificate print once (keyed by the event), in the storing transaction. */
export async function projectCertificatePrints(tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], receivedAt: string): Promise<void> {
  for (const event of accepted) {
    if (event.kind !== CERTIFICATE_PRINTED_KIND) continue;
    await tx.execute('INSERT INTO certificate_prints (kiosk_id, idempotency_key, certificate_number, printed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      kioskId,
      event.idempotencyKey,
      String(event.payload.certificateNumber),
      receivedAt,
    ]);
  }
}

export class ReferenceStore {
  constructor(private readonly db: SqlDatabase) {}

  async proofById(proofId: string): Promise<{ proofId: string; kind: string; title: string; fields: Record<string, string>; issuedAt: string } | undefined> {
    const [r] = await this.db.query('SELECT proof_id, kind, title, fields, issued_at FROM proofs WHERE proof_id = $1', [proofId]);
    return r ? { proofId: r.proof_id as string, kind: r.kind as string, title: r.title as string, fields: r.fields as Record<string, string>, issuedAt: isoOf(r.issued_at) } : undefined;
  }

  async saveProof(proof: { proofId: string; kind: string; title: string; fields: Record<string, string>; issuedAt: string }): Promise<void> {
    await this.db.execute('INSERT INTO proofs (proof_id, kind, title, fields, issued_at) VALUES ($1, $2, $3, $4, $5)', [proof.proofId, proof.kind, proof.title, JSON.stringify(proof.fields), proof.issuedAt]);
  }

  async certificate(certificateNumber: string): Promise<CertificateRow | undefined> {
    const [r] = await this.db.query('SELECT certificate_number, kind, holder_name_masked, fields, print_quota FROM certificates WHERE certificate_number = $1', [certificateNumber]);
    return r
      ? { certificateNumber: r.certificate_number as string, kind: r.kind as string, holderNameMasked: r.holder_name_masked as string, fields: r.fields as Record<string, string>, printQuota: r.print_quota as number }
      : undefined;
  }

  /** Creates the certificate unless it exists; returns its quota and the prints recorded so far. */
  async ensureCertificate(row: CertificateRow): Promise<{ printQuota: number; printed: number }> {
    await this.db.execute('INSERT INTO certificates (certificate_number, kind, holder_name_masked, fields, print_quota) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      row.certificateNumber,
      row.kind,
      row.holderNameMasked,
      JSON.stringify(row.fields),
      row.printQuota,
    ]);
    const [r] = await this.db.query<{ print_quota: number; printed: number }>(
      'SELECT c.print_quota, (SELECT COUNT(*) FROM certificate_prints p WHERE p.certificate_number = c.certificate_number) AS printed FROM certificates c WHERE c.certificate_number = $1',
      [row.certificateNumber],
    );
    return { printQuota: r?.print_quota ?? row.printQuota, printed: r?.printed ?? 0 };
  }
}
