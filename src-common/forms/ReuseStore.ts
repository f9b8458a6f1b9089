// 信息一次采集、反复通用: answers and materials collected for one item of a session are offered
// to the next item that needs the same piece (same reuseKey), marked with how they were obtained.
// Holds PII: the owner must call clear() when the session ends.
import type { FormField } from './formSchema';
import { trustSatisfies, type MaterialRequirement, type TrustLevel } from './materials';
import type { FormAnswers } from './validateForm';

/** How a remembered answer was obtained. */
export type AnswerOrigin =
  | 'idCard' // read from the resident ID card
  | 'citizen'; // typed or chosen by the citizen

export interface RememberedAnswer {
  readonly value: string;
  readonly origin: AnswerOrigin;
  /** The item it was first collected for. */
  readonly collectedFor: string;
}

export interface CollectedMaterial {
  readonly reuseKey: string;
  /** The trust level at which it was actually obtained (an e-licence pulled is A; a photo is C). */
  readonly trustLevel: TrustLevel;
  /** Opaque reference to the stored file or e-licence record; never the content. */
  readonly reference: string;
  readonly collectedFor: string;
}

export interface OfferedAnswer extends RememberedAnswer {
  readonly key: string;
}

export type MaterialOffer =
  | { readonly kind: 'reusable'; readonly requirement: MaterialRequirement; readonly collected: CollectedMaterial } // held at an acceptable trust level: nothing to do
  | { readonly kind: 'tooWeak'; readonly requirement: MaterialRequirement; readonly collected: CollectedMaterial } // held, but less reliable than this item accepts: collect again
  | { readonly kind: 'missing'; readonly requirement: MaterialRequirement }; // not yet collected

export class ReuseStore {
  private readonly answers = new Map<string, RememberedAnswer>();
  private readonly materials = new Map<string, CollectedMaterial>();

  /** Remembers the answers of a completed item's form; fields without a reuseKey are item-specific and skipped. */
  rememberAnswers(itemId: string, fields: readonly Pick<FormField, 'key' | 'reuseKey'>[], answers: FormAnswers, fromCard: readonly string[] = []): void {
    for (const field of fields) {
      const value = answers[field.key]?.trim();
      if (!field.reuseKey || !value) continue;
      const previous = this.answers.get(field.reuseKey);
      this.answers.set(field.reuseKey, {
        value,
        origin: fromCard.includes(field.key) ? 'idCard' : 'citizen',
        collectedFor: previous?.value === value ? previous.collectedFor : itemId,
      });
    }
  }

  /** Answers known for this form's fields, by field key. */
  offerAnswers(fields: readonly Pick<FormField, 'key' | 'reuseKey'>[]): OfferedAnswer[] {
    const out: OfferedAnswer[] = [];
    for (const field of fields) {
      const known = field.reuseKey ? this.answers.get(field.reuseKey) : undefined;
      if (known) out.push({ key: field.key, ...known });
    }
    return out;
  }

  /** Remembers a material; a more reliable copy replaces a weaker one, never the reverse. */
  rememberMaterial(material: CollectedMaterial): void {
    const previous = this.materials.get(material.reuseKey);
    if (previous && !trustSatisfies(material.trustLevel, previous.trustLevel)) return;
    this.materials.set(material.reuseKey, material);
  }

  /** For each requirement: reusable, too weak, or missing. */
  offerMaterials(requirements: readonly MaterialRequirement[]): MaterialOffer[] {
    return requirements.map((requirement): MaterialOffer => {
      const collected = this.materials.get(requirement.reuseKey);
      if (!collected) return { kind: 'missing', requirement };
      return trustSatisfies(collected.trustLevel, requirement.trustLevel) ? { kind: 'reusable', requirement, collected } : { kind: 'tooWeak', requirement, collected };
    });
  }

  get size(): { answers: number; materials: number } {
    return { answers: this.answers.size, materials: this.materials.size };
  }

  /** Forgets everything (session end). */
  clear(): void {
    this.answers.clear();
    this.materials.clear();
  }
}
