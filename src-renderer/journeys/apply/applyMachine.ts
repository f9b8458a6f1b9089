// The 受理 journey as an explicit state machine (design.md §8): a pure reducer from the current
// step and an event to the next step. Effects (API calls, camera, timers) live in the components,
// which only dispatch events; so every transition is unit-tested without a browser.
import type { ApplicationSyncState, SubmitResult } from '../../../src-common/api/applications';
import type { IdCardData } from '../../../src-common/api/devices';
import type { BilingualText } from '../../../src-common/forms/formSchema';
import { validateForm, type FieldProblem } from '../../../src-common/forms/validateForm';
import { assertNever } from '../../../src-common/result';
import { offeredMaterialModes, askedFields, formPages, type JourneyTarget, type MaterialMode } from './journeyTarget';

/** Why the ID card step is not done yet. */
export type ReaderState =
  | { readonly kind: 'waiting' } // asked the reader to wait for a card; nothing placed yet
  | { readonly kind: 'cardPresent' } // a card is on the reader; reading starts
  | { readonly kind: 'reading' } // the reader is reading the card
  | { readonly kind: 'failed'; readonly reason: 'timeOut' | 'badCheck' | 'readError'; readonly detail?: string }; // stopped; the citizen may retry

export interface CapturedImage {
  readonly mimeType: 'image/jpeg' | 'image/png';
  readonly base64: string;
}

/** One material as the citizen provides it. */
export interface ProvidedMaterial {
  readonly mode: MaterialMode;
  readonly images: readonly CapturedImage[];
  /** Provided earlier in this session for another item (信息一次采集、反复通用). */
  readonly reusedFrom?: BilingualText;
}

export type ApplyStep =
  | { readonly kind: 'browse' } // choosing a service from the catalog
  | { readonly kind: 'loading' } // the chosen item or bundle is being fetched
  | { readonly kind: 'consent' } // what the card holds and why it is read; nothing is read before "agree"
  | { readonly kind: 'identify'; readonly reader: ReaderState } // waiting for and reading the ID card
  | { readonly kind: 'form'; readonly page: number; readonly showProblems: boolean } // one page of the asked fields
  | { readonly kind: 'materials'; readonly capturing?: string; readonly showMissing: boolean } // how each material is provided; `capturing` = reuseKey at the camera
  | { readonly kind: 'review' } // everything once more before signing
  | { readonly kind: 'signature' } // signing on screen, then submit
  | { readonly kind: 'submitting' } // Application.Submit in flight
  | { readonly kind: 'submitFailed'; readonly message: string } // not recorded; retry reuses the idempotency key
  | { readonly kind: 'result'; readonly result: SubmitResult; readonly sync: ApplicationSyncState | 'waiting' }; // case number; `waiting` until the platform answers or the wait times out

export interface ApplyState {
  readonly step: ApplyStep;
  readonly target?: JourneyTarget;
  /** The card read in this session (kept for the next item of the same session). */
  readonly card?: IdCardData;
  readonly consentAt?: string;
  readonly answers: Readonly<Record<string, string>>;
  /** Answers offered from an earlier item of the session: key → that item's name. */
  readonly reusedAnswers: Readonly<Record<string, BilingualText>>;
  /** By material reuseKey. */
  readonly materials: Readonly<Record<string, ProvidedMaterial>>;
  readonly signaturePng?: string;
  /** One key per application, reused by every retry of it, so a retry never submits twice. */
  readonly idempotencyKey?: string;
  /** A message for the browse step (e.g. the catalog could not be loaded). */
  readonly notice?: string;
  readonly fieldsPerPage: number;
}

export type ApplyEvent =
  | { readonly type: 'choose' } // a catalog entry was tapped
  | { readonly type: 'loaded'; readonly target: JourneyTarget; readonly reusedAnswers: Readonly<Record<string, { value: string; from: BilingualText }>>; readonly reusedMaterials: Readonly<Record<string, ProvidedMaterial>> } // item/bundle fetched, with what the session already holds
  | { readonly type: 'loadFailed'; readonly message: string }
  | { readonly type: 'consent'; readonly at: string }
  | { readonly type: 'reader'; readonly reader: ReaderState }
  | { readonly type: 'cardRead'; readonly card: IdCardData }
  | { readonly type: 'retryRead' }
  | { readonly type: 'answer'; readonly key: string; readonly value: string }
  | { readonly type: 'startCapture'; readonly reuseKey: string }
  | { readonly type: 'cancelCapture' }
  | { readonly type: 'provide'; readonly reuseKey: string; readonly material: ProvidedMaterial }
  | { readonly type: 'signed'; readonly png: string | undefined }
  | { readonly type: 'submit'; readonly idempotencyKey: string } // the key is used only if the application has none yet
  | { readonly type: 'submitted'; readonly result: SubmitResult }
  | { readonly type: 'submitFailed'; readonly message: string }
  | { readonly type: 'syncState'; readonly sync: ApplicationSyncState }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'editFields' } // from review back to the first form page
  | { readonly type: 'startAnother' }; // back to the catalog; card, consent and reuse stay for this session

export function initialApplyState(options: { card?: IdCardData; consentAt?: string; fieldsPerPage?: number } = {}): ApplyState {
  return {
    step: { kind: 'browse' },
    ...(options.card ? { card: options.card } : {}),
    ...(options.consentAt ? { consentAt: options.consentAt } : {}),
    answers: {},
    reusedAnswers: {},
    materials: {},
    fieldsPerPage: options.fieldsPerPage ?? 3,
  };
}

export function pagesOf(state: ApplyState) {
  return state.target ? formPages(askedFields(state.target), state.fieldsPerPage) : [];
}

/** Problems on one form page (card-sourced fields are the core's to fill and never asked). */
export function pageProblems(state: ApplyState, page: number): FieldProblem[] {
  const fields = pagesOf(state)[page] ?? [];
  return validateForm({ fields: fields.map((f) => ({ ...f.field, key: f.key })) }, state.answers);
}

/** Materials the citizen must still provide (level A comes by data sharing). */
export function missingMaterials(state: ApplyState): string[] {
  if (!state.target) return [];
  return state.target.materials.filter((m) => offeredMaterialModes(m.trustLevel).length > 0 && !state.materials[m.reuseKey]).map((m) => m.reuseKey);
}

function needsMaterials(target: JourneyTarget): boolean {
  return target.materials.some((m) => offeredMaterialModes(m.trustLevel).length > 0);
}

function afterIdentity(state: ApplyState): ApplyState {
  return { ...state, step: { kind: 'form', page: 0, showProblems: false } };
}

function afterForm(state: ApplyState): ApplyState {
  return { ...state, step: state.target && needsMaterials(state.target) ? { kind: 'materials', showMissing: false } : { kind: 'review' } };
}

function lastFormStep(state: ApplyState): ApplyStep {
  return { kind: 'form', page: Math.max(0, pagesOf(state).length - 1), showProblems: false };
}

function next(state: ApplyState): ApplyState {
  const step = state.step;
  switch (step.kind) {
    case 'form': {
      if (pageProblems(state, step.page).length > 0) return { ...state, step: { ...step, showProblems: true } };
      const pages = pagesOf(state).length;
      return step.page + 1 < pages ? { ...state, step: { kind: 'form', page: step.page + 1, showProblems: false } } : afterForm(state);
    }
    case 'materials':
      return missingMaterials(state).length > 0 ? { ...state, step: { kind: 'materials', showMissing: true } } : { ...state, step: { kind: 'review' } };
    case 'review':
      return { ...state, step: { kind: 'signature' } };
    default:
      return state;
  }
}

function back(state: ApplyState): ApplyState {
  const step = state.step;
  switch (step.kind) {
    case 'consent':
    case 'identify':
      return toBrowse(state);
    case 'form':
      return step.page > 0 ? { ...state, step: { kind: 'form', page: step.page - 1, showProblems: false } } : toBrowse(state);
    case 'materials':
      return step.capturing ? { ...state, step: { kind: 'materials', showMissing: false } } : { ...state, step: lastFormStep(state) };
    case 'review':
      return state.target && needsMaterials(state.target) ? { ...state, step: { kind: 'materials', showMissing: false } } : { ...state, step: lastFormStep(state) };
    case 'signature':
    case 'submitFailed':
      return { ...state, step: { kind: 'review' } };
    default:
      return state;
  }
}

/** Back to the catalog: the application in progress is dropped; the session's card and consent stay. */
function toBrowse(state: ApplyState): ApplyState {
  return { ...initialApplyState({ ...(state.card ? { card: state.card } : {}), ...(state.consentAt ? { consentAt: state.consentAt } : {}), fieldsPerPage: state.fieldsPerPage }) };
}

export function applyReducer(state: ApplyState, event: ApplyEvent): ApplyState {
  switch (event.type) {
    case 'choose':
      return state.step.kind === 'browse' ? { ...state, step: { kind: 'loading' }, notice: undefined } : state;
    case 'loaded': {
      if (state.step.kind !== 'loading') return state;
      const answers: Record<string, string> = {};
      const reusedAnswers: Record<string, BilingualText> = {};
      for (const [key, offer] of Object.entries(event.reusedAnswers)) {
        answers[key] = offer.value;
        reusedAnswers[key] = offer.from;
      }
      const loaded: ApplyState = { ...state, target: event.target, answers, reusedAnswers, materials: { ...event.reusedMaterials }, signaturePng: undefined, idempotencyKey: undefined };
      // Consent and the card are per session: the next item of the same session goes straight to its form.
      if (state.card && state.consentAt) return afterIdentity(loaded);
      return { ...loaded, step: { kind: 'consent' } };
    }
    case 'loadFailed':
      return { ...toBrowse(state), notice: event.message };
    case 'consent':
      return state.step.kind === 'consent' ? { ...state, consentAt: event.at, step: { kind: 'identify', reader: { kind: 'waiting' } } } : state;
    case 'reader':
      return state.step.kind === 'identify' ? { ...state, step: { kind: 'identify', reader: event.reader } } : state;
    case 'retryRead':
      return state.step.kind === 'identify' ? { ...state, step: { kind: 'identify', reader: { kind: 'waiting' } } } : state;
    case 'cardRead':
      if (state.step.kind !== 'identify') return state;
      if (!event.card.checkDigitValid) return { ...state, step: { kind: 'identify', reader: { kind: 'failed', reason: 'badCheck' } } };
      return afterIdentity({ ...state, card: event.card });
    case 'answer':
      if (state.step.kind !== 'form') return state;
      return { ...state, answers: { ...state.answers, [event.key]: event.value } };
    case 'startCapture':
      return state.step.kind === 'materials' ? { ...state, step: { kind: 'materials', capturing: event.reuseKey, showMissing: false } } : state;
    case 'cancelCapture':
      return state.step.kind === 'materials' ? { ...state, step: { kind: 'materials', showMissing: false } } : state;
    case 'provide':
      if (state.step.kind !== 'materials') return state;
      return { ...state, materials: { ...state.materials, [event.reuseKey]: event.material }, step: { kind: 'materials', showMissing: state.step.showMissing && !state.step.capturing } };
    case 'signed':
      if (state.step.kind !== 'signature') return state;
      return event.png ? { ...state, signaturePng: event.png } : { ...state, signaturePng: undefined };
    case 'submit':
      if ((state.step.kind !== 'signature' && state.step.kind !== 'submitFailed') || !state.signaturePng) return state;
      return { ...state, idempotencyKey: state.idempotencyKey ?? event.idempotencyKey, step: { kind: 'submitting' } };
    case 'submitted':
      if (state.step.kind !== 'submitting') return state;
      return { ...state, step: { kind: 'result', result: event.result, sync: event.result.syncState === 'queued' ? 'waiting' : event.result.syncState } };
    case 'submitFailed':
      return state.step.kind === 'submitting' ? { ...state, step: { kind: 'submitFailed', message: event.message } } : state;
    case 'syncState':
      return state.step.kind === 'result' ? { ...state, step: { ...state.step, sync: event.sync } } : state;
    case 'next':
      return next(state);
    case 'back':
      return back(state);
    case 'editFields':
      return state.step.kind === 'review' ? { ...state, step: { kind: 'form', page: 0, showProblems: false } } : state;
    case 'startAnother':
      return toBrowse(state);
    default:
      return assertNever(event, 'apply event');
  }
}
