// Payloads of the fleet domain's outbox events (docs/fleet.md): what became of a bundle and of a
// remote command on a kiosk. Registered in eventRegistry.ts, used by the kiosk when enqueuing and
// by the platform when receiving (rollout progress, command results). None carries PII.
import { z } from 'zod';
import { BundleKind } from './bundle';
import { RemoteActionKind } from './remoteCommands';

const IsoTime = z.string().datetime({ offset: true });

/** Why a bundle was refused before it was staged; nothing changed on the kiosk. */
export const BundleRefusalCode = z.enum([
  'malformed', // not a bundle envelope, or its payload is not base64 of JSON
  'notCanonical', // the payload is JSON but not its RFC 8785 canonical form
  'unknownKey', // keyId names no key this kiosk pins
  'revokedKey', // keyId names a key that was revoked
  'badSignature', // the signature does not verify with the named key (tampered or wrong key)
  'downgrade', // version lower than one this kiosk already accepted for the kind
  'replay', // version equal to one this kiosk already accepted for the kind
  'invalidPayload', // the payload fails the kiosk's schema (alone or merged over the profile)
  'localOnlySetting', // the payload sets something only the site's profile may set (mode, kiosk code…)
  'keyringWouldBeEmpty', // its key announcements would leave no trusted admin key
]);
export type BundleRefusalCode = z.infer<typeof BundleRefusalCode>;

/** Why an applied bundle was taken back; the kiosk runs its last-known-good version again. */
export const RollbackReason = z.enum([
  'healthGate', // within the gate's time the core, a service or the platform did not come back
  'crashLoop', // the core did not stay up through the allowed boots under the new version
  'invalidAtBoot', // merged over the profile at boot it no longer validates (e.g. after a profile change)
]);
export type RollbackReason = z.infer<typeof RollbackReason>;

const ResultBase = {
  /** Unique per result: the platform de-duplicates on it beside the outbox idempotency key. */
  resultId: z.string().min(1).max(100),
  kind: BundleKind,
  /** The version the result is about; null when a refused envelope had none readable. */
  version: z.number().int().positive().nullable(),
  /** Version active before (applied, rolled back) or still active (refused); null = profile only. */
  previousVersion: z.number().int().positive().nullable(),
  /** For people: what happened, in English (never shown to citizens). */
  detail: z.string().max(2000),
  at: IsoTime,
};

/** `fleet.bundleResult`: what became of one config or catalog bundle on this kiosk. */
export const BundleResultPayload = z.discriminatedUnion('outcome', [
  // passed the health gate; now the last-known-good version
  z.object({ ...ResultBase, outcome: z.literal('applied') }),
  // swapped in, then taken back
  z.object({ ...ResultBase, outcome: z.literal('rolledBack'), reason: RollbackReason }),
  // never staged
  z.object({ ...ResultBase, outcome: z.literal('refused'), reason: BundleRefusalCode }),
]);
export type BundleResultPayload = z.infer<typeof BundleResultPayload>;

export const CommandOutcome = z.enum([
  'done', // ran to completion
  'failed', // ran, or started, and did not succeed (detail says why)
  'expired', // its expiry passed before a safe point came
  'refused', // signature, kiosk binding or shape wrong: never stored for running
]);
export type CommandOutcome = z.infer<typeof CommandOutcome>;

/** `fleet.commandResult`: the outcome of one remote command, exactly once per command id. */
export const CommandResultPayload = z.object({
  commandId: z.string().min(1).max(100),
  /** The action's kind; null when a refused command had none readable. */
  action: RemoteActionKind.nullable(),
  outcome: CommandOutcome,
  detail: z.string().max(2000),
  receivedAt: IsoTime,
  finishedAt: IsoTime,
});
export type CommandResultPayload = z.infer<typeof CommandResultPayload>;

export const BUNDLE_RESULT_KIND = 'fleet.bundleResult';
export const COMMAND_RESULT_KIND = 'fleet.commandResult';

/** Stream keys: results of one kind stay in order; each command is its own stream. */
export const fleetStreamKey = {
  bundle: (kind: BundleKind) => `fleet:bundle:${kind}`,
  command: (commandId: string) => `fleet:command:${commandId}`,
} as const;
