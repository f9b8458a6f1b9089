// Dispatches API commands to handlers: validates every input against its schema, runs the
// handler with a cancellation signal, validates the output, and answers with one completion.
// A malformed message is answered with `invalidData`; a handler that throws is a bug, logged
// and answered with `internalError`; nothing a client sends can crash the core.
import { methods, type MethodName, type Methods, type UnsolicitedName, type UnsolicitedEvents } from '../../../src-common/api';
import { Envelope, MAX_MESSAGE_BYTES, type ApiError, type CompletionMessage, type MethodError } from '../../../src-common/api/envelope';
import type { ErrorCodeOf, EventsOf, OutputOf, ParsedInputOf } from '../../../src-common/api/contract';
import { Emitter } from '../../../src-common/event';
import type { Logger } from '../../../src-common/logging';
import type { Result } from '../../../src-common/result';
import type { z } from 'zod';

/**
 * Who is at the other end: the renderer (the launch token, from an allowed Origin), or a
 * technician's tool on the control channel (the per-start credential in the control endpoint file,
 * limited to CONTROL_CHANNEL_METHODS).
 */
export type ConnectionRole = 'renderer' | 'technician';

export interface ApiConnection {
  readonly id: string;
  /** Absent = renderer (in-memory test sockets, the renderer's WebSocket). */
  readonly role?: ConnectionRole;
  send(message: unknown): void;
}

export interface HandlerContext<M extends MethodName> {
  readonly connection: ApiConnection;
  readonly requestId: string;
  /** Aborted by Common.Cancel, by the connection closing, or by the session ending. */
  readonly signal: AbortSignal;
  emit<E extends keyof EventsOf<Methods[M]> & string>(event: E, payload: EventsOf<Methods[M]>[E]): void;
}

/** A method's handler: its output, or one of the error codes the method declares. */
export type Handler<M extends MethodName> = (
  input: ParsedInputOf<Methods[M]>,
  ctx: HandlerContext<M>,
) => Promise<Result<OutputOf<Methods[M]>, MethodError<ErrorCodeOf<Methods[M]>>>>;

/**
 * Guards checked before a handler runs (the session requirement lives in the session service). A
 * refusal carries one of the method's declared error codes, or none for an API-layer refusal.
 */
export type Guard = (name: MethodName, connection: ApiConnection) => ApiError | undefined;

/** A command's life as observers see it (the session's activity rule is one observer). */
export interface CommandProgress {
  readonly phase: 'started' | 'event' | 'finished';
  readonly name: MethodName;
  readonly connectionId: string;
  readonly requestId: string;
}
export type CommandObserver = (progress: CommandProgress) => void;

export class ApiRouter {
  private readonly handlers = new Map<string, (input: unknown, ctx: HandlerContext<MethodName>) => Promise<Result<unknown, ApiError>>>();
  private readonly running = new Map<string, Map<string, AbortController>>();
  private readonly connections = new Map<string, ApiConnection>();
  private readonly guards: Guard[] = [];
  private readonly observers: CommandObserver[] = [];
  private readonly detached = new Emitter<string>({ onListenerError: (error) => this.log.error('api.detach_listener_threw', { error }) });
  /** Fires with the connection id after a connection is gone (what it held must be given back). */
  readonly onDidDetach = this.detached.event;

  constructor(private readonly log: Logger) {
    this.register('Common.Cancel', async (input, ctx) => {
      const mine = this.running.get(ctx.connection.id);
      const canceled: string[] = [];
      for (const id of input.requestIds) {
        const controller = mine?.get(id);
        if (controller) {
          controller.abort();
          canceled.push(id);
        }
      }
      return { ok: true, value: { canceled } };
    });
  }

  register<M extends MethodName>(name: M, handler: Handler<M>): void {
    if (this.handlers.has(name)) throw new Error(`handler for ${name} registered twice`);
    this.handlers.set(name, handler as unknown as (input: unknown, ctx: HandlerContext<MethodName>) => Promise<Result<unknown, ApiError>>);
  }

  addGuard(guard: Guard): void {
    this.guards.push(guard);
  }

  /** Tells `observer` when each accepted command starts, emits an event, and finishes. */
  observe(observer: CommandObserver): void {
    this.observers.push(observer);
  }

  private notify(progress: CommandProgress): void {
    for (const observer of this.observers) {
      try {
        observer(progress);
      } catch (e) {
        this.log.error('api.observer_threw', { method: progress.name, error: e });
      }
    }
  }

  attach(connection: ApiConnection): void {
    this.connections.set(connection.id, connection);
    this.running.set(connection.id, new Map());
  }

  /** Aborts the connection's running commands and forgets it. */
  detach(connectionId: string): void {
    for (const controller of this.running.get(connectionId)?.values() ?? []) controller.abort();
    this.running.delete(connectionId);
    const known = this.connections.delete(connectionId);
    if (known) this.detached.fire(connectionId);
  }

  /** Aborts every running command of every connection (session end, shutdown). */
  abortAll(): void {
    for (const map of this.running.values()) for (const c of map.values()) c.abort();
  }

  /** Pushes an unsolicited event to one connection, or to all when `connectionId` is absent. */
  broadcast<N extends UnsolicitedName>(name: N, payload: z.infer<UnsolicitedEvents[N]['payload']>, connectionId?: string): void {
    const message = { name, requestId: '', type: 'unsolicited', payload };
    for (const connection of this.connections.values()) {
      if (connectionId === undefined || connection.id === connectionId) safeSend(connection, message);
    }
  }

  /** Handles one raw message from a transport. Never throws. */
  async handleRaw(connection: ApiConnection, raw: string): Promise<void> {
    if (raw.length > MAX_MESSAGE_BYTES) {
      safeSend(connection, completion('', '', 'invalidData', `message of ${raw.length} bytes exceeds ${MAX_MESSAGE_BYTES}`));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      safeSend(connection, completion('', '', 'invalidData', 'message is not valid JSON'));
      return;
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success || envelope.data.type !== 'command') {
      const name = typeof (json as { name?: unknown })?.name === 'string' ? String((json as { name: string }).name).slice(0, 100) : '';
      const requestId = typeof (json as { requestId?: unknown })?.requestId === 'string' ? String((json as { requestId: string }).requestId).slice(0, 100) : '';
      safeSend(connection, completion(name, requestId, 'invalidData', envelope.success ? 'only commands may be sent to the core' : `malformed envelope: ${envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
      return;
    }
    await this.dispatch(connection, envelope.data.name, envelope.data.requestId, envelope.data.payload);
  }

  async dispatch(connection: ApiConnection, name: string, requestId: string, payload: unknown): Promise<void> {
    const definition = (methods as Record<string, Methods[MethodName]>)[name];
    const handler = this.handlers.get(name);
    if (!definition || !handler) {
      safeSend(connection, completion(name, requestId, definition ? 'unsupportedCommand' : 'invalidCommand', definition ? `${name} is not available on this kiosk` : `unknown method ${name}`));
      return;
    }
    const running = this.running.get(connection.id);
    if (!running) return; // detached meanwhile
    if (running.has(requestId)) {
      safeSend(connection, completion(name, requestId, 'sequenceError', `requestId ${requestId} is already running`));
      return;
    }
    const input = definition.input.safeParse(payload ?? {});
    if (!input.success) {
      safeSend(connection, completion(name, requestId, 'invalidData', input.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')));
      return;
    }
    for (const guard of this.guards) {
      const refused = guard(name as MethodName, connection);
      if (refused) {
        // A guard may refuse with one of the method's declared codes (Session.Start out of hours).
        const declared = refused.errorCode !== undefined && (definition.errors as readonly string[]).includes(refused.errorCode);
        if (refused.errorCode !== undefined && !declared) this.log.error('api.undeclared_error_code', { method: name, errorCode: refused.errorCode });
        safeSend(connection, completion(name, requestId, refused.code, refused.description, undefined, declared ? refused.errorCode : undefined, declared ? refused.params : undefined));
        return;
      }
    }
    const controller = new AbortController();
    running.set(requestId, controller);
    safeSend(connection, { name, requestId, type: 'ack' });
    const progress = (phase: CommandProgress['phase']) => this.notify({ phase, name: name as MethodName, connectionId: connection.id, requestId });
    progress('started');
    const ctx: HandlerContext<MethodName> = {
      connection,
      requestId,
      signal: controller.signal,
      emit: (event, eventPayload) => {
        if (controller.signal.aborted) return;
        safeSend(connection, { name, requestId, type: 'event', event, payload: eventPayload });
        progress('event');
      },
    };
    try {
      const result = await handler(input.data, ctx);
      if (result.ok) {
        const output = definition.output.safeParse(result.value);
        if (!output.success) {
          this.log.error('api.output_invalid', { method: name, issues: output.error.issues.map((i) => i.path.join('.')) });
          safeSend(connection, completion(name, requestId, 'internalError', `output of ${name} failed its schema`));
        } else {
          safeSend(connection, completion(name, requestId, 'success', undefined, output.data));
        }
      } else {
        const { errorCode, params } = result.error;
        if (errorCode !== undefined && !(definition.errors as readonly string[]).includes(errorCode)) {
          this.log.error('api.undeclared_error_code', { method: name, errorCode });
          safeSend(connection, completion(name, requestId, result.error.code, result.error.description));
        } else {
          safeSend(connection, completion(name, requestId, result.error.code, result.error.description, undefined, errorCode, params));
        }
      }
    } catch (e) {
      this.log.error('api.handler_threw', { method: name, error: e });
      safeSend(connection, completion(name, requestId, 'internalError', `${name} failed unexpectedly; see core.log`));
    } finally {
      running.delete(requestId);
      progress('finished');
    }
  }
}

function completion(name: string, requestId: string, code: CompletionMessage['completionCode'], description?: string, payload?: unknown, errorCode?: string, errorParams?: Readonly<Record<string, number>>): CompletionMessage {
  return {
    name,
    requestId,
    type: 'completion',
    completionCode: code,
    ...(errorCode ? { errorCode } : {}),
    ...(errorParams ? { errorParams: { ...errorParams } } : {}),
    ...(description ? { errorDescription: description } : {}),
    payload: payload ?? null,
  };
}

function safeSend(connection: ApiConnection, message: unknown): void {
  try {
    connection.send(message);
  } catch {
    // The transport is gone; the connection's close handler detaches it.
  }
}
