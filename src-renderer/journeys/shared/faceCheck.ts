// The 人证核验 step (issue #16 item 16) as a pure sub-machine that 取证 and 办事 embed after the ID
// card: the live camera with its countdown, the comparison in flight, another photo after a
// mismatch (while attempts are left), or the end of the journey with the reason. The photo itself
// is never in the state: FaceCheckStep hands it straight to FaceCheck.Verify and drops it.
import type { ServiceProblem } from './problems';

/** Why a journey ends at the face check: the core's answer, or no camera to take the photo with. */
export type FaceCheckFailure = ServiceProblem | 'noCamera';

export type FaceCheckPhase =
  | { readonly kind: 'camera'; readonly attempt: number; readonly retryBecause?: ServiceProblem } // the live picture and the countdown; why the last photo was not accepted
  | { readonly kind: 'verifying'; readonly attempt: number } // the photo is being compared
  | { readonly kind: 'failed'; readonly failure: FaceCheckFailure }; // the journey ends here: 请到人工窗口办理

export type FaceCheckEvent =
  | { readonly type: 'faceCaptured' } // a photo was taken and sent
  | { readonly type: 'faceVerified' } // the platform says it is the card holder
  | { readonly type: 'faceRejected'; readonly failure: FaceCheckFailure }; // not verified (the reducer decides whether another photo may be taken)

export const FACE_CHECK_START: FaceCheckPhase = { kind: 'camera', attempt: 1 };

/** Error codes after which the citizen may take another photo (the core says how many are left). */
const RETRYABLE = new Set(['faceMismatch', 'noFace', 'photoInvalid']);

function mayRetry(failure: FaceCheckFailure): failure is ServiceProblem {
  if (failure === 'noCamera' || failure.method !== 'FaceCheck.Verify' || !failure.error.errorCode || !RETRYABLE.has(failure.error.errorCode)) return false;
  // photoInvalid carries no count: one more photo is harmless, the core still bounds the attempts.
  return (failure.error.params?.['attemptsLeft'] ?? 1) > 0;
}

/** The next phase, or `'verified'` when the journey goes on past the check. */
export function faceCheckReducer(phase: FaceCheckPhase, event: FaceCheckEvent): FaceCheckPhase | 'verified' {
  switch (event.type) {
    case 'faceCaptured':
      return phase.kind === 'camera' ? { kind: 'verifying', attempt: phase.attempt } : phase;
    case 'faceVerified':
      return phase.kind === 'verifying' ? 'verified' : phase;
    case 'faceRejected':
      if (phase.kind === 'failed') return phase;
      // The camera failing to start is final too: without a photo nothing can be checked.
      if (phase.kind === 'verifying' && mayRetry(event.failure)) return { kind: 'camera', attempt: phase.attempt + 1, retryBecause: event.failure };
      return { kind: 'failed', failure: event.failure };
  }
}

export function isFaceCheckEvent(event: { readonly type: string }): event is FaceCheckEvent {
  return event.type === 'faceCaptured' || event.type === 'faceVerified' || event.type === 'faceRejected';
}
