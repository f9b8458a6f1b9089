// The case state machine of the back office (issue #12 item 3), as data and one pure check:
// 已受理 received → 审批中 inReview → 已办结 approved → 待领取 readyForPickup → 已领取 pickedUp,
// with 不予受理 rejected possible from received (refused at acceptance) or inReview (refused on
// review). rejected and pickedUp are final; approved is final for a service that yields nothing to
// collect. Every other move is refused.
import { err, ok, type Result } from '../../../src-common/result';
import { CASE_MOVES } from '../../api/cases';
import type { CaseStatusCode, CaseTransitionRequest } from '../../../src-common/wire/casesWire';

/** The statuses each status may move to (declared with the admin API, so the console shows the same). */
export const CASE_TRANSITIONS = CASE_MOVES;

/** Why a move was refused (the `error` of the 409 answer). */
export type TransitionRefusal =
  // the lifecycle has no such move from the case's status
  | { readonly kind: 'notAllowed'; readonly from: CaseStatusCode; readonly to: CaseStatusCode; readonly allowed: readonly CaseStatusCode[] }
  // the caller expected another status: someone else moved the case first
  | { readonly kind: 'staleStatus'; readonly expected: CaseStatusCode; readonly actual: CaseStatusCode }
  // a rejection must say why: the applicant reads it at the kiosk
  | { readonly kind: 'noteRequired' }
  // a certificate belongs only to the move to readyForPickup
  | { readonly kind: 'unexpectedCertificate' };

export function checkTransition(from: CaseStatusCode, request: Pick<CaseTransitionRequest, 'to' | 'note' | 'expectedStatus' | 'certificate'>): Result<void, TransitionRefusal> {
  if (request.expectedStatus !== undefined && request.expectedStatus !== from) return err({ kind: 'staleStatus', expected: request.expectedStatus, actual: from });
  const allowed = CASE_TRANSITIONS[from];
  if (!allowed.includes(request.to)) return err({ kind: 'notAllowed', from, to: request.to, allowed });
  if (request.to === 'rejected' && !request.note) return err({ kind: 'noteRequired' });
  if (request.certificate && request.to !== 'readyForPickup') return err({ kind: 'unexpectedCertificate' });
  return ok(undefined);
}

/** The refusal as one line for the admin (English, technician-facing). */
export function describeRefusal(refusal: TransitionRefusal): string {
  switch (refusal.kind) {
    case 'notAllowed':
      return `a ${refusal.from} case cannot become ${refusal.to}; allowed: ${refusal.allowed.length > 0 ? refusal.allowed.join(', ') : 'none (final)'}`;
    case 'staleStatus':
      return `the case is ${refusal.actual}, not ${refusal.expected}: someone moved it first`;
    case 'noteRequired':
      return 'a rejection needs a note: the reason the applicant reads';
    case 'unexpectedCertificate':
      return 'a certificate is given only with the move to readyForPickup';
    default: {
      const never: never = refusal;
      throw new Error(`unknown refusal ${JSON.stringify(never)}`);
    }
  }
}
