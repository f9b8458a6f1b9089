// Tells waiters when a case's outbox job settles (acknowledged by the platform, or dead-lettered).
// The outbox has no acknowledgement event, so while anyone waits it re-reads the jobs' states
// at a short interval; with nobody waiting it does nothing.
import type { ApplicationSyncState } from '../../../src-common/api/applications';

/** How often waiting cases are re-read: well under the sync engine's own 20 ms batching plus an HTTP round trip. */
export const ACK_POLL_INTERVAL_MS = 100;

interface Waiter {
  readonly jobId: number;
  readonly resolve: (state: ApplicationSyncState) => void;
}

export class AcknowledgementWatcher {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stateOf: (jobId: number) => ApplicationSyncState) {}

  /**
   * Resolves with the job's state as soon as it is no longer `queued`, or with `queued` when
   * `timeoutMs` passes or `signal` aborts (the session ended, the call was canceled).
   */
  wait(jobId: number, timeoutMs: number, signal?: AbortSignal): Promise<ApplicationSyncState> {
    const now = this.stateOf(jobId);
    if (now !== 'queued' || signal?.aborted) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (state: ApplicationSyncState): void => {
        if (!this.waiters.delete(waiter)) return;
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
        if (this.waiters.size === 0) this.stopPolling();
        resolve(state);
      };
      const waiter: Waiter = { jobId, resolve: finish };
      const onAbort = (): void => finish(this.stateOf(jobId));
      const timeout = setTimeout(() => finish(this.stateOf(jobId)), timeoutMs);
      timeout.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.startPolling();
    });
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /** Resolves every waiter with its current state (shutdown). */
  dispose(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(this.stateOf(waiter.jobId));
    this.stopPolling();
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), ACK_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    for (const waiter of [...this.waiters]) {
      const state = this.stateOf(waiter.jobId);
      if (state !== 'queued') waiter.resolve(state);
    }
  }
}
