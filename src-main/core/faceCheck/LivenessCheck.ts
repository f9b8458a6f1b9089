// The seam where a camera vendor's liveness SDK plugs in (人证核验, ADR 0019): it sees the short
// sequence of frames the screen took while the citizen faced the camera and says whether a live
// person was in front of it. The kiosk ships without one, and says so: the default reports
// `notChecked`, which the platform receives with the photo — it never claims a check it did not do.
import type { LivenessVerdict } from '../../../src-common/wire/identityWire';
import { serviceId } from '../composition/serviceId';

/** What a liveness check concluded. */
export type LivenessOutcome =
  | { readonly kind: 'passed' } // the vendor SDK saw a live person in the frames
  | { readonly kind: 'failed'; readonly reason: string } // the vendor SDK saw a photo, a screen or a mask (English, for the log)
  | { readonly kind: 'notChecked'; readonly reason: 'noVendorSdk' | 'noFrames' }; // nobody checked: no SDK installed, or no frames to look at

export interface LivenessCheck {
  /** Reported to the platform with the verdict (the SDK's name and version, or `none`). */
  readonly checker: string;
  /**
   * Looks at the frames (JPEG bytes, oldest first). The frames are the caller's: it wipes them
   * after this resolves, so an implementation must not keep them.
   */
  check(frames: readonly Uint8Array[]): Promise<LivenessOutcome>;
}

/**
 * The default: no vendor SDK. It accepts the frame sequence (so the screen and the API are the
 * same with or without one) and reports honestly that liveness was not checked.
 */
export class NoVendorLivenessCheck implements LivenessCheck {
  readonly checker = 'none';

  check(frames: readonly Uint8Array[]): Promise<LivenessOutcome> {
    return Promise.resolve({ kind: 'notChecked', reason: frames.length === 0 ? 'noFrames' : 'noVendorSdk' });
  }
}

/** The verdict the platform receives (a failed check never reaches it: the kiosk stops first). */
export function wireVerdict(outcome: Exclude<LivenessOutcome, { kind: 'failed' }>): LivenessVerdict {
  return outcome.kind === 'passed' ? 'passed' : 'notChecked';
}

/** A vendor's liveness check, provided by a module of its own when a kiosk has one (ADR 0019). */
export const LivenessCheckId = serviceId<LivenessCheck>('livenessCheck');
