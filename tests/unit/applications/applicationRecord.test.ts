// The pure core of a submission: answers completed from the card (never from typed identity),
// validation, and the outbox record that carries every field exactly once.
import { describe, expect, it } from 'vitest';
import type { IdCardData } from '../../../src-common/api/devices';
import { loadCatalogFile } from '../../../src-main/core/catalog/loadCatalogFile';
import { CatalogService } from '../../../src-main/core/catalog/CatalogService';
import { applicationRecord } from '../../../src-main/core/applications/applicationRecord';
import { bundleTarget, completeAnswers, identityDeclared, idCardFields, itemTarget } from '../../../src-main/core/applications/applicationTarget';
import { unwrap } from '../../../src-common/result';
import { idNumberCheckChar } from '../../../src-common/forms/validateForm';

const catalog = new CatalogService(unwrap(loadCatalogFile('catalog/sample-catalog.json')), { level: 'city', regionCode: '420200' });
const card: IdCardData = {
  cardType: 'resident',
  name: '王建国',
  sex: '男',
  birthDate: '1980-01-01',
  address: '湖北省黄石市下陆区示例大道100号',
  idNumber: `42020419800101001${idNumberCheckChar('42020419800101001')}`,
  issuer: '黄石市公安局下陆分局',
  validFrom: '2015-06-01',
  validTo: '2035-06-01',
  checkDigitValid: true,
  idNumberCheck: 'gb11643',
  nation: '汉',
  hasPhoto: true,
};

describe('completing answers', () => {
  it('maps the card to codes the form layer uses', () => {
    expect(idCardFields(card)).toMatchObject({ sexCode: '1', nationCode: '01', birthDate: '1980-01-01' });
    expect(idCardFields({ ...card, sex: '女', nation: '藏' })).toMatchObject({ sexCode: '2', nationCode: '04' });
  });

  it('fills idCard-sourced fields from the card and discards typed ones', () => {
    const target = itemTarget(catalog.item('id-card-renewal')!);
    const done = completeAnswers(target, { applicantName: '假名字', applicantIdNumber: '11010519491231002X', applicantSex: 'female', applicantPhone: ' 13800138000 ', extra: 'x' }, card);
    expect(done.problems).toEqual([]);
    expect(done.answers).toEqual({
      applicantName: '王建国',
      applicantIdNumber: card.idNumber,
      applicantPhone: '13800138000',
      applicantSex: 'male',
      applicantBirthDate: '1980-01-01',
      registeredAddress: '湖北省黄石市下陆区示例大道100号',
    });
    expect(done.ignoredKeys).toEqual(['extra']);
  });

  it('reports what the citizen must fix', () => {
    const done = completeAnswers(itemTarget(catalog.item('id-card-renewal')!), { applicantPhone: '123' }, card);
    expect(done.problems.map((p) => p.key)).toEqual(['applicantPhone']);
  });

  it('trusts the card for its own fields but still needs required ones the card lacks', () => {
    // An old foreigner's number is not 18 characters: from the card it is accepted as it is.
    const foreigner: IdCardData = { ...card, cardType: 'foreigner', idNumber: 'USA110085061501', idNumberCheck: 'formatOnly', sex: '未说明', nation: undefined };
    const done = completeAnswers(itemTarget(catalog.item('id-card-renewal')!), { applicantPhone: '13800138000' }, foreigner);
    expect(done.answers.applicantIdNumber).toBe('USA110085061501');
    // 未说明 has no option in the form: the required sex field stays unanswered and is reported.
    expect(done.problems.map((p) => p.key)).toEqual(['applicantSex']);
  });
});

describe('the outbox record of a bundle', () => {
  it('carries every merged field once and every item with each of its own field keys', () => {
    const detail = catalog.bundle('bundle-property-transfer')!;
    const target = bundleTarget(detail);
    const sample = (f: (typeof target.fields)[number]) =>
      f.field.type === 'phone' ? '13800138000' : f.field.type === 'number' ? '100' : f.field.type === 'idNumber' ? '11010519491231002X' : f.field.type === 'select' ? f.field.validation.options![0]!.value : f.field.validation.pattern ? '123456' : '示例内容';
    const typed = Object.fromEntries(target.fields.filter((f) => !f.field.source).map((f) => [f.key, sample(f)]));
    const done = completeAnswers(target, typed, card);
    expect(done.problems).toEqual([]);
    const record = applicationRecord({
      caseNumber: 'TEST01-20261127-0001',
      kioskCode: 'TEST01',
      target,
      applicant: { source: 'idCard', card },
      answers: done.answers,
      fromCard: done.fromCard,
      materials: [],
      signature: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' },
      submittedAt: '2026-11-26T19:00:00.000Z',
      consentAt: '2026-11-26T18:59:00.000Z',
      catalogVersion: catalog.version,
    });
    expect(record.streamKey).toBe('TEST01-20261127-0001');
    const answers = record.pii!.answers as Record<string, string>;
    expect(Object.keys(answers).sort()).toEqual(detail.form.fields.map((f) => f.mergedKey).sort());
    // Shared fields (phone, address) are asked and sent once, though several items use them.
    const phone = detail.form.fields.find((f) => f.key === 'applicantPhone')!;
    expect(phone.serves.length).toBe(detail.items.length);
    const items = (record.payload as { items: Array<{ itemId: string; fields: Array<{ fieldKey: string; answerKey: string }> }> }).items;
    expect(items.map((i) => i.itemId)).toEqual(detail.bundle.items);
    for (const item of detail.items) {
      const sent = items.find((i) => i.itemId === item.id)!;
      expect(sent.fields.map((f) => f.fieldKey).sort()).toEqual(item.form.fields.map((f) => f.key).sort());
      for (const f of sent.fields) expect(answers[f.answerKey]).toBeDefined();
    }
    // PII only in pii: the clear payload holds no name, number, or typed value.
    const clear = JSON.stringify(record.payload);
    for (const secret of [card.name, card.idNumber, card.address, '13800138000']) expect(clear).not.toContain(secret);
  });
});

describe('a declared identity (补领: the card is what was lost, #16 defect 6)', () => {
  const target = itemTarget(catalog.item('id-card-reissue')!);

  it('is what the replacement items declare, and no other', () => {
    expect(identityDeclared(target)).toBe(true);
    expect(identityDeclared(itemTarget(catalog.item('id-card-renewal')!))).toBe(false);
  });

  it('takes the typed name and number and checks the number like any answer', () => {
    const typed = { applicantName: '王建国', applicantIdNumber: '420204198001010018', applicantPhone: '13800138000', registeredAddress: '湖北省黄石市下陆区示例大道100号', reason: '在公交车上遗失' };
    const done = completeAnswers(target, typed, undefined);
    expect(done.problems).toEqual([]);
    expect(done.fromCard).toEqual([]);
    expect(done.answers.applicantIdNumber).toBe('420204198001010018');
    const wrongDigit = completeAnswers(target, { ...typed, applicantIdNumber: '420204198001010019' }, undefined);
    expect(wrongDigit.problems.map((p) => p.key)).toEqual(['applicantIdNumber']);
  });

  it('records the applicant as declared, so the back office checks identity in person', () => {
    const typed = { applicantName: '王建国', applicantIdNumber: '420204198001010018', applicantPhone: '13800138000', registeredAddress: '湖北省黄石市', reason: '在公交车上遗失' };
    const done = completeAnswers(target, typed, undefined);
    const record = applicationRecord({
      caseNumber: 'TEST01-20261127-0002',
      kioskCode: 'TEST01',
      target,
      applicant: { source: 'declared', name: '王建国', idNumber: '420204198001010018' },
      answers: done.answers,
      fromCard: done.fromCard,
      materials: [],
      signature: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' },
      submittedAt: '2026-11-26T19:00:00.000Z',
      consentAt: '2026-11-26T18:59:00.000Z',
      catalogVersion: catalog.version,
    });
    expect((record.payload as { identity: unknown }).identity).toEqual({ source: 'declared' });
    expect(record.pii!.applicant).toEqual({ name: '王建国', idNumber: '420204198001010018' });
  });
});
