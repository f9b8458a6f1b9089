// 信息一次采集、反复通用 in the renderer: what one application collected is offered to the next
// item of the same session with where it came from; a new session starts empty.
import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../src-common/api/catalog';
import { applyReducer, initialApplyState, type ApplyEvent, type ApplyState } from '../../../src-renderer/journeys/apply/applyMachine';
import { targetFromItem } from '../../../src-renderer/journeys/apply/journeyTarget';
import { offersFor, rememberApplication, sessionMemory } from '../../../src-renderer/journeys/apply/sessionMemory';
import { fen } from '../../../src-common/domain/money';

function item(id: string, materialLevel: 'B' | 'C' | 'D'): CatalogItem {
  return {
    id,
    name: { zh: `事项${id}`, en: `Item ${id}` },
    department: { id: 'hr', name: { zh: '人社局', en: 'HR' } },
    level: 'city',
    regionCodes: ['420200'],
    offeredAtGrassroots: false,
    feeFen: fen(0),
    materials: [{ id: 'bank-card', name: { zh: '银行卡', en: 'Bank card' }, trustLevel: materialLevel, reuseKey: 'material.bankCard' }],
    form: {
      fields: [
        { key: 'phone', label: { zh: '电话', en: 'Phone' }, type: 'phone', reuseKey: 'applicant.phone', validation: { required: true } },
        { key: 'remark', label: { zh: '说明', en: 'Remark' }, type: 'text', validation: { required: false } },
      ],
    },
    capabilities: ['idRead'],
    lifeEvents: ['retirement'],
    related: [],
    keywords: [],
    applicantIdentity: 'idCard',
    appliesFor: 'self',
    faceCheck: false,
    guide: { completion: 'atKiosk', bothPartiesInPerson: false, notes: [] },
  };
}

function collected(target: CatalogItem, mode: 'photo' | 'atWindow' | 'pledge'): ApplyState {
  const events: ApplyEvent[] = [
    { type: 'choose', choice: { kind: 'item', id: 'pension' } },
    { type: 'loaded', target: targetFromItem(target), reusedAnswers: {}, reusedMaterials: {} },
    { type: 'next' },
    { type: 'consent', at: '2026-11-27T01:00:00Z' },
    { type: 'cardRead', card: { cardType: 'resident', name: '王建国', sex: '男', birthDate: '1980-01-01', address: '湖北', idNumber: '420204198001010018', issuer: 'x', validFrom: '2015-06-01', validTo: '长期', checkDigitValid: true, idNumberCheck: 'gb11643', hasPhoto: false }, fields: ['name', 'idNumber', 'validity'] },
    { type: 'answer', key: 'phone', value: '13800138000' },
    { type: 'answer', key: 'remark', value: '只属于这一项' },
    { type: 'next' },
    { type: 'provide', reuseKey: 'material.bankCard', material: { mode, images: mode === 'photo' ? [{ mimeType: 'image/jpeg', base64: 'AAAAAAAAAAAAAAAAAAAA' }] : [] } },
  ];
  return events.reduce(applyReducer, initialApplyState());
}

describe('sessionMemory', () => {
  it('offers reusable answers and materials to the next item, naming where they came from', () => {
    const memory = sessionMemory('session-1');
    rememberApplication(collected(item('first', 'C'), 'photo'), memory);
    const offers = offersFor(targetFromItem(item('second', 'C')), memory);
    expect(offers.answers).toEqual({ phone: { value: '13800138000', from: { zh: '事项first', en: 'Item first' } } });
    expect(offers.materials['material.bankCard']?.mode).toBe('photo');
    expect(offers.materials['material.bankCard']?.images).toHaveLength(1);
    expect(offers.materials['material.bankCard']?.reusedFrom).toEqual({ zh: '事项first', en: 'Item first' });
    expect(memory.card?.name).toBe('王建国');
    expect(memory.cardRead).toEqual(['name', 'idNumber', 'validity']);
  });

  it('does not offer a photo (C) to an item that needs a certified copy (B)', () => {
    const memory = sessionMemory('session-2');
    rememberApplication(collected(item('first', 'C'), 'photo'), memory);
    expect(offersFor(targetFromItem(item('strict', 'B')), memory).materials).toEqual({});
  });

  it('a pledge (D) satisfies a D item only', () => {
    const memory = sessionMemory('session-3');
    rememberApplication(collected(item('first', 'D'), 'pledge'), memory);
    expect(offersFor(targetFromItem(item('same', 'D')), memory).materials['material.bankCard']?.mode).toBe('pledge');
    expect(offersFor(targetFromItem(item('photoNeeded', 'C')), memory).materials).toEqual({});
  });

  it('a new session id starts empty', () => {
    const memory = sessionMemory('session-4');
    rememberApplication(collected(item('first', 'C'), 'photo'), memory);
    const next = sessionMemory('session-5');
    expect(next.card).toBeUndefined();
    expect(next.reuse.size).toEqual({ answers: 0, materials: 0 });
  });
});
