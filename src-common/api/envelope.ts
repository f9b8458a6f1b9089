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
  /** The method's own error code (declared with the method), when the failure is one it declares. */
  errorCode: z.string().max(64).optional(),
  /** Numbers the citizen's sentence for `errorCode` needs (amounts in fen, minutes, counts). */
  errorParams: z.record(z.string().max(64), z.number()).optional(),
  /** Human-readable, English, for technicians and logs; never shown to citizens. */
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

/** A WebSocket frame from the core as an envelope; undefined for anything else (not JSON, not an envelope): clients drop those. */
export function parseEnvelope(frame: unknown): Envelope | undefined {
  try {
    const result = Envelope.safeParse(JSON.parse(String(frame)));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
export type CommandMessage = z.infer<typeof CommandMessage>;
export type CompletionMessage = z.infer<typeof CompletionMessage>;
export type EventMessage = z.infer<typeof EventMessage>;
export type UnsolicitedMessage = z.infer<typeof UnsolicitedMessage>;

/** Every completion code but success. */
export type FailureCode = Exclude<CompletionCode, 'success'>;

/**
 * A command's failure as a value: the completion code, the method's own error code when the
 * failure is one the method declares, the numbers its sentence needs, and a description for logs.
 */
export interface ApiError<ErrorCode extends string = string> {
  readonly code: FailureCode;
  readonly errorCode?: ErrorCode;
  readonly params?: Readonly<Record<string, number>>;
  /** English, for technicians and logs; never shown to a citizen. */
  readonly description: string;
}

/** A failure a handler returns: always one of its method's declared error codes. */
export interface MethodError<ErrorCode extends string> extends ApiError<ErrorCode> {
  readonly errorCode: ErrorCode;
}

/** A method's declared failure; the handler's type checks `errorCode` against the method's list. */
export function apiError<const ErrorCode extends string>(code: FailureCode, errorCode: ErrorCode, description: string, params?: Readonly<Record<string, number>>): MethodError<ErrorCode> {
  return { code, errorCode, description, ...(params ? { params } : {}) };
}

/** A failure of the API layer itself (envelope, input validation, guards): no method error code. */
export function apiFailure(code: FailureCode, description: string): ApiError<never> {
  return { code, description };
}

/** Upper bound on one message, to refuse floods before parsing. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
