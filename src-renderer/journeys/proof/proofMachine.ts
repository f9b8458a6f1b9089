// The 打印证明 journey as an explicit state machine (issue #15 item 9): consent, the ID card, the
// kind of proof, the issued proof to check (defect 10: nothing prints on one tap), then the A4
// printer. Pure; the platform and printer calls live in useProofEffects.
import type { ProofPreview } from '../../../src-common/api/proofs';
import type { ProofKind } from '../../../src-common/wire/proofsWire';
import { cardStepReducer, CONSENT, isCardStep, type CardStepEvent, type CardStepState } from '../shared/cardSteps';
import type { PrintOutcome, ServiceProblem } from '../shared/problems';

export type ProofState =
  | CardStepState // consent, then the ID card
  | { readonly kind: 'choose' } // which proof
  | { readonly kind: 'issuing'; readonly proof: ProofKind; readonly key: string } // the platform issues it
  | { readonly kind: 'preview'; readonly proof: ProofKind; readonly key: string; readonly preview: ProofPreview } // the citizen checks it before paper is used
  | { readonly kind: 'printing'; readonly proof: ProofKind; readonly key: string; readonly preview: ProofPreview } // the A4 printer prints it
  | { readonly kind: 'printed'; readonly proof: ProofKind; readonly preview: ProofPreview; readonly outcome: PrintOutcome } // the printer's answer, with the code
  | { readonly kind: 'notIssued'; readonly proof: ProofKind; readonly problem: ServiceProblem }; // the platform did not issue it

export type ProofEvent =
  | CardStepEvent
  | { readonly type: 'cardRead' }
  | { readonly type: 'chosen'; readonly proof: ProofKind; readonly key: string } // `key`: one idempotency key per proof asked for
  | { readonly type: 'issued'; readonly preview: ProofPreview }
  | { readonly type: 'issueFailed'; readonly problem: ServiceProblem }
  | { readonly type: 'printConfirmed' }
  | { readonly type: 'printed'; readonly outcome: PrintOutcome }
  | { readonly type: 'printFailed'; readonly problem: ServiceProblem }
  | { readonly type: 'back' } // from the preview: choose another kind
  | { readonly type: 'another' }; // from the result: print another proof

export const INITIAL_PROOF_STATE: ProofState = CONSENT;

export function proofReducer(state: ProofState, event: ProofEvent): ProofState {
  switch (event.type) {
    case 'consentGiven':
    case 'reader':
    case 'retryRead':
      return isCardStep(state) ? cardStepReducer(state, event) : state;
    case 'cardRead':
      return state.kind === 'identify' ? { kind: 'choose' } : state;
    case 'chosen':
      return state.kind === 'choose' ? { kind: 'issuing', proof: event.proof, key: event.key } : state;
    case 'issued':
      return state.kind === 'issuing' ? { kind: 'preview', proof: state.proof, key: state.key, preview: event.preview } : state;
    case 'issueFailed':
      return state.kind === 'issuing' ? { kind: 'notIssued', proof: state.proof, problem: event.problem } : state;
    case 'printConfirmed':
      return state.kind === 'preview' ? { ...state, kind: 'printing' } : state;
    case 'printed':
      return state.kind === 'printing' ? { kind: 'printed', proof: state.proof, preview: state.preview, outcome: event.outcome } : state;
    case 'printFailed':
      return state.kind === 'printing' ? { kind: 'notIssued', proof: state.proof, problem: event.problem } : state;
    case 'back':
      return state.kind === 'preview' ? { kind: 'choose' } : state;
    case 'another':
      return state.kind === 'printed' || state.kind === 'notIssued' ? { kind: 'choose' } : state;
  }
}
