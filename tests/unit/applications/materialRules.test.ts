import { describe, expect, it } from 'vitest';
import type { SubmittedMaterial } from '../../../src-common/api/applications';
import { acceptedMaterialModes, type TrustLevel } from '../../../src-common/forms/materials';
import { checkMaterials, describeMaterialProblem, type MaterialNeed } from '../../../src-main/core/applications/materialRules';

const need = (id: string, trustLevel: TrustLevel): MaterialNeed => ({ id, reuseKey: `material.${id}`, name: { zh: `材料${id}`, en: `material ${id}` }, trustLevel, servesItems: ['item'] });
const give = (id: string, mode: SubmittedMaterial['mode'], images = mode === 'photo' ? 1 : 0): SubmittedMaterial => ({
  materialId: id,
  reuseKey: `material.${id}`,
  mode,
  trustLevel: mode === 'pledge' ? 'D' : 'C',
  images: Array.from({ length: images }, () => ({ mimeType: 'image/png' as const, base64: 'iVBORw0KGgoAAAANSUhEUg==' })),
});

describe('material rules', () => {
  it('allow a pledge only where the item accepts level D, and a photo never for level B', () => {
    expect(acceptedMaterialModes('A')).toEqual(['photo', 'atWindow']);
    expect(acceptedMaterialModes('B')).toEqual(['atWindow']);
    expect(acceptedMaterialModes('C')).toEqual(['photo', 'atWindow']);
    expect(acceptedMaterialModes('D')).toEqual(['pledge', 'photo', 'atWindow']);
  });

  it('require nothing for level A, and every B–D material in an allowed way', () => {
    const needs = [need('a', 'A'), need('b', 'B'), need('c', 'C'), need('d', 'D')];
    const { accepted, problems } = checkMaterials(needs, [give('b', 'atWindow'), give('c', 'photo'), give('d', 'pledge')]);
    expect(problems).toEqual([]);
    expect(accepted.map((m) => [m.need.id, m.heldLevel])).toEqual([
      ['b', 'B'],
      ['c', 'C'],
      ['d', 'D'],
    ]);
  });

  it('name every problem: missing, wrong mode, photo without images, duplicate, unknown', () => {
    const needs = [need('b', 'B'), need('c', 'C'), need('d', 'D'), need('e', 'C')];
    const { problems } = checkMaterials(needs, [give('b', 'photo'), give('c', 'photo', 0), give('d', 'pledge'), give('d', 'atWindow'), give('zzz', 'photo')]);
    // One problem per submitted material: a wrongly given one is not also reported missing.
    expect(problems.map((p) => p.kind)).toEqual(['modeNotAllowed', 'noImages', 'duplicate', 'unknown', 'missing']);
    const missing = problems.find((p) => p.kind === 'missing' && p.need.id === 'e')!;
    expect(describeMaterialProblem(missing).zh).toBe('请提供“材料e”(可选择:拍照上传、原件到窗口核验)');
  });

  it('matches a bundle material by its reuse key when the id differs', () => {
    const { accepted, problems } = checkMaterials([need('c', 'C')], [{ ...give('other-id', 'atWindow'), reuseKey: 'material.c' }]);
    expect(problems).toEqual([]);
    expect(accepted[0]!.need.id).toBe('c');
  });
});
