// The error codes of the admin API: the `error` field of every refusal (`{ error, message,
// serverTime }`). The console turns a code into a sentence in the admin's language; `message` is
// English detail for logs and scripts, never shown as it is.
import { z } from 'zod';

export const AdminErrorCode = z.enum([
  'unauthorized', // no credential, or an expired or revoked one: sign in again
  'badCredentials', // wrong user name or password (one answer for both)
  'accountLocked', // too many failed sign-ins: locked until `lockedUntil`
  'forbidden', // signed in, but the role lacks the permission
  'csrfRejected', // a state-changing request without the session's CSRF token, or from another origin
  'rateLimited', // too many sign-in attempts from this address; see Retry-After
  'invalidRequest', // the body, query or path failed validation
  'notFound', // no such account, kiosk or token
  'usernameTaken', // an account with this user name exists
  'weakPassword', // shorter than the minimum, longer than the maximum, or the user name itself
  'lastPublisher', // the change would leave no enabled publisher
  'alreadyCleared', // the alert is already cleared or resolved
  'clearsItself', // the alert ends when its condition ends: acknowledge it instead of resolving
  'notAllowed', // the case's lifecycle has no such move from its status
  'staleStatus', // someone moved the case first (its status is not the expected one)
  'noteRequired', // a rejection needs the reason the applicant reads
  'unexpectedCertificate', // a certificate goes only with the move to readyForPickup
  'tooLarge', // body over the route's limit
  'unknownBundle', // no bundle of this kind and version is published
  'versionNotNewer', // an earlier rollout of this kind already went to this version or a higher one
  'anotherRolloutActive', // another rollout of this kind is running or paused
  'noTargets', // the selector names an unknown group, or matches no kiosk
  'wrongState', // the rollout's state does not allow this (resume a running one, cancel a finished one)
  'internal', // the platform failed; nothing to fix on the caller's side
]);
export type AdminErrorCode = z.infer<typeof AdminErrorCode>;

export const AdminErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  serverTime: z.string(),
  /** accountLocked: until when (UTC ISO-8601). */
  lockedUntil: z.string().optional(),
});
export type AdminErrorBody = z.infer<typeof AdminErrorBody>;
