// Remote commands (docs/fleet.md): what the platform asks one kiosk to do, signed with an admin key
// the kiosk pins, bound to that kiosk, with an id and an expiry. Delivered in heartbeat answers
// until the kiosk acknowledges receipt; results return through the outbox (`fleet.commandResult`).
import { z } from 'zod';
import { KeyId } from './bundle';

const Bilingual = z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict();

/** What to do; each variant carries its own arguments. */
export const RemoteAction = z.discriminatedUnion('kind', [
  // stop the core gracefully; the shell's supervisor starts it again
  z.object({ kind: z.literal('restartCore') }).strict(),
  // tell the screen to reload (a clean renderer); no core restart
  z.object({ kind: z.literal('reloadScreen') }).strict(),
  // maintenance mode on (new citizen sessions refused, the out-of-service screen with `reason`) or off
  z.object({ kind: z.literal('setMaintenance'), on: z.boolean(), reason: Bilingual.optional() }).strict(),
  // build the diagnostics bundle and upload it under `uploadId` (the bundle itself: issue #13)
  z.object({ kind: z.literal('uploadDiagnostics'), uploadId: z.string().min(1).max(100) }).strict(),
  // print the receipt test page on one printer (default: the first receipt printer)
  z.object({ kind: z.literal('printTestPage'), deviceId: z.string().max(100).optional() }).strict(),
  // push the outbox now
  z.object({ kind: z.literal('flushQueue') }).strict(),
  // put dead letters back in the queue (after a platform-side fix)
  z.object({ kind: z.literal('retryDeadLetters') }).strict(),
  // pull the config and catalog bundles now
  z.object({ kind: z.literal('pullConfig') }).strict(),
]);
export type RemoteAction = z.infer<typeof RemoteAction>;

/** The action kinds alone (for results and admin listings). */
export const RemoteActionKind = z.enum(['restartCore', 'reloadScreen', 'setMaintenance', 'uploadDiagnostics', 'printTestPage', 'flushQueue', 'retryDeadLetters', 'pullConfig']);
export type RemoteActionKind = z.infer<typeof RemoteActionKind>;
// Both lists name the same kinds: a kind added to one and not the other fails to compile.
const _sameKinds: [RemoteAction['kind'], RemoteActionKind] extends [RemoteActionKind, RemoteAction['kind']] ? true : never = true;
void _sameKinds;

const IsoTime = z.string().datetime({ offset: true });

/** The signed part of a command. */
export const RemoteCommandBody = z
  .object({
    commandId: z.string().min(1).max(100),
    /** The one kiosk this command is for: a command captured for one kiosk is refused by every other. */
    kioskId: z.string().min(1).max(100),
    action: RemoteAction,
    createdAt: IsoTime,
    /** Not run after this instant (kiosk clock, corrected by the skew it measured). */
    expiresAt: IsoTime,
    /** Runs even during a citizen session (never during a cash-in or a print). */
    urgent: z.boolean(),
  })
  .strict();
export type RemoteCommandBody = z.infer<typeof RemoteCommandBody>;

export const SignedRemoteCommand = RemoteCommandBody.extend({
  keyId: KeyId,
  /** Ed25519 over `commandSigningInput(canonical JSON of the body)`, base64. */
  signature: z.string().length(88),
}).strict();
export type SignedRemoteCommand = z.infer<typeof SignedRemoteCommand>;

export const COMMAND_SIGNATURE_CONTEXT = 'BUDAYANG-COMMAND-1';

/** The exact text an admin key signs: the context line, then the body's RFC 8785 canonical JSON. */
export function commandSigningInput(canonicalBodyJson: string): string {
  return `${COMMAND_SIGNATURE_CONTEXT}\n${canonicalBodyJson}`;
}

/** The body of a signed command (what the signature covers), without keyId and signature. */
export function commandBodyOf(command: SignedRemoteCommand): RemoteCommandBody {
  const { keyId: _keyId, signature: _signature, ...body } = command;
  return body;
}
