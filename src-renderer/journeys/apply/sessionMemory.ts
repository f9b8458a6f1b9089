// What one citizen's session remembers across the items they apply for (信息一次采集、反复通用):
// the card read, the consent time, answers and materials with their trust level. Held only in
// this module's memory (never in web storage); the shell reloads the page when the session
// ends, which drops it all, and forget() clears it sooner when a session changes.
import type { IdCardData } from '../../../src-common/api/devices';
import type { IdCardField } from '../../../src-common/privacy/idCardFields';
import type { BilingualText } from '../../../src-common/forms/formSchema';
import { ReuseStore } from '../../../src-common/forms/ReuseStore';
import type { ApplyState, ProvidedMaterial } from './applyMachine';
import { askedFields, heldTrustLevel, type JourneyTarget } from './journeyTarget';

interface Memory {
  sessionId?: string;
  card?: IdCardData;
  /** The fields that card read kept (src-common/privacy/idCardFields.ts). */
  cardRead?: readonly IdCardField[];
  consentAt?: string;
  /** The card holder passed 人证核验 in this session (for that card only: a new read resets it). */
  faceVerified?: boolean;
  readonly reuse: ReuseStore;
  /** Material reference (as stored in ReuseStore) → what was provided. */
  readonly provided: Map<string, ProvidedMaterial>;
  /** Item or bundle id → its name, to say where a reused answer came from. */
  readonly names: Map<string, BilingualText>;
}

const memory: Memory = { reuse: new ReuseStore(), provided: new Map(), names: new Map() };

/** The memory of this session; a different session id starts empty. */
export function sessionMemory(sessionId: string | undefined): Memory {
  if (memory.sessionId !== sessionId) forget(sessionId);
  return memory;
}

export function forget(sessionId?: string): void {
  memory.sessionId = sessionId;
  memory.card = undefined;
  memory.cardRead = undefined;
  memory.consentAt = undefined;
  memory.faceVerified = undefined;
  memory.reuse.clear();
  memory.provided.clear();
  memory.names.clear();
}

/** Answers and materials of the session that this target can use. */
export function offersFor(target: JourneyTarget, m: Memory): { answers: Record<string, { value: string; from: BilingualText }>; materials: Record<string, ProvidedMaterial> } {
  const fields = askedFields(target).map((f) => ({ key: f.key, ...(f.field.reuseKey ? { reuseKey: f.field.reuseKey } : {}) }));
  const answers: Record<string, { value: string; from: BilingualText }> = {};
  for (const offer of m.reuse.offerAnswers(fields)) {
    answers[offer.key] = { value: offer.value, from: m.names.get(offer.collectedFor) ?? target.name };
  }
  const materials: Record<string, ProvidedMaterial> = {};
  for (const offer of m.reuse.offerMaterials(target.materials)) {
    if (offer.kind !== 'reusable') continue;
    const provided = m.provided.get(offer.collected.reference);
    if (provided) materials[offer.requirement.reuseKey] = { ...provided, reusedFrom: m.names.get(offer.collected.collectedFor) ?? target.name };
  }
  return { answers, materials };
}

/** After a submission: remember what this application collected for the next one. */
export function rememberApplication(state: ApplyState, m: Memory): void {
  const target = state.target;
  if (!target) return;
  m.names.set(target.id, target.name);
  m.card = state.card;
  m.cardRead = state.cardRead;
  m.consentAt = state.consentAt;
  const fields = askedFields(target).map((f) => ({ key: f.key, ...(f.field.reuseKey ? { reuseKey: f.field.reuseKey } : {}) }));
  m.reuse.rememberAnswers(target.id, fields, state.answers);
  for (const material of target.materials) {
    const provided = state.materials[material.reuseKey];
    if (!provided || provided.reusedFrom) continue;
    const reference = `${target.id}:${material.reuseKey}`;
    m.provided.set(reference, { mode: provided.mode, images: provided.images });
    m.reuse.rememberMaterial({ reuseKey: material.reuseKey, trustLevel: heldTrustLevel(provided.mode, material.trustLevel), reference, collectedFor: target.id });
  }
}
