// The case lifecycle at the platform (issue #12 item 3), over real HTTP on this run's store: a
// pushed application.submitted becomes a case, found by number and by ID card (a keyed hash: the
// number is nowhere in the database); the back office moves it through the lifecycle, refused
// moves refused, every move audited; 待领取 yields a certificate for its holder, whose confirmed
// print picks the case up; its fee is payable later by number or ID card.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { AdminCase, CaseFeeDetail, CaseStatus, CaseTransitionRecord } from '../../../src-common/wire/casesWire';
import type { ReadyCertificate } from '../../../src-common/wire/proofsWire';
import { createAccounts, signIn } from './support/consoleClient';
import { applicationSubmitted, event, newCaseNumber, startOpsRig, type OpsRig } from './support/opsRig';

const HOLDER = { name: '张三丰', idNumber: '42020219900101123X' };
const OTHER = { name: '李四', idNumber: '420202198805052345' };

async function submit(rig: OpsRig, holder = HOLDER, options: { feeFen?: number } = {}): Promise<string> {
  const caseNumber = newCaseNumber();
  const [result] = await rig.push([applicationSubmitted(caseNumber, holder, options)]);
  expect(result).toMatchObject({ status: 'accepted' });
  return caseNumber;
}

async function move(rig: OpsRig, caseNumber: string, body: Record<string, unknown>) {
  return rig.admin<AdminCase & { error?: string; message?: string }>('POST', `/admin/cases/${caseNumber}/transitions`, body);
}

describe('case lifecycle', () => {
  it('turns a submitted application into a case found by number and by ID card, without keeping the ID number', async () => {
    const rig = await startOpsRig();
    const caseNumber = await submit(rig, HOLDER, { feeFen: 2000 });
    const byNumber = await rig.signed<CaseStatus>('GET', `/v1/cases/${caseNumber}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.json).toMatchObject({ caseNumber, status: 'received', service: { zh: '居住证办理', en: 'Residence permit' }, fee: { amountFen: 2000, status: 'unpaid' } });
    expect(byNumber.json.history).toEqual([{ status: 'received', at: byNumber.json.updatedAt }]);

    // The check character in lower case is the same card.
    const mine = await rig.signed<{ cases: CaseStatus[] }>('POST', '/v1/cases/of-holder', { holder: { idNumber: HOLDER.idNumber.toLowerCase() } });
    expect(mine.json.cases.map((c) => c.caseNumber)).toEqual([caseNumber]);
    expect((await rig.signed<{ cases: CaseStatus[] }>('POST', '/v1/cases/of-holder', { holder: { idNumber: OTHER.idNumber } })).json.cases).toEqual([]);
    expect((await rig.signed('POST', '/v1/cases/of-holder', { holder: { idNumber: '1' } })).status).toBe(400);

    const rows = await rig.platform.store.db.query<{ row: string }>("SELECT row_to_json(c)::text AS row FROM cases c WHERE case_number = $1", [caseNumber]);
    expect(rows[0]!.row).not.toContain(HOLDER.idNumber);
    expect(rows[0]!.row).not.toContain(HOLDER.idNumber.slice(0, 17));
    expect(rows[0]!.row).not.toContain(HOLDER.name);
    expect(rows[0]!.row).toContain('张**');
    expect((await rig.signed('GET', '/v1/cases/OPS01-20261126-9999')).status).toBe(404);
  });

  it('moves a case only along the lifecycle, audits each move, and yields a certificate that a confirmed print picks up', async () => {
    const rig = await startOpsRig();
    const caseNumber = await submit(rig);
    expect(await move(rig, caseNumber, { to: 'approved', actor: 'clerk-wang' })).toMatchObject({ status: 409, json: { error: 'notAllowed' } });
    expect(await move(rig, caseNumber, { to: 'inReview', actor: 'clerk-wang' })).toMatchObject({ status: 200, json: { status: 'inReview', revision: 2 } });
    // Two clerks: the second still thinks the case is received.
    expect(await move(rig, caseNumber, { to: 'rejected', actor: 'clerk-li', note: '材料不全', expectedStatus: 'received' })).toMatchObject({ status: 409, json: { error: 'staleStatus' } });
    expect(await move(rig, caseNumber, { to: 'rejected', actor: 'clerk-li' })).toMatchObject({ status: 400, json: { error: 'noteRequired' } });
    expect(await move(rig, caseNumber, { to: 'pickedUp', actor: 'clerk-li' })).toMatchObject({ status: 409, json: { error: 'notAllowed' } });
    rig.clock.advance(60_000);
    expect(await move(rig, caseNumber, { to: 'approved', actor: 'clerk-wang', expectedStatus: 'inReview' })).toMatchObject({ status: 200, json: { status: 'approved' } });
    expect(await move(rig, caseNumber, { to: 'readyForPickup', actor: 'clerk-wang', note: '请到自助机取证' })).toMatchObject({ status: 200, json: { status: 'readyForPickup', certificateNumber: `C-${caseNumber}` } });
    expect((await move(rig, 'OPS01-20261126-9999', { to: 'inReview', actor: 'x' })).status).toBe(404);

    const seen = await rig.signed<CaseStatus>('GET', `/v1/cases/${caseNumber}`);
    expect(seen.json).toMatchObject({ status: 'readyForPickup', note: '请到自助机取证' });
    expect(seen.json.history!.map((h) => h.status)).toEqual(['received', 'inReview', 'approved', 'readyForPickup']);

    const ready = await rig.signed<{ certificates: ReadyCertificate[] }>('POST', '/v1/certificates/ready', { holder: HOLDER });
    const certificate = ready.json.certificates.find((c) => c.certificateNumber === `C-${caseNumber}`);
    expect(certificate).toMatchObject({ title: '居住证办理', remainingQuota: 1, fields: { holderName: HOLDER.name, itemName: '居住证办理', certificateNumber: `C-${caseNumber}` } });
    // Another holder does not see it.
    const others = await rig.signed<{ certificates: ReadyCertificate[] }>('POST', '/v1/certificates/ready', { holder: OTHER });
    expect(others.json.certificates.map((c) => c.certificateNumber)).not.toContain(`C-${caseNumber}`);

    rig.clock.advance(60_000);
    const printed = event('certificate.printed', { certificateNumber: `C-${caseNumber}`, printJobId: 'job-1' });
    expect(await rig.push([printed])).toMatchObject([{ status: 'accepted' }]);
    expect(await rig.push([printed])).toMatchObject([{ status: 'duplicate' }]);
    const after = await rig.admin<{ case: AdminCase; transitions: CaseTransitionRecord[] }>('GET', `/admin/cases/${caseNumber}`);
    expect(after.json.case.status).toBe('pickedUp');
    expect(after.json.transitions.map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, 'received', `kiosk:${rig.kioskId}`],
      ['received', 'inReview', 'clerk-wang'],
      ['inReview', 'approved', 'clerk-wang'],
      ['approved', 'readyForPickup', 'clerk-wang'],
      ['readyForPickup', 'pickedUp', `kiosk:${rig.kioskId}`],
    ]);
    expect(after.json.transitions.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(after.json.transitions.map((t) => t.at)).size).toBe(3);
    const collected = await rig.signed<{ certificates: ReadyCertificate[] }>('POST', '/v1/certificates/ready', { holder: HOLDER });
    expect(collected.json.certificates.map((c) => c.certificateNumber)).not.toContain(`C-${caseNumber}`);
    expect(await move(rig, caseNumber, { to: 'readyForPickup', actor: 'clerk-wang' })).toMatchObject({ status: 409, json: { error: 'notAllowed' } });
  });

  it('offers a case fee later by case number and by ID card, checks the amount of an order, and knows when it is paid', async () => {
    const rig = await startOpsRig();
    const caseNumber = await submit(rig, HOLDER, { feeFen: 3000 });
    const free = await submit(rig, HOLDER, { feeFen: 0 });
    expect(await rig.signed<CaseFeeDetail>('GET', `/v1/payments/cases/${caseNumber}`)).toMatchObject({
      status: 200,
      json: { caseNumber, amountFen: 3000, status: 'unpaid', payerMasked: '张**', itemName: { zh: '居住证办理' } },
    });
    expect(await rig.signed('GET', `/v1/payments/cases/${free}`)).toMatchObject({ status: 404, json: { error: 'noFee' } });
    expect(await rig.signed('GET', '/v1/payments/cases/OPS01-20261126-9999')).toMatchObject({ status: 404, json: { error: 'notFound' } });
    const fees = await rig.signed<{ fees: CaseFeeDetail[] }>('POST', '/v1/payments/cases/of-holder', { holder: { idNumber: HOLDER.idNumber } });
    expect(fees.json.fees.map((f) => [f.caseNumber, f.amountFen])).toEqual([[caseNumber, 3000]]);

    const order = { orderId: `QR${ulid()}`, payable: { kind: 'case', caseNumber }, mode: 'displayedCode', subject: '居住证', ttlSeconds: 60 };
    expect(await rig.signed('POST', '/v1/payments/orders', { ...order, amountFen: 100 })).toMatchObject({ status: 409, json: { error: 'amountMismatch' } });
    expect(await rig.signed('POST', '/v1/payments/orders', { ...order, amountFen: 3000 })).toMatchObject({ status: 200, json: { status: 'created' } });

    const paid = event('payment.recorded', { paymentId: 'PAY-1', payable: { kind: 'case', caseNumber }, amountFen: 3000, method: 'cash', cashTxnId: 'T1', paidAt: new Date().toISOString() });
    expect(await rig.push([paid])).toMatchObject([{ status: 'accepted' }]);
    expect(await rig.signed('GET', `/v1/payments/cases/${caseNumber}`)).toMatchObject({ status: 200, json: { status: 'paid' } });
    expect((await rig.signed<CaseStatus>('GET', `/v1/cases/${caseNumber}`)).json.fee).toEqual({ amountFen: 3000, status: 'paid' });
    expect((await rig.signed<{ fees: CaseFeeDetail[] }>('POST', '/v1/payments/cases/of-holder', { holder: HOLDER })).json.fees).toEqual([]);
  });

  it('lists cases newest first in pages, by status and by kiosk', async () => {
    const rig = await startOpsRig();
    const numbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      numbers.push(await submit(rig));
      rig.clock.advance(1000);
    }
    await move(rig, numbers[1]!, { to: 'inReview', actor: 'clerk' });
    await move(rig, numbers[3]!, { to: 'inReview', actor: 'clerk' });
    const first = await rig.admin<{ cases: AdminCase[]; nextAfter: string | null }>('GET', '/admin/cases?limit=2');
    expect(first.json.cases.map((c) => c.caseNumber)).toEqual([numbers[4], numbers[3]]);
    const second = await rig.admin<{ cases: AdminCase[]; nextAfter: string | null }>('GET', `/admin/cases?limit=2&after=${first.json.nextAfter}`);
    expect(second.json.cases.map((c) => c.caseNumber)).toEqual([numbers[2], numbers[1]]);
    const inReview = await rig.admin<{ cases: AdminCase[] }>('GET', '/admin/cases?status=inReview');
    // The seeded demo case in review is older than these.
    expect(inReview.json.cases.map((c) => c.caseNumber)).toEqual([numbers[3], numbers[1], 'DEMO01-20261120-0001']);
    const inReviewHere = await rig.admin<{ cases: AdminCase[] }>('GET', `/admin/cases?status=inReview&kioskId=${rig.kioskId}`);
    expect(inReviewHere.json.cases.map((c) => c.caseNumber)).toEqual([numbers[3], numbers[1]]);
    const mine = await rig.admin<{ cases: AdminCase[] }>('GET', `/admin/cases?kioskId=${rig.kioskId}&limit=1000`);
    // The seeded demo cases have no kiosk; the page size is clamped, never unbounded.
    expect(mine.json.cases).toHaveLength(5);
    expect(mine.json.cases.every((c) => c.holderNameMasked === '张**' && c.kioskId === rig.kioskId)).toBe(true);
    expect((await rig.admin('GET', '/admin/cases?status=lost')).status).toBe(400);
  });
});

describe('case back office accounts', () => {
  it('records the signed-in clerk as who moved a case; a viewer sees no case at all', async () => {
    const rig = await startOpsRig();
    const caseNumber = await submit(rig);
    await createAccounts(rig.platform, [['clerk-zhou', 'operator'], ['look-only', 'viewer']], 'console password 123');
    const clerk = (await signIn(rig.platform.url, 'clerk-zhou', 'console password 123')).session!;
    const viewer = (await signIn(rig.platform.url, 'look-only', 'console password 123')).session!;
    expect(await viewer.request('GET', '/admin/cases')).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    expect(await clerk.request('POST', `/admin/cases/${caseNumber}/transitions`, { to: 'inReview', actor: 'not-me' })).toMatchObject({ status: 200, json: { status: 'inReview' } });
    expect(await clerk.request('POST', `/admin/cases/${caseNumber}/transitions`, { to: 'rejected' })).toMatchObject({ status: 400, json: { error: 'noteRequired' } });
    const detail = await clerk.request('GET', `/admin/cases/${caseNumber}`);
    expect((detail.json.transitions as CaseTransitionRecord[]).map((t) => [t.to, t.actor])).toEqual([
      ['received', `kiosk:${rig.kioskId}`],
      ['inReview', 'clerk-zhou'],
    ]);
  });
});
