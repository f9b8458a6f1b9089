// The 取证 journey as an explicit state machine (issue #15 item 9): consent, the ID card, 人证核验
// (a certificate goes only to its holder, #16 item 16), the holder's certificates ready for collection, the chosen one to check (defect 10), then the
// certificate printer. A print that fails uses up nothing. Effects live in usePickupEffects.
import type { CertificateEntry } from '../../../src-common/api/proofs';
import type { z } from 'zod';
import { cardStepReducer, CONSENT, isCardStep, type CardStepEvent, type CardStepState } from '../shared/cardSteps';
import { FACE_CHECK_START, faceCheckReducer, type FaceCheckEvent, type FaceCheckPhase } from '../shared/faceCheck';
import type { PrintOutcome, ServiceProblem } from '../shared/problems';

export type Certificate = z.infer<typeof CertificateEntry>;

export type PickupState =
  | CardStepState // consent, then the ID card
  | { readonly kind: 'faceCheck'; readonly face: FaceCheckPhase } // 人证核验: the live photo against the card's; a failure ends the journey
  | { readonly kind: 'loading' } // asking the platform what is ready
  | { readonly kind: 'list'; readonly entries: readonly Certificate[]; readonly problem?: ServiceProblem } // ready certificates (or why none could be listed)
  | { readonly kind: 'preview'; readonly entries: readonly Certificate[]; readonly entry: Certificate } // the certificate to print, checked first
  | { readonly kind: 'printing'; readonly entry: Certificate; readonly key: string } // the certificate printer at work
  | { readonly kind: 'printed'; readonly entry: Certificate; readonly outcome: PrintOutcome | ServiceProblem }; // its answer

export type PickupEvent =
  | CardStepEvent
  | FaceCheckEvent
  | { readonly type: 'cardRead' }
  | { readonly type: 'listed'; readonly entries: readonly Certificate[] }
  | { readonly type: 'listFailed'; readonly problem: ServiceProblem }
  | { readonly type: 'chosen'; readonly certificateNumber: string }
  | { readonly type: 'back' } // from the preview to the list
  | { readonly type: 'printConfirmed'; readonly key: string }
  | { readonly type: 'printed'; readonly outcome: PrintOutcome | ServiceProblem }
  | { readonly type: 'another' }; // back to the list, fetched again (the quota changed)

export const INITIAL_PICKUP_STATE: PickupState = CONSENT;

export function pickupReducer(state: PickupState, event: PickupEvent): PickupState {
  switch (event.type) {
    case 'consentGiven':
    case 'reader':
    case 'retryRead':
      return isCardStep(state) ? cardStepReducer(state, event) : state;
    case 'cardRead':
      return state.kind === 'identify' ? { kind: 'faceCheck', face: FACE_CHECK_START } : state;
    case 'faceCaptured':
    case 'faceVerified':
    case 'faceRejected': {
      if (state.kind !== 'faceCheck') return state;
      const face = faceCheckReducer(state.face, event);
      if (face === 'verified') return { kind: 'loading' };
      return face === state.face ? state : { kind: 'faceCheck', face };
    }
    case 'listed':
      return state.kind === 'loading' ? { kind: 'list', entries: event.entries } : state;
    case 'listFailed':
      return state.kind === 'loading' ? { kind: 'list', entries: [], problem: event.problem } : state;
    case 'chosen': {
      if (state.kind !== 'list') return state;
      const entry = state.entries.find((e) => e.certificateNumber === event.certificateNumber);
      // A certificate whose prints are used up cannot be chosen (a tap on it does nothing).
      return entry && entry.remainingQuota > 0 ? { kind: 'preview', entries: state.entries, entry } : state;
    }
    case 'back':
      return state.kind === 'preview' ? { kind: 'list', entries: state.entries } : state;
    case 'printConfirmed':
      return state.kind === 'preview' ? { kind: 'printing', entry: state.entry, key: event.key } : state;
    case 'printed':
      return state.kind === 'printing' ? { kind: 'printed', entry: state.entry, outcome: event.outcome } : state;
    case 'another':
      return state.kind === 'printed' ? { kind: 'loading' } : state;
  }
}
