// The 受理 journey as an explicit state machine (design.md §8): a pure reducer from the current
// step and an event to the next step. Effects (API calls, camera, timers) live in hooks, which
// only dispatch events; so every transition is unit-tested without a browser. What the citizen
// typed survives going back to the catalog (defect 5), and the catalog keeps its search.
import type { ApplyStepKey } from '../../components/journey/stepKeys';
import type { ApplicationSyncState, SubmitResult } from '../../../src-common/api/applications';
import type { IdCardData } from '../../../src-common/api/devices';
import type { LifeEvent } from '../../../src-common/api/catalog';
import type { BilingualText } from '../../../src-common/forms/formSchema';
import { validateForm, type FieldProblem } from '../../../src-common/forms/validateForm';
import { covers, type IdCardField } from '../../../src-common/privacy/idCardFields';
import { assertNever } from '../../../src-common/result';
import type { ReaderState } from '../shared/cardSteps';
import { FACE_CHECK_START, faceCheckReducer, type FaceCheckEvent, type FaceCheckPhase } from '../shared/faceCheck';
import type { ServiceProblem } from '../shared/problems';
import { askedFields, cardFieldsToRead, formPages, offeredMaterialModes, type JourneyTarget, type MaterialMode } from './journeyTarget';

export type { ReaderState } from '../shared/cardSteps';

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

/** A catalog entry (or a pushed related entry) the citizen tapped. */
export interface CatalogChoice {
  readonly kind: 'item' | 'bundle';
  readonly id: string;
}

/** The catalog as the citizen left it: the tab, the chosen filter, the search text. */
export interface BrowseState {
  readonly tab: 'department' | 'lifeEvent' | 'search';
  readonly department?: string;
  readonly lifeEvent?: LifeEvent;
  readonly query: string;
}

/** An application left for the catalog before it was submitted: kept for this session. */
export interface Draft {
  readonly answers: Readonly<Record<string, string>>;
  readonly materials: Readonly<Record<string, ProvidedMaterial>>;
}

export type ApplyStep =
  | { readonly kind: 'browse' } // choosing a service from the catalog
  | { readonly kind: 'loading'; readonly choice: CatalogChoice } // the chosen item or bundle is being fetched
  | { readonly kind: 'guide' } // 办事指南: materials, fee, time limit, where it is finished, who must come; nothing started yet
  | { readonly kind: 'consent' } // what the card holds and why it is read; nothing is read before "agree"
  | { readonly kind: 'identify'; readonly reader: ReaderState; readonly attempt: number } // waiting for and reading the ID card, one read per attempt
  | { readonly kind: 'faceCheck'; readonly face: FaceCheckPhase } // 人证核验 of the card holder (items so marked, applications for someone else); a failure ends the application
  | { readonly kind: 'form'; readonly page: number; readonly showProblems: boolean } // one page of the asked fields
  | { readonly kind: 'materials'; readonly capturing?: string; readonly showMissing: boolean } // how each material is provided; `capturing` = reuseKey at the camera
  | { readonly kind: 'review' } // everything once more before signing
  | { readonly kind: 'signature'; readonly showMissing: boolean } // the declaration and the signature, then submit
  | { readonly kind: 'submitting' } // Application.Submit in flight
  | { readonly kind: 'submitFailed'; readonly problem: ServiceProblem } // not recorded; retry reuses the idempotency key
  | { readonly kind: 'result'; readonly result: SubmitResult; readonly sync: ApplicationSyncState | 'waiting' }; // case number; `waiting` until the platform answers or the wait times out

export interface ApplyState {
  readonly step: ApplyStep;
  readonly target?: JourneyTarget;
  /** The card read in this session (kept for the next item of the same session). */
  readonly card?: IdCardData;
  /** The fields that read kept (a later item needing more reads the card again). */
  readonly cardRead?: readonly IdCardField[];
  readonly consentAt?: string;
  /** The card holder passed 人证核验 in this session (the core checks it again at submission). */
  readonly faceVerified: boolean;
  readonly answers: Readonly<Record<string, string>>;
  /** Answers offered from an earlier item of the session: key → that item's name. */
  readonly reusedAnswers: Readonly<Record<string, BilingualText>>;
  /** By material reuseKey. */
  readonly materials: Readonly<Record<string, ProvidedMaterial>>;
  /** 本人承诺所填信息真实有效: ticked before signing counts. */
  readonly declared: boolean;
  readonly signaturePng?: string;
  /** One key per application, reused by every retry of it, so a retry never submits twice. */
  readonly idempotencyKey?: string;
  /** Why the chosen item or bundle could not be opened, shown on the browse step. */
  readonly notice?: ServiceProblem;
  readonly fieldsPerPage: number;
  readonly browse: BrowseState;
  /** Unsubmitted applications of this session, by item or bundle id. */
  readonly drafts: Readonly<Record<string, Draft>>;
}

export type ApplyEvent =
  | FaceCheckEvent // the 人证核验 step's outcome
  | { readonly type: 'browse'; readonly browse: Partial<BrowseState> } // a tab, filter or search text changed
  | { readonly type: 'choose'; readonly choice: CatalogChoice } // a catalog entry (or a pushed one on the result) was tapped
  | { readonly type: 'loaded'; readonly target: JourneyTarget; readonly reusedAnswers: Readonly<Record<string, { value: string; from: BilingualText }>>; readonly reusedMaterials: Readonly<Record<string, ProvidedMaterial>> } // item/bundle fetched, with what the session already holds
  | { readonly type: 'loadFailed'; readonly problem: ServiceProblem }
  | { readonly type: 'consent'; readonly at: string }
  | { readonly type: 'reader'; readonly reader: ReaderState }
  | { readonly type: 'cardRead'; readonly card: IdCardData; readonly fields: readonly IdCardField[] }
  | { readonly type: 'retryRead' }
  | { readonly type: 'answer'; readonly key: string; readonly value: string }
  | { readonly type: 'startCapture'; readonly reuseKey: string }
  | { readonly type: 'cancelCapture' }
  | { readonly type: 'provide'; readonly reuseKey: string; readonly material: ProvidedMaterial }
  | { readonly type: 'declaration'; readonly agreed: boolean }
  | { readonly type: 'signed'; readonly png: string | undefined }
  | { readonly type: 'submit'; readonly idempotencyKey: string } // the key is used only if the application has none yet
  | { readonly type: 'submitted'; readonly result: SubmitResult }
  | { readonly type: 'submitFailed'; readonly problem: ServiceProblem }
  | { readonly type: 'syncState'; readonly sync: ApplicationSyncState }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'editFields' } // from review back to the first form page
  | { readonly type: 'startAnother' }; // back to the catalog; card, consent and reuse stay for this session

export const INITIAL_BROWSE: BrowseState = { tab: 'department', query: '' };

export function initialApplyState(options: { card?: IdCardData; cardRead?: readonly IdCardField[]; consentAt?: string; faceVerified?: boolean; fieldsPerPage?: number; browse?: BrowseState } = {}): ApplyState {
  return {
    step: { kind: 'browse' },
    ...(options.card ? { card: options.card } : {}),
    ...(options.cardRead ? { cardRead: options.cardRead } : {}),
    ...(options.consentAt ? { consentAt: options.consentAt } : {}),
    faceVerified: options.faceVerified ?? false,
    answers: {},
    reusedAnswers: {},
    materials: {},
    declared: false,
    fieldsPerPage: options.fieldsPerPage ?? 3,
    browse: options.browse ?? INITIAL_BROWSE,
    drafts: {},
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

/** What the signature step still needs before "确认提交" can submit. */
export function signatureMissing(state: ApplyState): Array<'declaration' | 'signature'> {
  return [...(state.declared ? [] : ['declaration' as const]), ...(state.signaturePng ? [] : ['signature' as const])];
}

function needsMaterials(target: JourneyTarget): boolean {
  return target.materials.some((m) => offeredMaterialModes(m.trustLevel).length > 0);
}

function atForm(state: ApplyState): ApplyState {
  return { ...state, step: { kind: 'form', page: 0, showProblems: false } };
}

function afterForm(state: ApplyState): ApplyState {
  return { ...state, step: state.target && needsMaterials(state.target) ? { kind: 'materials', showMissing: false } : { kind: 'review' } };
}

function lastFormStep(state: ApplyState): ApplyStep {
  return { kind: 'form', page: Math.max(0, pagesOf(state).length - 1), showProblems: false };
}

/** True when this session's card read already holds what `target` reads (no second consent or read). */
function cardCovers(state: ApplyState, target: JourneyTarget): boolean {
  return Boolean(state.card && state.consentAt && state.cardRead && covers(state.cardRead, cardFieldsToRead(target)));
}

/** After the card: 人证核验 when the application needs it and this session has not passed it yet. */
function afterCard(state: ApplyState): ApplyState {
  return state.target?.faceCheck && !state.faceVerified ? { ...state, step: { kind: 'faceCheck', face: FACE_CHECK_START } } : atForm(state);
}

/** Where the application starts once the guide is read. */
function afterGuide(state: ApplyState): ApplyState {
  // The lost card is not read for a replacement; a card already read covering this item is not read twice.
  if (!state.target || state.target.identity === 'declared') return atForm(state);
  if (cardCovers(state, state.target)) return afterCard(state);
  return { ...state, step: { kind: 'consent' } };
}

function next(state: ApplyState): ApplyState {
  const step = state.step;
  switch (step.kind) {
    case 'guide':
      return afterGuide(state);
    case 'form': {
      if (pageProblems(state, step.page).length > 0) return { ...state, step: { ...step, showProblems: true } };
      const pages = pagesOf(state).length;
      return step.page + 1 < pages ? { ...state, step: { kind: 'form', page: step.page + 1, showProblems: false } } : afterForm(state);
    }
    case 'materials':
      return missingMaterials(state).length > 0 ? { ...state, step: { kind: 'materials', showMissing: true } } : { ...state, step: { kind: 'review' } };
    case 'review':
      return { ...state, step: { kind: 'signature', showMissing: false } };
    default:
      return state;
  }
}

function back(state: ApplyState): ApplyState {
  const step = state.step;
  switch (step.kind) {
    case 'guide':
    case 'consent':
    case 'identify':
      return toBrowse(state, { keepDraft: true });
    case 'faceCheck':
      // Leaving while the photo is compared would race the answer; after a failure the journey has ended.
      return step.face.kind === 'camera' ? toBrowse(state, { keepDraft: true }) : state;
    case 'form':
      return step.page > 0 ? { ...state, step: { kind: 'form', page: step.page - 1, showProblems: false } } : toBrowse(state, { keepDraft: true });
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

/**
 * Back to the catalog as the citizen left it. The session's card, consent and drafts stay; with
 * `keepDraft` what was typed for this application is kept for when it is chosen again.
 */
function toBrowse(state: ApplyState, options: { keepDraft: boolean }): ApplyState {
  const drafts = { ...state.drafts };
  if (state.target) {
    const hasWork = Object.values(state.answers).some((v) => v.trim() !== '') || Object.keys(state.materials).length > 0;
    if (options.keepDraft && hasWork) drafts[state.target.id] = { answers: state.answers, materials: state.materials };
    else delete drafts[state.target.id];
  }
  return {
    ...initialApplyState({
      ...(state.card ? { card: state.card } : {}),
      ...(state.cardRead ? { cardRead: state.cardRead } : {}),
      ...(state.consentAt ? { consentAt: state.consentAt } : {}),
      faceVerified: state.faceVerified,
      fieldsPerPage: state.fieldsPerPage,
      browse: state.browse,
    }),
    drafts,
  };
}

export function applyReducer(state: ApplyState, event: ApplyEvent): ApplyState {
  switch (event.type) {
    case 'browse':
      return state.step.kind === 'browse' ? { ...state, browse: { ...state.browse, ...event.browse } } : state;
    case 'choose': {
      // From the result, the pushed entry starts the next application (the submitted one's draft is gone).
      const from = state.step.kind === 'result' ? toBrowse(state, { keepDraft: false }) : state;
      return from.step.kind === 'browse' ? { ...from, step: { kind: 'loading', choice: event.choice }, notice: undefined } : state;
    }
    case 'loaded': {
      if (state.step.kind !== 'loading') return state;
      const draft = state.drafts[event.target.id];
      const answers: Record<string, string> = {};
      const reusedAnswers: Record<string, BilingualText> = {};
      for (const [key, offer] of Object.entries(event.reusedAnswers)) {
        answers[key] = offer.value;
        reusedAnswers[key] = offer.from;
      }
      // What the citizen typed for this very application wins over what other items offer.
      for (const [key, value] of Object.entries(draft?.answers ?? {})) {
        answers[key] = value;
        delete reusedAnswers[key];
      }
      const materials = { ...event.reusedMaterials, ...draft?.materials };
      const loaded: ApplyState = { ...state, target: event.target, answers, reusedAnswers, materials, declared: false, signaturePng: undefined, idempotencyKey: undefined };
      // The guide comes first; an application taken up again from its draft was started after reading it.
      return draft ? afterGuide(loaded) : { ...loaded, step: { kind: 'guide' } };
    }
    case 'loadFailed':
      return { ...toBrowse(state, { keepDraft: true }), notice: event.problem };
    case 'consent':
      return state.step.kind === 'consent' ? { ...state, consentAt: event.at, step: { kind: 'identify', reader: { kind: 'waiting' }, attempt: 1 } } : state;
    case 'reader':
      return state.step.kind === 'identify' ? { ...state, step: { ...state.step, reader: event.reader } } : state;
    case 'retryRead':
      return state.step.kind === 'identify' ? { ...state, step: { kind: 'identify', reader: { kind: 'waiting' }, attempt: state.step.attempt + 1 } } : state;
    case 'cardRead':
      if (state.step.kind !== 'identify') return state;
      if (!event.card.checkDigitValid) return { ...state, step: { ...state.step, reader: { kind: 'failed', reason: 'badCheck' } } };
      // Another card is another person: the face check passed for the previous one does not carry over.
      return afterCard({ ...state, card: event.card, cardRead: event.fields, faceVerified: state.faceVerified && state.card?.idNumber === event.card.idNumber });
    case 'faceCaptured':
    case 'faceVerified':
    case 'faceRejected': {
      if (state.step.kind !== 'faceCheck') return state;
      const face = faceCheckReducer(state.step.face, event);
      if (face === 'verified') return atForm({ ...state, faceVerified: true });
      return face === state.step.face ? state : { ...state, step: { kind: 'faceCheck', face } };
    }
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
    case 'declaration':
      return state.step.kind === 'signature' || state.step.kind === 'submitFailed' ? { ...state, declared: event.agreed } : state;
    case 'signed':
      if (state.step.kind !== 'signature' && state.step.kind !== 'submitFailed') return state;
      return event.png ? { ...state, signaturePng: event.png } : { ...state, signaturePng: undefined };
    case 'submit':
      if (state.step.kind !== 'signature' && state.step.kind !== 'submitFailed') return state;
      if (signatureMissing(state).length > 0) return state.step.kind === 'signature' ? { ...state, step: { kind: 'signature', showMissing: true } } : state;
      return { ...state, idempotencyKey: state.idempotencyKey ?? event.idempotencyKey, step: { kind: 'submitting' } };
    case 'submitted':
      if (state.step.kind !== 'submitting') return state;
      return { ...state, step: { kind: 'result', result: event.result, sync: event.result.syncState === 'queued' ? 'waiting' : event.result.syncState } };
    case 'submitFailed':
      return state.step.kind === 'submitting' ? { ...state, step: { kind: 'submitFailed', problem: event.problem } } : state;
    case 'syncState':
      return state.step.kind === 'result' ? { ...state, step: { ...state.step, sync: event.sync } } : state;
    case 'next':
      return next(state);
    case 'back':
      return back(state);
    case 'editFields':
      return state.step.kind === 'review' ? { ...state, step: { kind: 'form', page: 0, showProblems: false } } : state;
    case 'startAnother':
      // After a submission its draft is gone; mid-application the typed answers are kept.
      return toBrowse(state, { keepDraft: state.step.kind !== 'result' });
    default:
      return assertNever(event, 'apply event');
  }
}

/** A stable name for the step on screen: the layout scrolls to the top and guards input when it changes. */
export function stepKeyOf(step: ApplyStep): ApplyStepKey {
  switch (step.kind) {
    case 'form':
      return `form-${step.page}`;
    case 'materials':
      return step.capturing ? `camera-${step.capturing}` : 'materials';
    case 'submitting':
    case 'submitFailed':
      return 'signature';
    default:
      return step.kind;
  }
}
