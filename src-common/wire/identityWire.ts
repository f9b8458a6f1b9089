// The kiosk↔platform wire for 人证核验 (issue #16 item 16): the kiosk sends the identity read from
// the card and one live photo (signed request, TLS or loopback); the platform asks the authority
// (simulated by the reference platform) whether the photo is the card holder. Nothing is stored
// on either side: the answer is a verdict and a score (ADR 0019).
import { z } from 'zod';

/** Largest live photo the wire carries, as base64 characters (a 640 px JPEG is about 40–80 kB). */
export const MAX_FACE_PHOTO_BASE64 = 400_000;

/** What the camera side could say about liveness (LivenessCheck in the core). */
export const LivenessVerdict = z.enum([
  'passed', // a vendor SDK saw a live person
  'notChecked', // no vendor SDK on this kiosk: nobody checked liveness (the default; said so, never claimed)
]);
export type LivenessVerdict = z.infer<typeof LivenessVerdict>;

export const IdentityVerifyRequest = z
  .object({
    holder: z.object({ name: z.string().min(1).max(64), idNumber: z.string().min(15).max(18) }).strict(),
    photo: z.object({ mimeType: z.literal('image/jpeg'), base64: z.string().min(16).max(MAX_FACE_PHOTO_BASE64) }).strict(),
    liveness: z.object({ verdict: LivenessVerdict, checker: z.string().min(1).max(64) }).strict(),
  })
  .strict();
export type IdentityVerifyRequest = z.infer<typeof IdentityVerifyRequest>;

export const IdentityVerifyResponse = z.object({
  outcome: z.enum([
    'match', // the live photo is the holder's face
    'noMatch', // a face, but not the holder's
    'noFace', // no usable face in the photo (covered camera, dark, nobody in front, not decodable)
    'noReference', // the authority holds no photo for this identity: a window must check in person
  ]),
  /** Similarity between the live photo and the authority's photo, 0–1 (0 when there is nothing to compare). */
  score: z.number().min(0).max(1),
  /** The score a match needs. */
  threshold: z.number().min(0).max(1),
});
export type IdentityVerifyResponse = z.infer<typeof IdentityVerifyResponse>;
