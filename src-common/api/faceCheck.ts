// 人证核验 (issue #16 item 16): the live photo of the citizen at the kiosk, compared by the
// platform's identity-verification service with the authority's photo of the card read in this
// session. The photo travels in memory only; nothing of it is stored on the kiosk (ADR 0019).
import { z } from 'zod';
import { defineMethod } from './contract';
import { MAX_FACE_PHOTO_BASE64 } from '../wire/identityWire';

/** How many photos a citizen may have compared in one session (the first and two more). */
export const FACE_CHECK_MAX_ATTEMPTS = 3;

/** Small frames taken while the citizen faced the camera, for the liveness seam. */
const MAX_LIVENESS_FRAMES = 8;
const MAX_LIVENESS_FRAME_BASE64 = 120_000;

export const faceCheckMethods = {
  'FaceCheck.Verify': defineMethod({
    name: 'FaceCheck.Verify',
    input: z
      .object({
        photo: z.object({ mimeType: z.literal('image/jpeg'), base64: z.string().min(16).max(MAX_FACE_PHOTO_BASE64) }).strict(),
        /** JPEG frames taken during the countdown, oldest first (the liveness check looks at them). */
        frames: z.array(z.string().min(16).max(MAX_LIVENESS_FRAME_BASE64)).max(MAX_LIVENESS_FRAMES).default([]),
      })
      .strict(),
    output: z.object({
      /** Similarity the platform reported, 0–1. */
      score: z.number().min(0).max(1),
    }),
    errors: [
      'noCardRead', // no ID card was read in this session: nothing to compare the face with
      'checkDigitInvalid', // the card's number fails its check digit: a staffed window must look
      'photoInvalid', // the photo or a frame is not a JPEG the screen would send
      'faceMismatch', // the face is not the card holder's; params.attemptsLeft more photos may be taken
      'noFace', // no usable face in the photo (covered camera, too dark); params.attemptsLeft more photos may be taken
      'attemptsExhausted', // the last allowed photo did not match either: a staffed window checks in person
      'livenessFailed', // the camera vendor's liveness check saw no live person: a staffed window checks
      'noReference', // the authority holds no photo for this card: a staffed window checks in person
      'platformUnavailable', // the verification service cannot be reached, failed or timed out: never a silent pass
    ],
    requiresSession: true,
    summary: 'Compares a live photo with the authority photo of the card read in this session; the photo is wiped after the answer and never stored.',
  }),
} as const;
