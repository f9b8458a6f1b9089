// The one message envelope both transports carry (design.md §3, after XFS4IoT):
// command → ack → event* → completion, plus unsolicited events pushed by the core.
import { z } from 'zod';

export const CompletionCode = z.enum([
  'success',
  'canceled', // canceled by the caller (Common.Cancel) or by session end
  'deviceNotReady', // the device is offline, busy or leased
  'hardwareError', // the device reported a fault
  'invalidData', // the message or its payload failed validation
  'invalidCommand', // unknown method name
  'timeOut', // the command's own timeout passed
  'userError', // the citizen did something the command cannot accept
  'sequenceError', // not allowed in the current state (no session, another command running)
  'unsupportedCommand', // known method, but this kiosk has no such capability
  'unauthorized', // wrong token, or a lease is held by someone else
  'internalError', // a bug: logged with a correlation id
]);
export type CompletionCode = z.infer<typeof CompletionCode>;

export const MessageType = z.enum(['command', 'ack', 'event', 'completion', 'unsolicited']);
export type MessageType = z.infer<typeof MessageType>;

const Base = {
  /** Method or event name, e.g. `Kiosk.Status`, `IdCard.WaitForCard`, `Device.StatusChanged`. */
  name: z.string().min(1).max(100),
  /** Correlates command, ack, events and completion. Unsolicited messages carry an empty string. */
  requestId: z.string().max(100),
};

export const CommandMessage = z.object({ ...Base, type: z.literal('command'), payload: z.unknown() });
export const AckMessage = z.object({ ...Base, type: z.literal('ack') });
export const EventMessage = z.object({ ...Base, type: z.literal('event'), event: z.string(), payload: z.unknown() });
export const CompletionMessage = z.object({
  ...Base,
  type: z.literal('completion'),
  completionCode: CompletionCode,
  /** Human-readable, English, for technicians and logs; never shown raw to citizens. */
  errorDescription: z.string().optional(),
  payload: z.unknown(),
});
export const UnsolicitedMessage = z.object({ ...Base, type: z.literal('unsolicited'), payload: z.unknown() });

export const Envelope = z.discriminatedUnion('type', [
  CommandMessage,
  AckMessage,
  EventMessage,
  CompletionMessage,
  UnsolicitedMessage,
]);
export type Envelope = z.infer<typeof Envelope>;
export type CommandMessage = z.infer<typeof CommandMessage>;
export type CompletionMessage = z.infer<typeof CompletionMessage>;
export type EventMessage = z.infer<typeof EventMessage>;
export type UnsolicitedMessage = z.infer<typeof UnsolicitedMessage>;

/** A command's failure as a value: the completion code plus a description. */
export interface ApiError {
  readonly code: Exclude<CompletionCode, 'success'>;
  readonly description: string;
}

export function apiError(code: ApiError['code'], description: string): ApiError {
  return { code, description };
}

/** Upper bound on one message, to refuse floods before parsing. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
