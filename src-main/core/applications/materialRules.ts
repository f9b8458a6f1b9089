// Which ways of providing a material the kiosk accepts, by the trust level the item asks for
// (国办函〔2016〕108号 levels, src-common/forms/materials.ts). Pure.
//
// The rule (docs/applications.md §Materials):
//   A  electronic licence / shared data: the back office fetches it itself; nothing is required
//      at the kiosk (a photo or "original at the window" is still accepted and forwarded).
//   B  certified electronic copy: the kiosk cannot make one; the original goes to a window.
//   C  photographed paper original: a document-camera photo, or the original at a window.
//   D  written pledge (告知承诺): the pledge, a photo, or the original at a window.
// A pledge therefore never replaces a material the item wants at level A, B or C, and a photo
// never replaces a B-level one. `atWindow` is always allowed for B–D: a clerk sees the original.
import type { BilingualText } from '../../../src-common/forms/formSchema';
import { acceptedMaterialModes, heldTrustLevel, requiredAtKiosk, type MaterialMode, type TrustLevel } from '../../../src-common/forms/materials';
import type { SubmittedMaterial } from '../../../src-common/api/applications';
import { assertNever } from '../../../src-common/result';


/** One material the item (or bundle) asks for. */
export interface MaterialNeed {
  readonly id: string;
  readonly reuseKey: string;
  readonly name: BilingualText;
  /** The weakest level the item accepts. */
  readonly trustLevel: TrustLevel;
  readonly servesItems: readonly string[];
}

/** A submitted material matched to its need, with the level the core grants it. */
export interface AcceptedMaterial {
  readonly need: MaterialNeed;
  readonly submitted: SubmittedMaterial;
  /** Derived by the core from the mode; the renderer's claimed level is not trusted. */
  readonly heldLevel: TrustLevel;
}

export type MaterialProblem =
  // the material id/reuseKey is not asked for by this item or bundle
  | { readonly kind: 'unknown'; readonly materialId: string }
  // the same material was submitted twice
  | { readonly kind: 'duplicate'; readonly need: MaterialNeed }
  // a material the trust level requires at the kiosk is absent
  | { readonly kind: 'missing'; readonly need: MaterialNeed }
  // the mode is not acceptable at the material's trust level
  | { readonly kind: 'modeNotAllowed'; readonly need: MaterialNeed; readonly mode: MaterialMode }
  // a photo without images
  | { readonly kind: 'noImages'; readonly need: MaterialNeed };

export function checkMaterials(needs: readonly MaterialNeed[], submitted: readonly SubmittedMaterial[]): { accepted: AcceptedMaterial[]; problems: MaterialProblem[] } {
  const accepted: AcceptedMaterial[] = [];
  const problems: MaterialProblem[] = [];
  const seen = new Set<string>();
  for (const material of submitted) {
    // Items name materials by id; a bundle's merged list is keyed by reuseKey, so either matches.
    const need = needs.find((n) => n.id === material.materialId) ?? needs.find((n) => n.reuseKey === material.reuseKey);
    if (!need) {
      problems.push({ kind: 'unknown', materialId: material.materialId });
      continue;
    }
    if (seen.has(need.reuseKey)) {
      problems.push({ kind: 'duplicate', need });
      continue;
    }
    seen.add(need.reuseKey);
    if (!acceptedMaterialModes(need.trustLevel).includes(material.mode)) {
      problems.push({ kind: 'modeNotAllowed', need, mode: material.mode });
      continue;
    }
    if (material.mode === 'photo' && material.images.length === 0) {
      problems.push({ kind: 'noImages', need });
      continue;
    }
    accepted.push({ need, submitted: material, heldLevel: heldTrustLevel(material.mode, need.trustLevel) });
  }
  for (const need of needs) {
    if (requiredAtKiosk(need.trustLevel) && !seen.has(need.reuseKey)) problems.push({ kind: 'missing', need });
  }
  return { accepted, problems };
}

const MODE_NAMES: Readonly<Record<MaterialMode, BilingualText>> = {
  photo: { zh: '拍照上传', en: 'a photo' },
  atWindow: { zh: '原件到窗口核验', en: 'the original at a window' },
  pledge: { zh: '告知承诺', en: 'a written pledge' },
};

/** A sentence for the citizen (Chinese first) naming what to fix. */
export function describeMaterialProblem(problem: MaterialProblem): BilingualText {
  switch (problem.kind) {
    case 'unknown':
      return { zh: `材料“${problem.materialId}”不属于本事项，请返回重新选择`, en: `Material "${problem.materialId}" is not part of this application; please go back and choose again` };
    case 'duplicate':
      return { zh: `“${problem.need.name.zh}”提交了两次，请只保留一份`, en: `"${problem.need.name.en}" was submitted twice; keep one` };
    case 'missing': {
      const ways = acceptedMaterialModes(problem.need.trustLevel).map((m) => MODE_NAMES[m]);
      return {
        zh: `请提供“${problem.need.name.zh}”(可选择:${ways.map((w) => w.zh).join('、')})`,
        en: `Please provide "${problem.need.name.en}" (as ${ways.map((w) => w.en).join(' or ')})`,
      };
    }
    case 'modeNotAllowed': {
      const ways = acceptedMaterialModes(problem.need.trustLevel).map((m) => MODE_NAMES[m]);
      return {
        zh: `“${problem.need.name.zh}”不能以${MODE_NAMES[problem.mode].zh}方式提供，请选择：${ways.map((w) => w.zh).join('、')}`,
        en: `"${problem.need.name.en}" cannot be provided as ${MODE_NAMES[problem.mode].en}; choose ${ways.map((w) => w.en).join(' or ')}`,
      };
    }
    case 'noImages':
      return { zh: `“${problem.need.name.zh}”还没有拍照，请拍照后再提交`, en: `"${problem.need.name.en}" has no photo yet; take one and submit again` };
    default:
      return assertNever(problem, 'material problem');
  }
}
