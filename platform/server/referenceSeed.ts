// Simple reference data the platform serves to kiosks online: case statuses, proof data,
// certificate data and a small service catalog. Seeded once into an empty store.
import type Database from 'better-sqlite3';

export function seedReferenceData(db: Database.Database): void {
  const seeded = db.prepare('SELECT COUNT(*) FROM cases').pluck().get() as number;
  if (seeded > 0) return;
  const now = '2026-11-20T02:00:00.000Z';
  db.transaction(() => {
    const addCase = db.prepare('INSERT INTO cases (case_number, status, service_name, updated_at, note) VALUES (?, ?, ?, ?, ?)');
    addCase.run('DEMO01-20261120-0001', 'inReview', '居住证办理 Residence permit', now, null);
    addCase.run('DEMO01-20261119-0007', 'readyForPickup', '营业执照变更 Business licence change', now, '请到3号窗口或自助机领取');
    addCase.run('DEMO01-20261118-0003', 'rejected', '灵活就业登记 Flexible employment registration', now, '材料不全：缺少劳动合同');
    const addProof = db.prepare('INSERT INTO proofs (proof_id, kind, title, fields_json, issued_at) VALUES (?, ?, ?, ?, ?)');
    addProof.run('P-SOCIAL-0001', 'socialInsurance', '社会保险参保证明', JSON.stringify({ insuredSince: '2015-03', months: '128', region: '420200' }), now);
    addProof.run('P-HOUSING-0001', 'housingFund', '住房公积金缴存证明', JSON.stringify({ depositSince: '2018-07', monthlyFen: '86000' }), now);
    const addCertificate = db.prepare('INSERT INTO certificates (certificate_number, kind, holder_name_masked, fields_json, print_quota) VALUES (?, ?, ?, ?, ?)');
    addCertificate.run('C-BL-420200-0001', 'businessLicence', '黄*明', JSON.stringify({ enterprise: '黄石市示例商贸有限公司', creditCode: '91420200MA0000000X' }), 2);
    addCertificate.run('C-RP-420200-0002', 'residencePermit', '李*', JSON.stringify({ validUntil: '2029-11-19' }), 1);
    db.prepare('INSERT INTO catalog (id, version, body) VALUES (1, ?, ?)').run(
      'catalog-1',
      JSON.stringify({ services: [{ id: 'residence-permit', name: { zh: '居住证办理', en: 'Residence permit' } }, { id: 'social-proof', name: { zh: '社保参保证明', en: 'Social insurance proof' } }] }),
    );
  })();
}
