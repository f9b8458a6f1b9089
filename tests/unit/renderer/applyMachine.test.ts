// The 受理 journey's state machine: every step and the rules it enforces (nothing read before
// consent, a card with a bad check digit stops the journey, a page with problems does not move
// on, materials must be provided, one idempotency key per application reused by retries).
import { describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../../src-common/api/applications';
import type { IdCardData } from '../../../src-common/api/devices';
import type { CatalogItem } from '../../../src-common/api/catalog';
import { formatDate, formatNumber } from '../../../src-renderer/i18n/format';
import { applyReducer, initialApplyState, missingMaterials, pageProblems, signatureMissing, stepKeyOf, type ApplyEvent, type ApplyState } from '../../../src-renderer/journeys/apply/applyMachine';
import { offeredMaterialModes, askedFields, cardFields, cardFieldsToRead, formPages, heldTrustLevel, targetFromBundle, targetFromItem } from '../../../src-renderer/journeys/apply/journeyTarget';
import { displayValue, formatDateDigits, keyboardFor } from '../../../src-renderer/journeys/apply/FormStep';
import { fen } from '../../../src-common/domain/money';

const item: CatalogItem = {
  id: 'pension',
  name: { zh: '养老', en: 'Pension' },
  department: { id: 'hr', name: { zh: '人社局', en: 'HR' } },
  level: 'city',
  regionCodes: ['420200'],
  offeredAtGrassroots: false,
  feeFen: fen(0),
  promisedWorkingDays: 10,
  materials: [
    { id: 'id-card', name: { zh: '身份证', en: 'ID' }, trustLevel: 'A', reuseKey: 'material.idCard' },
    { id: 'bank-card', name: { zh: '银行卡', en: 'Bank card' }, trustLevel: 'C', reuseKey: 'material.bankCard' },
  ],
  form: {
    fields: [
      { key: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text', source: 'idCard.name', reuseKey: 'applicant.name', validation: { required: true } },
      { key: 'phone', label: { zh: '联系电话', en: 'Phone' }, type: 'phone', reuseKey: 'applicant.phone', validation: { required: true } },
      { key: 'date', label: { zh: '退休日期', en: 'Date' }, type: 'date', validation: { required: true } },
      { key: 'bank', label: { zh: '银行账号', en: 'Account' }, type: 'text', validation: { required: true, pattern: '\\d{12,19}' } },
      { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'text', validation: { required: false } },
    ],
  },
  capabilities: ['idRead', 'receiptPrint'],
  lifeEvents: ['retirement'],
  related: [],
  keywords: [],
  applicantIdentity: 'idCard',
  appliesFor: 'self',
  faceCheck: false,
  guide: { completion: 'atKiosk', bothPartiesInPerson: false, notes: [] },
};

const card: IdCardData = {
  cardType: 'resident', name: '王建国', sex: '男', birthDate: '1980-01-01', address: '湖北省黄石市', idNumber: '420204198001010018',
  issuer: '黄石市公安局', validFrom: '2015-06-01', validTo: '2035-06-01', checkDigitValid: true, idNumberCheck: 'gb11643', nation: '汉', hasPhoto: true,
};

const result: SubmitResult = { caseNumber: 'TESTJ1-20261127-0001', syncState: 'queued', receipt: { outcome: 'printed' }, feeFen: fen(0), itemIds: ['pension'], submittedAt: '2026-11-27T01:00:00Z' };

function run(state: ApplyState, ...events: ApplyEvent[]): ApplyState {
  return events.reduce(applyReducer, state);
}

const READ = cardFieldsToRead(targetFromItem(item));

function atForm(): ApplyState {
  return run(initialApplyState(), { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' }, { type: 'consent', at: '2026-11-27T01:00:00Z' }, { type: 'cardRead', card, fields: READ });
}

describe('applyMachine', () => {
  it('shows the guide first (办事指南, #16 item 17); 返回 from it goes back to the catalog', () => {
    const guide = run(initialApplyState(), { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} });
    expect(guide.step).toEqual({ kind: 'guide' });
    expect(guide.target?.guide).toEqual({ completion: 'atKiosk', bothPartiesInPerson: false, notes: [] });
    expect(stepKeyOf(guide.step)).toBe('guide');
    // Nothing read yet: a card event on the guide changes nothing.
    expect(applyReducer(guide, { type: 'cardRead', card, fields: READ }).card).toBeUndefined();
    expect(applyReducer(guide, { type: 'back' }).step).toEqual({ kind: 'browse' });
  });

  it('asks for consent before anything is read, then waits for the card', () => {
    const loaded = run(initialApplyState(), { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' });
    expect(loaded.step).toEqual({ kind: 'consent' });
    // A card event before consent changes nothing.
    expect(applyReducer(loaded, { type: 'cardRead', card, fields: READ }).card).toBeUndefined();
    const consented = applyReducer(loaded, { type: 'consent', at: '2026-11-27T01:00:00Z' });
    expect(consented.step).toEqual({ kind: 'identify', reader: { kind: 'waiting' }, attempt: 1 });
    expect(consented.consentAt).toBe('2026-11-27T01:00:00Z');
  });

  it('follows the reader, stops on a card whose number fails its check, and retries after a timeout', () => {
    const identify = run(initialApplyState(), { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' }, { type: 'consent', at: '2026-11-27T01:00:00Z' });
    expect(run(identify, { type: 'reader', reader: { kind: 'reading' } }).step).toEqual({ kind: 'identify', reader: { kind: 'reading' }, attempt: 1 });
    const bad = applyReducer(identify, { type: 'cardRead', card: { ...card, checkDigitValid: false }, fields: READ });
    expect(bad.step).toEqual({ kind: 'identify', reader: { kind: 'failed', reason: 'badCheck' }, attempt: 1 });
    expect(bad.card).toBeUndefined();
    const timedOut = applyReducer(identify, { type: 'reader', reader: { kind: 'failed', reason: 'readError', error: { code: 'timeOut', errorCode: 'noCard', description: 'no card within 60 s' } } });
    // A retry is a new attempt: the effect starts one more read.
    expect(applyReducer(timedOut, { type: 'retryRead' }).step).toEqual({ kind: 'identify', reader: { kind: 'waiting' }, attempt: 2 });
  });

  it('does not leave a form page with problems, and shows them', () => {
    const form = atForm();
    expect(form.step).toEqual({ kind: 'form', page: 0, showProblems: false });
    const blocked = applyReducer(form, { type: 'next' });
    expect(blocked.step).toEqual({ kind: 'form', page: 0, showProblems: true });
    expect(pageProblems(blocked, 0).map((p) => p.key)).toEqual(['phone', 'date', 'bank']);
    const filled = run(form, { type: 'answer', key: 'phone', value: '13800138000' }, { type: 'answer', key: 'date', value: '2026-01-01' }, { type: 'answer', key: 'bank', value: '6222020200112233445' }, { type: 'next' });
    expect(filled.step).toEqual({ kind: 'form', page: 1, showProblems: false });
    // The optional field alone is on page 2; leaving it empty is fine.
    expect(applyReducer(filled, { type: 'next' }).step).toEqual({ kind: 'materials', showMissing: false });
  });

  it('never asks card-sourced fields', () => {
    expect(askedFields(targetFromItem(item)).map((f) => f.key)).toEqual(['phone', 'date', 'bank', 'note']);
    expect(formPages(askedFields(targetFromItem(item)), 3).map((p) => p.length)).toEqual([3, 1]);
  });

  it('needs every non-A material before review; A comes by data sharing', () => {
    let s = run(atForm(), { type: 'answer', key: 'phone', value: '13800138000' }, { type: 'answer', key: 'date', value: '2026-01-01' }, { type: 'answer', key: 'bank', value: '6222020200112233445' }, { type: 'next' }, { type: 'next' });
    expect(missingMaterials(s)).toEqual(['material.bankCard']);
    s = applyReducer(s, { type: 'next' });
    expect(s.step).toEqual({ kind: 'materials', showMissing: true });
    s = run(s, { type: 'startCapture', reuseKey: 'material.bankCard' });
    expect(s.step).toEqual({ kind: 'materials', capturing: 'material.bankCard', showMissing: false });
    s = run(s, { type: 'provide', reuseKey: 'material.bankCard', material: { mode: 'photo', images: [{ mimeType: 'image/jpeg', base64: 'AAAAAAAAAAAAAAAAAAAA' }] } });
    expect(s.step).toEqual({ kind: 'materials', showMissing: false });
    expect(applyReducer(s, { type: 'next' }).step).toEqual({ kind: 'review' });
  });

  it('submits only with the declaration and a signature, keeps one idempotency key across retries, then waits for the acknowledgement', () => {
    let s = run(atForm(), { type: 'answer', key: 'phone', value: '13800138000' }, { type: 'answer', key: 'date', value: '2026-01-01' }, { type: 'answer', key: 'bank', value: '6222020200112233445' }, { type: 'next' }, { type: 'next' });
    s = run(s, { type: 'provide', reuseKey: 'material.bankCard', material: { mode: 'atWindow', images: [] } }, { type: 'next' }, { type: 'next' });
    expect(s.step).toEqual({ kind: 'signature', showMissing: false });
    // 确认提交 with nothing done says what is missing instead of submitting.
    const early = applyReducer(s, { type: 'submit', idempotencyKey: 'key-one-123' });
    expect(early.step).toEqual({ kind: 'signature', showMissing: true });
    expect(signatureMissing(early)).toEqual(['declaration', 'signature']);
    s = run(s, { type: 'signed', png: 'iVBORw0KGgoAAAANSUhEUg' }, { type: 'submit', idempotencyKey: 'key-one-123' });
    expect(signatureMissing(s)).toEqual(['declaration']);
    expect(s.step.kind).toBe('signature');
    s = run(s, { type: 'declaration', agreed: true }, { type: 'submit', idempotencyKey: 'key-one-123' });
    expect(s.step).toEqual({ kind: 'submitting' });
    s = run(s, { type: 'submitFailed', problem: { method: 'Application.Submit', error: { code: 'deviceNotReady', errorCode: 'notRecorded' } } }, { type: 'submit', idempotencyKey: 'key-two-456' });
    expect(s.idempotencyKey).toBe('key-one-123');
    s = applyReducer(s, { type: 'submitted', result });
    expect(s.step).toEqual({ kind: 'result', result, sync: 'waiting' });
    expect(applyReducer(s, { type: 'syncState', sync: 'queued' }).step).toMatchObject({ sync: 'queued' });
    expect(applyReducer(s, { type: 'syncState', sync: 'acknowledged' }).step).toMatchObject({ sync: 'acknowledged' });
  });

  it('the next item of the session skips consent and the card, and starts with the reused answers', () => {
    const session = initialApplyState({ card, cardRead: READ, consentAt: '2026-11-27T01:00:00Z' });
    const s = run(session, { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: { phone: { value: '13800138000', from: { zh: '养老', en: 'Pension' } } }, reusedMaterials: {} }, { type: 'next' });
    expect(s.step).toEqual({ kind: 'form', page: 0, showProblems: false });
    expect(s.answers.phone).toBe('13800138000');
    expect(s.reusedAnswers.phone).toEqual({ zh: '养老', en: 'Pension' });
  });

  it('reads only what the item uses, and reads again (with consent) when a later item needs more (#16 defect 7)', () => {
    expect(READ).toEqual(['name', 'idNumber', 'validity']);
    const withAddress: CatalogItem = { ...item, id: 'addr', form: { fields: [...item.form.fields, { key: 'home', label: { zh: '住址', en: 'Address' }, type: 'address', source: 'idCard.address', validation: { required: true } }] } };
    expect(cardFieldsToRead(targetFromItem(withAddress))).toEqual(['name', 'idNumber', 'validity', 'address']);
    const session = initialApplyState({ card, cardRead: READ, consentAt: '2026-11-27T01:00:00Z' });
    const s = run(session, { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(withAddress), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' });
    expect(s.step).toEqual({ kind: 'consent' });
  });

  it('a replacement for a lost card (declared identity) never asks for the card and asks name and number instead (#16 defect 6)', () => {
    const reissue: CatalogItem = { ...item, id: 'reissue', applicantIdentity: 'declared' };
    const s = run(initialApplyState(), { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(reissue), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' });
    expect(s.step).toEqual({ kind: 'form', page: 0, showProblems: false });
    expect(askedFields(targetFromItem(reissue)).map((f) => f.key)).toContain('name');
    expect(cardFields(targetFromItem(reissue))).toEqual([]);
  });

  it('返回 to the catalog keeps what was typed and the search; choosing the item again brings it back (#16 defect 5)', () => {
    let s = run(initialApplyState(), { type: 'browse', browse: { tab: 'search', query: 'ylbx' } }, { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' });
    s = run(s, { type: 'consent', at: '2026-11-27T01:00:00Z' }, { type: 'cardRead', card, fields: READ }, { type: 'answer', key: 'phone', value: '13800138000' }, { type: 'back' });
    expect(s.step).toEqual({ kind: 'browse' });
    expect(s.browse).toEqual({ tab: 'search', query: 'ylbx' });
    expect(s.card?.name).toBe('王建国');
    expect(s.drafts.pension?.answers).toEqual({ phone: '13800138000' });
    // A draft was started after reading the guide: it opens straight at the form.
    const again = run(s, { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} });
    expect(again.step).toEqual({ kind: 'form', page: 0, showProblems: false });
    expect(again.answers.phone).toBe('13800138000');
  });

  it('after a submission the next application starts clean (its draft is gone)', () => {
    let s = run(atForm(), { type: 'answer', key: 'phone', value: '13800138000' }, { type: 'back' }, { type: 'choose', choice: { kind: 'item', id: 'pension' } }, { type: 'loaded', target: targetFromItem(item), reusedAnswers: {}, reusedMaterials: {} }, { type: 'next' });
    s = { ...s, step: { kind: 'result', result, sync: 'acknowledged' } };
    s = applyReducer(s, { type: 'startAnother' });
    expect(s.drafts).toEqual({});
  });

  it('a pushed entry on the result starts the next application from the catalog state', () => {
    const done: ApplyState = { ...atForm(), step: { kind: 'result', result, sync: 'acknowledged' } };
    const next = applyReducer(done, { type: 'choose', choice: { kind: 'item', id: 'housing' } });
    expect(next.step).toEqual({ kind: 'loading', choice: { kind: 'item', id: 'housing' } });
    expect(next.target).toBeUndefined();
    expect(next.card?.name).toBe('王建国');
  });

  it('names each step so the frame knows when a new one appears', () => {
    expect(stepKeyOf({ kind: 'form', page: 1, showProblems: true })).toBe('form-1');
    expect(stepKeyOf({ kind: 'materials', capturing: 'material.photo', showMissing: false })).toBe('camera-material.photo');
    // The submit overlay and a failed submit stay on the signature step: no input guard, no scroll.
    expect(stepKeyOf({ kind: 'submitting' })).toBe('signature');
    expect(stepKeyOf({ kind: 'result', result, sync: 'waiting' })).toBe('result');
  });
});

describe('journeyTarget and form helpers', () => {
  it('a bundle keeps merged keys and names the items each answer serves', () => {
    const other: CatalogItem = {
      ...item,
      id: 'housing',
      name: { zh: '公积金', en: 'Housing fund' },
      appliesFor: 'other',
      guide: { completion: 'collectAtWindow', bothPartiesInPerson: true, notes: [{ zh: '须本人到窗口领取。', en: 'Collect in person.' }] },
    };
    const target = targetFromBundle({
      bundle: { id: 'bundle-x', name: { zh: '退休一件事', en: 'Retiring' }, items: ['pension', 'housing'], lifeEvent: 'retirement', description: { zh: '说明', en: 'About' }, related: [], keywords: [] },
      items: [item, other],
      form: { fields: [{ ...item.form.fields[1]!, mergedKey: 'applicant.phone', serves: [{ itemId: 'pension', fieldKey: 'phone' }, { itemId: 'housing', fieldKey: 'phone' }] }] },
      materials: [{ ...item.materials[1]!, servesItems: ['pension', 'housing'] }],
      totalFeeFen: fen(0),
      capabilities: ['idRead'],
    });
    expect(target.fields[0]!.key).toBe('applicant.phone');
    // The bundle's guide is its items' taken together: as far as its least finished item, anyone who must come, every note.
    expect(target.guide).toEqual({ completion: 'collectAtWindow', bothPartiesInPerson: true, notes: [{ zh: '须本人到窗口领取。', en: 'Collect in person.' }] });
    // One item applied for on someone else's behalf makes the bundle ask for 人证核验; the item alone does not.
    expect(target.faceCheck).toBe(true);
    expect(targetFromItem(item).faceCheck).toBe(false);
    expect(targetFromItem({ ...item, faceCheck: true }).faceCheck).toBe(true);
    expect(targetFromItem({ ...item, faceCheck: true, applicantIdentity: 'declared' }).faceCheck).toBe(false);
    expect(target.fields[0]!.serves.map((n) => n.zh)).toEqual(['养老', '公积金']);
    expect(target.materials[0]!.servesItems.map((n) => n.zh)).toEqual(['养老', '公积金']);
  });

  it('material modes and the trust level each gives mirror the core', () => {
    expect(offeredMaterialModes('A')).toEqual([]);
    expect(offeredMaterialModes('B')).toEqual(['atWindow']);
    expect(offeredMaterialModes('C')).toEqual(['photo', 'atWindow']);
    expect(offeredMaterialModes('D')).toEqual(['pledge', 'photo', 'atWindow']);
    expect(heldTrustLevel('photo', 'D')).toBe('C');
    expect(heldTrustLevel('pledge', 'D')).toBe('D');
    expect(heldTrustLevel('atWindow', 'B')).toBe('B');
  });

  it('dates are typed as eight digits; keyboards fit the field', () => {
    expect(formatDateDigits('2026')).toBe('2026');
    expect(formatDateDigits('20260')).toBe('2026-0');
    expect(formatDateDigits('20260101')).toBe('2026-01-01');
    expect(formatDateDigits('2026010199')).toBe('2026-01-01');
    const fields = item.form.fields;
    expect(keyboardFor(fields[1]!).modes).toEqual(['digits']);
    expect(keyboardFor(fields[3]!).modes).toEqual(['digits']);
    expect(keyboardFor(fields[4]!).modes).toEqual(['pinyin', 'letters']);
    const creditCode = { ...fields[3]!, validation: { required: true, pattern: '[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}' } };
    const setup = keyboardFor(creditCode);
    expect(setup.modes).toEqual(['letters', 'digits']);
    expect(setup.normalise?.('92ma')).toBe('92MA');
    expect(keyboardFor({ ...fields[1]!, type: 'idNumber' }).extraDigitKeys).toEqual(['X']);
  });

  it('values read back as people read them: dates in words, long numbers grouped (#16 defect 11)', () => {
    const zh = { date: (v: string) => formatDate(v, 'zh-CN'), number: (n: number) => formatNumber(n, 'zh-CN') };
    const fields = item.form.fields;
    expect(displayValue(fields[2]!, '1958-07-15', zh)).toBe('1958年7月15日');
    expect(displayValue(fields[1]!, '13800138000', zh)).toBe('138 0013 8000');
    expect(displayValue(fields[3]!, '6222020200112233445', zh)).toBe('6222 0202 0011 2233 445');
    expect(displayValue({ ...fields[1]!, type: 'number' }, '580000', zh)).toBe('580,000');
    expect(displayValue(fields[4]!, '备注', zh)).toBe('备注');
    expect(displayValue(fields[2]!, '1958-07-15', { date: (v) => formatDate(v, 'en'), number: zh.number })).toBe('15 July 1958');
  });
});
