// The API client the renderer (and the CLI, and tests) use. It speaks the envelope over any
// socket with the WebSocket shape, reconnects with backoff after the core goes away, and
// re-issues subscriptions (long-running commands marked `resubscribe`) once it is back.
import type { z } from 'zod';
import { backoffDelayMs } from '../backoff';
import type { Result } from '../result';
import { parseEnvelope, type ApiError, type CompletionMessage } from './envelope';
import type { ErrorCodeOf, EventOf, InputOf, OutputOf } from './contract';
import type { MethodName, Methods, UnsolicitedEvents, UnsolicitedName } from './index';

/** The subset of the DOM WebSocket the client needs; `ws` and in-memory sockets provide it too. */
export interface ClientSocket {
  send(data: string): void;
  close(): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = () => ClientSocket;
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ApiClientOptions {
  /** First reconnect delay; doubles up to `maxDelayMs`, with full jitter. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
}

/** One intermediate event of method M: `switch (e.event)` narrows `e.payload`. */
export type ApiEvent<M extends MethodName> = EventOf<Methods[M]>;

/** How a call of method M can fail: `errorCode` is one the method declares, absent for API-layer failures. */
export type CallError<M extends MethodName> = ApiError<ErrorCodeOf<Methods[M]>>;

export interface CallOptions<M extends MethodName> {
  readonly onEvent?: (event: ApiEvent<M>) => void;
  readonly signal?: AbortSignal;
}

/** An event as it comes off the wire, before the caller's method types it. */
interface RawEvent {
  readonly event: string;
  readonly payload: unknown;
}

interface Pending {
  readonly name: string;
  readonly resolve: (r: Result<unknown, ApiError>) => void;
  readonly onEvent?: (event: RawEvent) => void;
}

interface Subscription {
  readonly name: MethodName;
  readonly input: unknown;
  readonly onEvent: (event: RawEvent) => void;
  requestId: string;
  active: boolean;
}

export class ApiClient {
  private socket: ClientSocket | undefined;
  private state: ConnectionState = 'connecting';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly unsolicitedListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly openWaiters: Array<() => void> = [];

  constructor(private readonly factory: SocketFactory, private readonly options: ApiClientOptions = {}) {
    this.connect();
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  on<N extends UnsolicitedName>(name: N, listener: (payload: z.infer<UnsolicitedEvents[N]['payload']>) => void): () => void {
    let set = this.unsolicitedListeners.get(name);
    if (!set) this.unsolicitedListeners.set(name, (set = new Set()));
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  /** Resolves once the socket is open (immediately if it is). */
  whenOpen(): Promise<void> {
    return this.state === 'open' ? Promise.resolve() : new Promise((resolve) => this.openWaiters.push(resolve));
  }

  /** Sends one command and resolves with its completion. Never rejects. */
  async call<M extends MethodName>(name: M, input: InputOf<Methods[M]>, options: CallOptions<M> = {}): Promise<Result<OutputOf<Methods[M]>, CallError<M>>> {
    if (this.state === 'closed') return { ok: false, error: { code: 'canceled', description: 'client closed' } };
    await this.whenOpen();
    const requestId = `r${this.nextId++}`;
    return new Promise((resolve) => {
      this.pending.set(requestId, {
        name,
        resolve: resolve as (r: Result<unknown, ApiError>) => void,
        // The core validated each event against the method's schema before sending it.
        ...(options.onEvent ? { onEvent: options.onEvent as (event: RawEvent) => void } : {}),
      });
      if (options.signal) {
        if (options.signal.aborted) this.cancel(requestId);
        else options.signal.addEventListener('abort', () => this.cancel(requestId), { once: true });
      }
      this.sendRaw({ name, requestId, type: 'command', payload: input });
    });
  }

  /**
   * Starts a long-running command whose events matter for as long as the caller wants them
   * (`Scanner.Scans`); it is re-issued after every reconnect. Returns the unsubscribe function.
   */
  subscribe<M extends MethodName>(name: M, input: InputOf<Methods[M]>, onEvent: (event: ApiEvent<M>) => void): () => void {
    const sub: Subscription = { name, input, onEvent: onEvent as (event: RawEvent) => void, requestId: '', active: true };
    this.subscriptions.add(sub);
    this.startSubscription(sub);
    return () => {
      sub.active = false;
      this.subscriptions.delete(sub);
      if (sub.requestId) this.cancel(sub.requestId);
    };
  }

  close(): void {
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    this.socket?.close();
    this.failPending('client closed');
    this.emitState();
  }

  private startSubscription(sub: Subscription): void {
    void (async () => {
      await this.whenOpen();
      if (!sub.active) return;
      const requestId = `s${this.nextId++}`;
      sub.requestId = requestId;
      this.pending.set(requestId, {
        name: sub.name,
        resolve: () => {
          // A subscription that ends (server restart, cancel) is re-issued on the next open.
        },
        onEvent: sub.onEvent,
      });
      this.sendRaw({ name: sub.name, requestId, type: 'command', payload: sub.input });
    })();
  }

  private cancel(requestId: string): void {
    if (this.state === 'open') this.sendRaw({ name: 'Common.Cancel', requestId: `c${this.nextId++}`, type: 'command', payload: { requestIds: [requestId] } });
  }

  private sendRaw(message: unknown): void {
    try {
      this.socket?.send(JSON.stringify(message));
    } catch {
      // The close handler fails pending calls.
    }
  }

  private connect(): void {
    let socket: ClientSocket;
    try {
      socket = this.factory();
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.state = 'open';
      this.emitState();
      for (const waiter of this.openWaiters.splice(0)) waiter();
      for (const sub of this.subscriptions) if (sub.active) this.startSubscription(sub);
    };
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.failPending('connection to the core lost');
      if (this.state !== 'closed') this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.state = 'reconnecting';
    this.emitState();
    const policy = { baseMs: this.options.initialDelayMs ?? 250, capMs: this.options.maxDelayMs ?? 4000, floorMs: 50, jitter: 'full' } as const;
    const delay = backoffDelayMs(policy, ++this.attempt, this.options.random);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private failPending(description: string): void {
    const subscriptionIds = new Set([...this.subscriptions].map((s) => s.requestId));
    for (const [id, p] of this.pending) {
      if (!subscriptionIds.has(id)) p.resolve({ ok: false, error: { code: 'canceled', description } });
    }
    this.pending.clear();
  }

  private onMessage(data: unknown): void {
    const parsed = parseEnvelope(data);
    if (!parsed) return;
    switch (parsed.type) {
      case 'unsolicited':
        for (const l of this.unsolicitedListeners.get(parsed.name) ?? []) l(parsed.payload);
        return;
      case 'event':
        this.pending.get(parsed.requestId)?.onEvent?.({ event: parsed.event, payload: parsed.payload });
        return;
      case 'completion': {
        const p = this.pending.get(parsed.requestId);
        if (!p) return;
        this.pending.delete(parsed.requestId);
        p.resolve(parsed.completionCode === 'success' ? { ok: true, value: parsed.payload } : { ok: false, error: failureOf(parsed) });
        return;
      }
      case 'ack':
      case 'command':
        return;
    }
  }

  private emitState(): void {
    for (const l of this.stateListeners) l(this.state);
  }
}

/**
 * A failed completion as a value. The core only sends error codes its method declares (the router
 * checks); the renderer's sentence table falls back to the completion code for one it does not know.
 */
function failureOf(completion: CompletionMessage): ApiError {
  const code = completion.completionCode === 'success' ? 'internalError' : completion.completionCode;
  const errorCode = completion.errorCode;
  return {
    code,
    ...(errorCode ? { errorCode } : {}),
    ...(errorCode && completion.errorParams ? { params: completion.errorParams } : {}),
    description: completion.errorDescription ?? code,
  };
}
