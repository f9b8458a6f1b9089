// How a method or event of the API is declared: once, as zod schemas, with types inferred.
import type { z } from 'zod';

export interface MethodDefinition<
  Name extends string = string,
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Events extends Record<string, z.ZodType> = Record<string, z.ZodType>,
> {
  readonly name: Name;
  readonly input: Input;
  readonly output: Output;
  /** Intermediate events a long-running command emits before its completion. */
  readonly events: Events;
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
>(def: {
  name: Name;
  input: Input;
  output: Output;
  events?: Events;
  requiresSession?: boolean;
  summary: string;
}): MethodDefinition<Name, Input, Output, Events> {
  return {
    name: def.name,
    input: def.input,
    output: def.output,
    events: (def.events ?? {}) as Events,
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

export type InputOf<M extends MethodDefinition> = z.infer<M['input']>;
export type OutputOf<M extends MethodDefinition> = z.infer<M['output']>;
export type EventsOf<M extends MethodDefinition> = {
  [K in keyof M['events']]: z.infer<M['events'][K]>;
};
