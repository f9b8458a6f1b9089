// Application materials (申请材料) and their trust levels after 国办函〔2016〕108号: how far the
// back office can rely on a material without seeing the paper original.
import { z } from 'zod';
import { BilingualText } from './formSchema';

export const TrustLevel = z.enum([
  'A', // issuer's electronic licence or shared data (电子证照/数据共享): fully relied upon
  'B', // certified electronic copy (经认证的电子化材料)
  'C', // photographed or scanned paper original, checked by a window clerk (纸质原件拍照,窗口核验)
  'D', // the citizen's written pledge (告知承诺), verified afterwards
]);
export type TrustLevel = z.infer<typeof TrustLevel>;

/** Higher first: A is the most reliable. */
export const TRUST_ORDER: readonly TrustLevel[] = ['A', 'B', 'C', 'D'];

/** True when `held` is at least as reliable as `needed`. */
export function trustSatisfies(held: TrustLevel, needed: TrustLevel): boolean {
  return TRUST_ORDER.indexOf(held) <= TRUST_ORDER.indexOf(needed);
}

export const MaterialRequirement = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9-]*$/),
  name: BilingualText,
  /** The trust level at which this item accepts the material (the weakest it will take). */
  trustLevel: TrustLevel,
  /** The same material across items (e.g. `material.householdRegister`): collected once per session. */
  reuseKey: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/),
  /** How many copies or pages, when it matters; default one. */
  copies: z.number().int().positive().optional(),
  note: BilingualText.optional(),
  /**
   * What the kiosk's camera photographs for it: `document` (absent) — paper under the document
   * camera (高拍仪); `portrait` — the applicant's own 证件照, facing the screen's camera.
   */
  capture: z.enum(['document', 'portrait']).optional(),
});
export type MaterialRequirement = z.infer<typeof MaterialRequirement>;

/** How a citizen provides a material at the kiosk. */
export type MaterialMode =
  | 'photo' // photographed with the document camera: trust level C
  | 'atWindow' // the original is shown to a clerk later (原件到窗口核验): meets the level asked
  | 'pledge'; // the citizen's written pledge (告知承诺): trust level D

/**
 * The ways the kiosk accepts a material at the level the item asks for (docs/applications.md):
 * A — shared data, nothing needed (a photo or the original is still accepted and forwarded);
 * B — a certified copy the kiosk cannot make: the original at a window; C — a photo or the
 * original; D — the pledge, a photo or the original. A pledge never replaces A–C, a photo never B.
 */
export function acceptedMaterialModes(level: TrustLevel): readonly MaterialMode[] {
  switch (level) {
    case 'A':
      return ['photo', 'atWindow'];
    case 'B':
      return ['atWindow'];
    case 'C':
      return ['photo', 'atWindow'];
    case 'D':
      return ['pledge', 'photo', 'atWindow'];
  }
}

/** Level A materials come from data sharing; everything else must be provided somehow. */
export function requiredAtKiosk(level: TrustLevel): boolean {
  return level !== 'A';
}

/** The ways the screen offers: none for level A (the back office fetches it itself). */
export function offeredMaterialModes(level: TrustLevel): readonly MaterialMode[] {
  return requiredAtKiosk(level) ? acceptedMaterialModes(level) : [];
}

/** The level a way of providing gives: a photo is C, a pledge D, an original seen at a window meets the need. */
export function heldTrustLevel(mode: MaterialMode, needed: TrustLevel): TrustLevel {
  switch (mode) {
    case 'photo':
      return 'C';
    case 'pledge':
      return 'D';
    case 'atWindow':
      return needed;
  }
}
