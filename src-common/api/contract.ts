// How a method or event of the API is declared: once, as zod schemas, with types inferred, and
// with the method's own error codes (after XFS4IoT: each command lists the errors it can end with,
// beside the generic completion code).
import type { z } from 'zod';

export interface MethodDefinition<
  Name extends string = string,
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Events extends Record<string, z.ZodType> = Record<string, z.ZodType>,
  ErrorCode extends string = string,
> {
  readonly name: Name;
  readonly input: Input;
  readonly output: Output;
  /** Intermediate events a long-running command emits before its completion. */
  readonly events: Events;
  /**
   * The failures this method can end with, as codes: the renderer turns each into a sentence for
   * the citizen (src-renderer/i18n/errors.ts); the completion's `errorDescription` is for logs.
   */
  readonly errors: readonly ErrorCode[];
  /** Whether the method needs an active citizen session (PII-bearing methods do). */
  readonly requiresSession: boolean;
  /** One line for docs and the technician's API listing. */
  readonly summary: string;
}

export function defineMethod<
  const Name extends string,
  Input extends z.ZodType,
  Output extends z.ZodType,
  Events extends Record<string, z.ZodType> = Record<never, z.ZodType>,
  const ErrorCodes extends readonly string[] = readonly [],
>(def: {
  name: Name;
  input: Input;
  output: Output;
  events?: Events;
  errors?: ErrorCodes;
  requiresSession?: boolean;
  summary: string;
}): MethodDefinition<Name, Input, Output, Events, ErrorCodes[number]> {
  return {
    name: def.name,
    input: def.input,
    output: def.output,
    events: (def.events ?? {}) as Events,
    errors: def.errors ?? [],
    requiresSession: def.requiresSession ?? false,
    summary: def.summary,
  };
}

export interface UnsolicitedDefinition<Name extends string = string, Payload extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly payload: Payload;
  readonly summary: string;
}

export function defineUnsolicited<const Name extends string, Payload extends z.ZodType>(def: {
  name: Name;
  payload: Payload;
  summary: string;
}): UnsolicitedDefinition<Name, Payload> {
  return def;
}

/** What a caller sends (defaults may be left out). */
export type InputOf<M extends MethodDefinition> = z.input<M['input']>;
/** What a handler receives: the input after validation, defaults filled in. */
export type ParsedInputOf<M extends MethodDefinition> = z.infer<M['input']>;
export type OutputOf<M extends MethodDefinition> = z.infer<M['output']>;
export type EventsOf<M extends MethodDefinition> = {
  [K in keyof M['events']]: z.infer<M['events'][K]>;
};
/** The error codes a method declares (never for a method that cannot fail by itself). */
export type ErrorCodeOf<M extends MethodDefinition> = M['errors'][number];

/** One intermediate event of a method (of any of several methods) as a discriminated union member: `{ event, payload }`. */
export type EventOf<M extends MethodDefinition> = M extends MethodDefinition
  ? { [K in keyof M['events'] & string]: { readonly event: K; readonly payload: z.infer<M['events'][K]> } }[keyof M['events'] & string]
  : never;
