// Bundle form merge (each reuseKey asked once), ID-card prefill and the session ReuseStore.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import { FormField, type FormFieldInput, type IdCardFields } from '../../../src-common/forms/formSchema';
import type { MaterialRequirement } from '../../../src-common/forms/materials';
import { answersForItem, mergeBundleForm, mergedFormForValidation } from '../../../src-common/forms/mergeBundleForm';
import { prefillFromIdCard } from '../../../src-common/forms/prefillFromIdCard';
import { ReuseStore } from '../../../src-common/forms/ReuseStore';
import { validateForm } from '../../../src-common/forms/validateForm';
import { unwrap } from '../../../src-common/result';

const catalog = unwrap(parseCatalog(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../kiosk-config/catalog/sample-catalog.json'), 'utf8'))));
const item = (id: string) => catalog.items.find((i) => i.id === id)!;
const field = (input: FormFieldInput) => FormField.parse(input);
// A made-up person; the ID number is valid only by its check digit.
const card: IdCardFields = { name: '张小明', idNumber: '11010519491231002x', address: '湖北省黄石市黄石港区示例路1号', birthDate: '19491231', sexCode: '2', nationCode: '01' };

describe('mergeBundleForm', () => {
  const bundle = catalog.bundles.find((b) => b.id === 'bundle-newborn')!;
  const items = bundle.items.map(item);
  const merged = mergeBundleForm(items);

  it('asks each reuseKey once and records every item it serves', () => {
    const reuseKeys = merged.fields.map((f) => f.reuseKey).filter(Boolean);
    expect(new Set(reuseKeys).size).toBe(reuseKeys.length);
    const asked = items.flatMap((i) => i.form.fields).length;
    expect(merged.fields.length).toBeLessThan(asked);
    const phone = merged.fields.find((f) => f.reuseKey === 'applicant.phone')!;
    expect(phone.serves.map((s) => s.itemId)).toEqual(bundle.items);
    expect(merged.conflicts).toEqual([]);
  });

  it('keeps item-specific fields apart and spreads answers back to each item', () => {
    const a = { id: 'a', form: { fields: [field({ key: 'tel', label: { zh: '电话', en: 'Phone' }, type: 'phone', reuseKey: 'applicant.phone' }), field({ key: 'note', label: { zh: '备注', en: 'Note' }, type: 'text' })] } };
    const b = { id: 'b', form: { fields: [field({ key: 'mobile', label: { zh: '手机', en: 'Mobile' }, type: 'phone', validation: { required: true }, reuseKey: 'applicant.phone' }), field({ key: 'note', label: { zh: '说明', en: 'Remark' }, type: 'text' })] } };
    const m = mergeBundleForm([a, b]);
    expect(m.fields.map((f) => f.mergedKey)).toEqual(['applicant.phone', 'a:note', 'b:note']);
    expect(m.fields[0]!.validation.required).toBe(true); // required for b means required for the merged answer
    const answers = { 'applicant.phone': '13800138000', 'a:note': 'x', 'b:note': 'y' };
    expect(answersForItem(m, 'a', answers)).toEqual({ tel: '13800138000', note: 'x' });
    expect(answersForItem(m, 'b', answers)).toEqual({ mobile: '13800138000', note: 'y' });
    expect(validateForm(mergedFormForValidation(m), {}).map((p) => p.key)).toEqual(['applicant.phone']);
  });

  it('reports a reuseKey declared with two types', () => {
    const a = { id: 'a', form: { fields: [field({ key: 'x', label: { zh: '甲', en: 'A' }, type: 'phone', reuseKey: 'applicant.phone' })] } };
    const b = { id: 'b', form: { fields: [field({ key: 'y', label: { zh: '乙', en: 'B' }, type: 'text', reuseKey: 'applicant.phone' })] } };
    expect(mergeBundleForm([a, b]).conflicts).toEqual([{ reuseKey: 'applicant.phone', itemIds: ['a', 'b'] }]);
  });
});

describe('prefillFromIdCard', () => {
  it('fills name, number, address, birth date and sex from the card and says which', () => {
    const form = item('id-card-renewal').form;
    const { answers, filledKeys } = prefillFromIdCard(form, card);
    expect(answers).toMatchObject({ applicantName: '张小明', applicantIdNumber: '11010519491231002X', registeredAddress: card.address, applicantBirthDate: '1949-12-31', applicantSex: 'female' });
    expect(filledKeys).not.toContain('applicantPhone');
    expect(validateForm(form, { ...answers, applicantPhone: '13800138000' })).toEqual([]);
  });

  it('leaves a field empty when the card has nothing usable for it', () => {
    const { answers } = prefillFromIdCard(item('id-card-renewal').form, { ...card, sexCode: '9', birthDate: '' });
    expect(answers.applicantSex).toBeUndefined();
    expect(answers.applicantBirthDate).toBeUndefined();
  });
});

describe('ReuseStore', () => {
  it('offers answers collected for one item to the next item, marked by origin', () => {
    const store = new ReuseStore();
    const first = item('id-card-renewal');
    const { answers, filledKeys } = prefillFromIdCard(first.form, card);
    store.rememberAnswers(first.id, first.form.fields, { ...answers, applicantPhone: '13800138000' }, filledKeys);
    const next = item('social-security-card');
    const offered = store.offerAnswers(next.form.fields);
    const byKey = Object.fromEntries(offered.map((o) => [o.key, o]));
    expect(byKey.applicantPhone).toMatchObject({ value: '13800138000', origin: 'citizen', collectedFor: 'id-card-renewal' });
    expect(byKey.applicantName).toMatchObject({ value: '张小明', origin: 'idCard' });
    expect(byKey.residenceAddress).toBeUndefined(); // never collected
    store.clear();
    expect(store.offerAnswers(next.form.fields)).toEqual([]);
    expect(store.size).toEqual({ answers: 0, materials: 0 });
  });

  it('reuses a material only at a trust level the next item accepts, and never downgrades', () => {
    const store = new ReuseStore();
    const hukouC: MaterialRequirement = { id: 'h', name: { zh: '户口簿', en: 'Register' }, trustLevel: 'C', reuseKey: 'material.householdRegister' };
    const hukouA: MaterialRequirement = { ...hukouC, trustLevel: 'A' };
    const marriage: MaterialRequirement = { id: 'm', name: { zh: '结婚证', en: 'Marriage' }, trustLevel: 'A', reuseKey: 'material.marriageCertificate' };
    store.rememberMaterial({ reuseKey: 'material.householdRegister', trustLevel: 'C', reference: 'scan-1', collectedFor: 'x' });
    expect(store.offerMaterials([hukouC, hukouA, marriage]).map((o) => o.kind)).toEqual(['reusable', 'tooWeak', 'missing']);
    store.rememberMaterial({ reuseKey: 'material.householdRegister', trustLevel: 'A', reference: 'elicence-1', collectedFor: 'y' });
    store.rememberMaterial({ reuseKey: 'material.householdRegister', trustLevel: 'D', reference: 'pledge-1', collectedFor: 'z' });
    const [offer] = store.offerMaterials([hukouA]);
    expect(offer).toMatchObject({ kind: 'reusable', collected: { trustLevel: 'A', reference: 'elicence-1' } });
  });
});
