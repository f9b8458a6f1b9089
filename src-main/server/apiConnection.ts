// One renderer connection on the loopback WebSocket, with bounded memory (design.md §7: every
// buffer a client can fill is bounded). A client that sends faster than it reads stops being
// read (backpressure: its commands wait in its own socket), and one whose unsent output still
// passes the hard cap is closed, so three stuck clients cannot grow the core by gigabytes.
import type { WebSocket } from 'ws';
import type { Logger } from '../../src-common/logging';
import type { ApiConnection, ApiRouter, ConnectionRole } from '../core/api/ApiRouter';

export interface ConnectionLimits {
  /** Unsent output past which the connection is closed: the client is not reading. */
  readonly maxBufferedBytes: number;
  /** Unsent output above which the connection's commands are no longer read until it drains. */
  readonly pauseBufferedBytes: number;
  /** Commands running at once per connection; further ones stay unread in the socket. */
  readonly maxCommandsInFlight: number;
  /** API connections open at once; further upgrades are refused with 503. */
  readonly maxConnections: number;
  /**
   * Commands started per second per connection, after a burst of `commandBurst`. The kernel
   * buffers megabytes of answers before `bufferedAmount` rises; without a rate a client that
   * reads nothing gets thousands of commands run (and the heap grown) in its first second.
   */
  readonly commandsPerSecond: number;
  readonly commandBurst: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxBufferedBytes: 8 * 1024 * 1024,
  pauseBufferedBytes: 1024 * 1024,
  maxCommandsInFlight: 32,
  maxConnections: 8,
  // A renderer sends a few commands a second (one per keystroke at most).
  commandsPerSecond: 100,
  commandBurst: 100,
};

/** Ping interval: a renderer that stops answering (or reading) is dropped and its commands aborted. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

export interface ServedConnectionOptions {
  readonly id: string;
  readonly role: ConnectionRole;
  readonly ws: WebSocket;
  readonly router: ApiRouter;
  readonly log: Logger;
  readonly limits: ConnectionLimits;
  readonly onClosed: () => void;
  readonly now?: () => number;
}

/** A token bucket: `take()` spends one if there is one; `msUntilNext()` says when the next comes. */
export class CommandBudget {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  msUntilNext(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000);
    this.refilledAt = now;
  }
}

/** Wires one accepted WebSocket to the router; returns when set up (the socket lives on). */
export function serveConnection(options: ServedConnectionOptions): void {
  const { id, ws, router, log, limits } = options;
  let alive = true;
  let inFlight = 0;
  let paused = false;
  let overrun = false;
  let closed = false;
  // Frames ws had already parsed when reading paused wait here: at most one socket read's worth.
  const waiting: string[] = [];
  const budget = new CommandBudget(limits.commandsPerSecond, limits.commandBurst, options.now);
  let refillTimer: NodeJS.Timeout | undefined;
  const mayRunNow = () => inFlight < limits.maxCommandsInFlight && !overrun && budget.take();

  const pauseReading = () => {
    if (paused) return;
    paused = true;
    ws.pause();
  };
  const resumeIfDrained = () => {
    if (closed) return;
    while (waiting.length > 0 && mayRunNow()) run(waiting.shift()!);
    if (waiting.length > 0 && !refillTimer && !overrun && inFlight < limits.maxCommandsInFlight) {
      refillTimer = setTimeout(() => {
        refillTimer = undefined;
        resumeIfDrained();
      }, budget.msUntilNext());
    }
    if (!paused || overrun || waiting.length > 0 || inFlight >= limits.maxCommandsInFlight || ws.bufferedAmount > limits.pauseBufferedBytes) return;
    paused = false;
    ws.resume();
  };
  const run = (raw: string) => {
    inFlight++;
    if (inFlight >= limits.maxCommandsInFlight) pauseReading();
    router
      .handleRaw(connection, raw)
      .catch((e: unknown) => log.error('api.handler_failed', { connection: id, error: e }))
      .finally(() => {
        inFlight--;
        resumeIfDrained();
      });
  };

  const connection: ApiConnection = {
    id,
    role: options.role,
    send: (message: unknown) => {
      if (ws.readyState !== ws.OPEN || overrun) return;
      ws.send(JSON.stringify(message), (error) => {
        if (!error) resumeIfDrained();
      });
      const buffered = ws.bufferedAmount;
      if (buffered > limits.maxBufferedBytes) {
        overrun = true;
        log.warn('api.connection_overrun', { connection: id, bufferedBytes: buffered, limitBytes: limits.maxBufferedBytes });
        ws.terminate();
      } else if (buffered > limits.pauseBufferedBytes) {
        pauseReading();
      }
    },
  };
  router.attach(connection);
  log.info('api.connected', { connection: id, role: options.role });

  ws.on('pong', () => (alive = true));
  const ping = setInterval(() => {
    if (!alive) {
      log.warn('api.heartbeat_missed', { connection: id });
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, HEARTBEAT_INTERVAL_MS);
  ping.unref();

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      connection.send({ name: '', requestId: '', type: 'completion', completionCode: 'invalidData', errorDescription: 'binary frames are not accepted', payload: null });
      return;
    }
    if (waiting.length === 0 && mayRunNow()) {
      run(data.toString());
      return;
    }
    waiting.push(data.toString());
    pauseReading();
    resumeIfDrained();
  });
  ws.on('close', () => {
    closed = true;
    clearInterval(ping);
    clearTimeout(refillTimer);
    waiting.length = 0; // never acknowledged: the client sees the close and sends them again
    router.detach(id);
    log.info('api.disconnected', { connection: id });
    options.onClosed();
  });
  ws.on('error', (e) => log.warn('api.socket_error', { connection: id, error: e }));
}
