// Drains the outbox to the platform (design.md §6): batches in per-stream order, per-item results,
// whole-engine backoff with full jitter while the platform is unreachable or failing (honouring
// Retry-After), and an immediate flush when it is reachable again. The clock and timers are
// injectable so a day of outage can be simulated in milliseconds.
import type { Logger } from '../../../src-common/logging';
import { retryDelayMs } from '../../../src-common/backoff';
import type { Disposable } from '../../../src-common/event';
import { CONNECTIVITY_BACKOFF } from '../outbox/retryPolicies';
import type { Outbox } from '../outbox/Outbox';
import { systemClock, type Clock } from '../outbox/outboxTypes';
import { describeFailure, type PlatformClient, type PlatformFailure } from './PlatformClient';
import { serviceId } from '../composition/serviceId';

/** After an enqueue, wait this long so a burst of records leaves in one batch. */
export const ENQUEUE_COALESCE_MS = 20;
/** Longest sleep while idle with no due job: a safety net in case a wake-up was missed. */
export const IDLE_RECHECK_MS = 60_000;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What one drain achieved. */
export type DrainOutcome =
  // nothing due (or everything due was delivered)
  | { readonly kind: 'drained'; readonly delivered: number; readonly deadLettered: number }
  // stopped by a platform failure; the next attempt is scheduled
  | { readonly kind: 'failed'; readonly delivered: number; readonly failure: PlatformFailure; readonly retryInMs: number }
  // storage refused (disk full): retried at the connectivity pace
  | { readonly kind: 'storageError'; readonly delivered: number; readonly message: string };

export interface SyncEngineOptions {
  readonly outbox: Outbox;
  readonly client: PlatformClient;
  readonly log: Logger;
  readonly batchSize: number;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly random?: () => number;
  /** Called when reachability changes (the capability gate's platformOnline). */
  readonly onOnlineChange?: (online: boolean) => void;
  /** Called with each batch of new dead letters (alerts). */
  readonly onDeadLetters?: (dead: ReturnType<Outbox['deadLetters']>) => void;
}

export class SyncEngine {
  private readonly options: SyncEngineOptions;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private online: boolean | undefined;
  private consecutiveFailures = 0;
  /** What the last failure was; `unreachable` makes the next drain probe first. */
  private lastFailure: PlatformFailure['kind'] | undefined;
  /** The last failure as a code for the technician's screen (`unreachable`, `http.503`…); cleared by a success. */
  private lastFailureCode: string | undefined;
  private backoffUntil = 0;
  private timer: unknown;
  private running: Promise<DrainOutcome> | undefined;
  private again = false;
  private stopped = true;
  /** Set by stop(): a drain in progress ends after its current batch. */
  private disposed = false;
  private queuedWorkSubscription: Disposable | undefined;

  constructor(options: SyncEngineOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? realTimers;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.options.outbox.recoverInFlight();
    this.queuedWorkSubscription = this.options.outbox.onDidQueueWork(() => this.kick(ENQUEUE_COALESCE_MS));
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.disposed = true;
    this.queuedWorkSubscription?.dispose();
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  get isOnline(): boolean {
    return this.online === true;
  }

  /** When the next attempt may run (ms since epoch); 0 when not backing off. */
  get nextAttemptAt(): number {
    return this.backoffUntil;
  }

  /** The last sync failure's code, undefined after a success. */
  get lastErrorCode(): string | undefined {
    return this.lastFailureCode;
  }

  get failures(): number {
    return this.consecutiveFailures;
  }

  /**
   * The platform was seen reachable by another path (a heartbeat answered): end the backoff
   * and flush now, so a returning network drains the queue at once.
   */
  notifyReachable(): void {
    this.setOnline(true);
    if (this.backoffUntil !== 0 || this.consecutiveFailures > 0) {
      this.backoffUntil = 0;
      this.consecutiveFailures = 0;
      this.lastFailure = undefined;
      this.kick(0);
    }
  }

  notifyUnreachable(): void {
    this.setOnline(false);
  }

  /** Technician or remote command: push now, ignoring the engine's backoff. */
  flushNow(): Promise<DrainOutcome> {
    this.backoffUntil = 0;
    return this.drain();
  }

  /** Asks for a drain soon, unless the engine is backing off from a failure. */
  private kick(delayMs: number): void {
    if (this.stopped) return;
    if (this.backoffUntil > this.clock.now()) return;
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.drain().then(() => this.scheduleAfterDrain());
    }, Math.max(0, delayMs));
  }

  private scheduleAfterDrain(): void {
    if (this.stopped || this.timer !== undefined) return;
    const now = this.clock.now();
    if (this.backoffUntil > now) return this.schedule(this.backoffUntil - now);
    const due = this.options.outbox.nextDueAt();
    this.schedule(due === undefined ? IDLE_RECHECK_MS : Math.min(IDLE_RECHECK_MS, Math.max(0, due - now)));
  }

  /** Pushes batches until nothing is due or the platform fails. One drain at a time. */
  drain(): Promise<DrainOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let outcome: DrainOutcome;
      do {
        this.again = false;
        outcome = await this.drainOnce();
      } while (this.again && outcome.kind === 'drained' && !this.disposed);
      return outcome;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drainOnce(): Promise<DrainOutcome> {
    const { outbox, client, batchSize, log } = this.options;
    let delivered = 0;
    let deadLettered = 0;
    // While the network is gone, probe before taking a batch: a village kiosk offline for a day
    // would otherwise rewrite its whole queue every minute (flash wear) to learn nothing.
    if (this.lastFailure === 'unreachable') {
      const due = outbox.nextDueAt();
      if (due === undefined || due > this.clock.now()) return { kind: 'drained', delivered: 0, deadLettered: 0 };
      const probe = await client.probe();
      if (!probe.ok) return this.platformFailure(0, probe.error);
    }
    for (;;) {
      if (this.disposed) break;
      const taken = outbox.takeBatch(batchSize);
      if (!taken.ok) return this.storageFailure(delivered, taken.error.message);
      if (taken.value.length === 0) break;
      const answer = await client.pushEvents(taken.value.map((t) => t.event));
      if (!answer.ok) {
        const released = outbox.releaseInFlight(describeFailure(answer.error));
        if (!released.ok) return this.storageFailure(delivered, released.error.message);
        return this.platformFailure(delivered, answer.error);
      }
      const recorded = outbox.recordResults(taken.value, answer.value.results);
      if (!recorded.ok) return this.storageFailure(delivered, recorded.error.message);
      const accepted = answer.value.results.filter((r) => r.status !== 'rejected').length;
      delivered += accepted;
      deadLettered += recorded.value.length;
      if (recorded.value.length > 0) this.options.onDeadLetters?.(recorded.value);
      outbox.markSynced();
      this.consecutiveFailures = 0;
      this.lastFailure = undefined;
      this.lastFailureCode = undefined;
      this.backoffUntil = 0;
      this.setOnline(true);
      // A batch where nothing moved (all retryable rejections) must not spin: the jobs now wait.
      if (accepted === 0 && recorded.value.length === 0) break;
    }
    if (delivered > 0) log.info('sync.drained', { delivered, deadLettered });
    return { kind: 'drained', delivered, deadLettered };
  }

  private platformFailure(delivered: number, failure: PlatformFailure): DrainOutcome {
    this.consecutiveFailures++;
    this.lastFailure = failure.kind;
    this.lastFailureCode = failure.kind === 'http' ? `http.${failure.status}` : failure.kind;
    const retryAfterMs = failure.kind === 'http' ? failure.retryAfterMs : undefined;
    const retryInMs = retryDelayMs(CONNECTIVITY_BACKOFF, this.consecutiveFailures, retryAfterMs, this.options.random);
    this.backoffUntil = this.clock.now() + retryInMs;
    // An HTTP answer (even 5xx) means the network works, but the platform cannot take records.
    this.setOnline(failure.kind === 'http' && failure.status < 500);
    const level = this.consecutiveFailures === 1 ? 'warn' : 'debug';
    this.options.log[level]('sync.push_failed', { failure: describeFailure(failure), failures: this.consecutiveFailures, retryInMs });
    return { kind: 'failed', delivered, failure, retryInMs };
  }

  private storageFailure(delivered: number, message: string): DrainOutcome {
    this.consecutiveFailures++;
    this.backoffUntil = this.clock.now() + retryDelayMs(CONNECTIVITY_BACKOFF, this.consecutiveFailures, undefined, this.options.random);
    this.options.log.error('sync.storage_failed', { message });
    return { kind: 'storageError', delivered, message };
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.options.log.info(online ? 'sync.platform_online' : 'sync.platform_offline');
    this.options.onOnlineChange?.(online);
  }
}

/** The outbox's sync engine (sync module): online state, push now. */
export const SyncEngineId = serviceId<SyncEngine>('syncEngine');
