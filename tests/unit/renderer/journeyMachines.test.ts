// The 查询, 打印证明, 取证 and 缴费 journeys as pure state machines (issue #15 item 9): every
// transition a screen can cause, without a browser.
import { describe, expect, it } from 'vitest';
import type { PayableDetail } from '../../../src-common/api/fees';
import { fen } from '../../../src-common/domain/money';
import type { ProofPreview } from '../../../src-common/api/proofs';
import { INITIAL_PAY_STATE, noticeLookup, payReducer, type PayEvent, type PayState } from '../../../src-renderer/journeys/pay/payMachine';
import { INITIAL_PICKUP_STATE, pickupReducer, type Certificate, type PickupEvent, type PickupState } from '../../../src-renderer/journeys/proof/pickupMachine';
import { INITIAL_PROOF_STATE, proofReducer, type ProofEvent, type ProofState } from '../../../src-renderer/journeys/proof/proofMachine';
import { INITIAL_QUERY_STATE, queryReducer, type QueryEvent, type QueryState } from '../../../src-renderer/journeys/query/queryMachine';

const runQuery = (state: QueryState, ...events: QueryEvent[]) => events.reduce(queryReducer, state);
const runProof = (state: ProofState, ...events: ProofEvent[]) => events.reduce(proofReducer, state);
const runPickup = (state: PickupState, ...events: PickupEvent[]) => events.reduce(pickupReducer, state);
const runPay = (state: PayState, ...events: PayEvent[]) => events.reduce(payReducer, state);

describe('queryMachine', () => {
  it('refuses a number not shaped like a receipt’s, and looks up one that is', () => {
    const typed = runQuery(INITIAL_QUERY_STATE, { type: 'typed', value: 'demo01-2026' }, { type: 'submitted' });
    expect(typed).toEqual({ kind: 'enter', typed: 'DEMO01-2026', problem: { kind: 'invalid' } });
    const querying = runQuery(typed, { type: 'typed', value: 'DEMO01-20261119-0007' }, { type: 'submitted' });
    expect(querying).toEqual({ kind: 'querying', typed: 'DEMO01-20261119-0007', caseNumber: 'DEMO01-20261119-0007' });
    const found = queryReducer(querying, { type: 'found', result: { caseNumber: 'DEMO01-20261119-0007', status: 'readyForPickup', serviceName: '营业执照变更', updatedAt: '2026-11-19T02:00:00Z' } });
    expect(found.kind).toBe('found');
    // "查询其他办件" keeps the number for a correction.
    expect(queryReducer(found, { type: 'another' })).toEqual({ kind: 'enter', typed: 'DEMO01-20261119-0007' });
  });

  it('a scanned receipt looks up at once; an unknown number says so and keeps it', () => {
    const scanned = queryReducer(INITIAL_QUERY_STATE, { type: 'scanned', text: ' demo01-20991231-9999 ' });
    expect(scanned).toMatchObject({ kind: 'querying', caseNumber: 'DEMO01-20991231-9999' });
    expect(queryReducer(scanned, { type: 'failed', problem: { kind: 'notFound', caseNumber: 'DEMO01-20991231-9999' } })).toEqual({ kind: 'enter', typed: 'DEMO01-20991231-9999', problem: { kind: 'notFound', caseNumber: 'DEMO01-20991231-9999' } });
    // Typing while a query runs changes nothing.
    expect(queryReducer(scanned, { type: 'typed', value: 'X' })).toBe(scanned);
  });
});

const preview: ProofPreview = {
  kind: 'socialInsurance', title: '社会保险参保证明', documentNumber: '20261126 004217', holderName: '王**', holderIdNumber: '420***********0018',
  rows: [{ label: '参保险种', value: '企业职工基本养老保险' }], statement: '特此证明。', issuingDepartment: '黄石市社会保险事业中心', issuedAt: '2026-11-26T02:00:00Z', verificationCode: 'AB12-CD34-EF56',
};

describe('proofMachine', () => {
  it('consent, the card, a kind, the issued proof to check, then the print (#16 defect 10: never one tap)', () => {
    let s = runProof(INITIAL_PROOF_STATE, { type: 'consentGiven' });
    expect(s).toEqual({ kind: 'identify', reader: { kind: 'waiting' }, attempt: 1 });
    s = runProof(s, { type: 'cardRead' }, { type: 'chosen', proof: 'socialInsurance', key: 'proof-key-1' });
    expect(s).toEqual({ kind: 'issuing', proof: 'socialInsurance', key: 'proof-key-1' });
    s = proofReducer(s, { type: 'issued', preview });
    expect(s).toMatchObject({ kind: 'preview', key: 'proof-key-1' });
    // Choosing another kind from the preview prints nothing.
    expect(proofReducer(s, { type: 'back' })).toEqual({ kind: 'choose' });
    s = runProof(s, { type: 'printConfirmed' });
    expect(s).toMatchObject({ kind: 'printing', key: 'proof-key-1' });
    s = proofReducer(s, { type: 'printed', outcome: 'printed' });
    expect(s).toMatchObject({ kind: 'printed', outcome: 'printed', preview: { verificationCode: 'AB12-CD34-EF56' } });
    expect(proofReducer(s, { type: 'another' })).toEqual({ kind: 'choose' });
  });

  it('a proof the platform does not issue ends with the problem, not a preview', () => {
    const s = runProof({ kind: 'choose' }, { type: 'chosen', proof: 'residence', key: 'k-2' }, { type: 'issueFailed', problem: { method: 'Proof.Issue', error: { code: 'deviceNotReady', errorCode: 'platformUnavailable' } } });
    expect(s).toEqual({ kind: 'notIssued', proof: 'residence', problem: { method: 'Proof.Issue', error: { code: 'deviceNotReady', errorCode: 'platformUnavailable' } } });
    expect(proofReducer(s, { type: 'printConfirmed' })).toBe(s);
  });

  it('a card whose number fails its check cannot be retried', () => {
    const failed = runProof(INITIAL_PROOF_STATE, { type: 'consentGiven' }, { type: 'reader', reader: { kind: 'failed', reason: 'badCheck' } });
    expect(proofReducer(failed, { type: 'retryRead' })).toBe(failed);
    const timedOut = runProof(INITIAL_PROOF_STATE, { type: 'consentGiven' }, { type: 'reader', reader: { kind: 'failed', reason: 'readError', error: { code: 'timeOut', errorCode: 'noCard', description: 'no card within 60 s' } } });
    expect(proofReducer(timedOut, { type: 'retryRead' })).toEqual({ kind: 'identify', reader: { kind: 'waiting' }, attempt: 2 });
  });
});

const deed: Certificate = { certificateNumber: 'C-1', title: '不动产权证书', itemName: '不动产转移登记', issuingDepartment: '黄石市不动产登记中心', remainingQuota: 1 };
const collected: Certificate = { ...deed, certificateNumber: 'C-2', remainingQuota: 0 };

describe('pickupMachine', () => {
  it('lists, checks the chosen certificate, prints it; a used-up one cannot be chosen', () => {
    let s = runPickup(INITIAL_PICKUP_STATE, { type: 'consentGiven' }, { type: 'cardRead' });
    // 人证核验 comes between the card and the list (faceCheckMachine.test.ts has its own cases).
    expect(s).toEqual({ kind: 'faceCheck', face: { kind: 'camera', attempt: 1 } });
    s = runPickup(s, { type: 'faceCaptured' }, { type: 'faceVerified' });
    expect(s).toEqual({ kind: 'loading' });
    s = pickupReducer(s, { type: 'listed', entries: [deed, collected] });
    expect(pickupReducer(s, { type: 'chosen', certificateNumber: 'C-2' })).toBe(s);
    s = pickupReducer(s, { type: 'chosen', certificateNumber: 'C-1' });
    expect(s).toMatchObject({ kind: 'preview', entry: { certificateNumber: 'C-1' } });
    expect(pickupReducer(s, { type: 'back' })).toEqual({ kind: 'list', entries: [deed, collected] });
    s = runPickup(s, { type: 'printConfirmed', key: 'pickup-1' });
    expect(s).toEqual({ kind: 'printing', entry: deed, key: 'pickup-1' });
    s = pickupReducer(s, { type: 'printed', outcome: 'printed' });
    // Back to the list fetches it again: the quota changed.
    expect(pickupReducer(s, { type: 'another' })).toEqual({ kind: 'loading' });
  });

  it('a list the platform cannot give says why', () => {
    expect(runPickup({ kind: 'loading' }, { type: 'listFailed', problem: { method: 'Certificate.Ready', error: { code: 'deviceNotReady', errorCode: 'platformUnavailable' } } })).toEqual({
      kind: 'list',
      entries: [],
      problem: { method: 'Certificate.Ready', error: { code: 'deviceNotReady', errorCode: 'platformUnavailable' } },
    });
  });
});

const detail: PayableDetail = {
  payable: { kind: 'notice', noticeNumber: '42020026112600012345' },
  itemName: { zh: '不动产登记费', en: 'Registration fee' },
  payee: { zh: '黄石市不动产登记中心', en: 'Registration centre' },
  payerMasked: '王**',
  amountFen: fen(5000),
  status: 'unpaid',
} as PayableDetail;

describe('payMachine', () => {
  it('a notice number must be 20 digits before it is looked up', () => {
    expect(noticeLookup('123')).toEqual({ type: 'lookupFailed', problem: { kind: 'invalidNotice' } });
    expect(noticeLookup('42020026112600012345')).toEqual({ type: 'lookup', payable: { kind: 'notice', noticeNumber: '42020026112600012345' } });
  });

  it('cash: 正在识别… while a note is in escrow; a returned note keeps its numbers for the sentence (#16 defect 8)', () => {
    let s = runPay(INITIAL_PAY_STATE, { type: 'typed', notice: '42020026112600012345' }, noticeLookup('42020026112600012345'), { type: 'lookedUp', detail }, { type: 'methodChosen', method: 'cash' });
    expect(s).toMatchObject({ kind: 'cash', paidFen: 0, remainingFen: 5000, checking: false });
    s = runPay(s, { type: 'noteEscrowed' });
    expect(s).toMatchObject({ checking: true });
    s = runPay(s, { type: 'noteStacked', paidFen: fen(2000), remainingFen: fen(3000) });
    expect(s).toMatchObject({ checking: false, paidFen: 2000, remainingFen: 3000 });
    s = runPay(s, { type: 'noteEscrowed' }, { type: 'noteRejected', valueFen: fen(10000), maxAcceptableFen: fen(3000) });
    expect(s).toMatchObject({ checking: false, message: { kind: 'returned', valueFen: 10000, maxAcceptableFen: 3000 } });
    // The next stacked note clears the message.
    expect(runPay(s, { type: 'noteStacked', paidFen: fen(4000), remainingFen: fen(1000) })).not.toHaveProperty('message');
  });

  it('"继续缴费" starts from an empty notice field; "重新支付" keeps the amount (#16 defect 8)', () => {
    const paid = runPay(INITIAL_PAY_STATE, { type: 'typed', notice: '42020026112600012345' }, noticeLookup('42020026112600012345'), { type: 'lookedUp', detail }, { type: 'methodChosen', method: 'cash' }, {
      type: 'finished',
      result: { via: 'cash', cash: { txnId: 't', status: 'paid', dueFen: fen(5000), paidFen: fen(5000), notes: [], rejected: [] }, receipt: { outcome: 'printed' } },
    });
    expect(paid.kind).toBe('result');
    expect(payReducer(paid, { type: 'payAnother' })).toEqual({ kind: 'find', notice: '' });
    expect(payReducer(paid, { type: 'retry' })).toBe(paid);
    const canceled = runPay(INITIAL_PAY_STATE, { type: 'typed', notice: '42020026112600012345' }, noticeLookup('42020026112600012345'), { type: 'lookedUp', detail }, { type: 'methodChosen', method: 'qrDisplayed' }, {
      type: 'finished',
      result: { via: 'qr', payment: { orderId: 'o', status: 'canceled', amountFen: 5000, receipt: { outcome: 'notAttempted' } } },
    } as PayEvent);
    expect(payReducer(canceled, { type: 'retry' })).toEqual({ kind: 'confirm', notice: '42020026112600012345', detail });
  });

  it('返回 from the amount keeps the typed number for correcting one digit', () => {
    const s = runPay(INITIAL_PAY_STATE, { type: 'typed', notice: '42020026112600012345' }, noticeLookup('42020026112600012345'), { type: 'lookedUp', detail }, { type: 'back' });
    expect(s).toEqual({ kind: 'find', notice: '42020026112600012345' });
  });
});
