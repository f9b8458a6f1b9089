// The one backoff module: exponential delays, with full jitter where many clients could retry in
// step (AWS Architecture Blog, "Exponential Backoff And Jitter"), never sooner than a server's
// `Retry-After`. Used by the outbox and sync engine, the shells' core restarts, the renderer's
// reconnect and the device supervisor. Pure; the random source is injectable for tests.

export interface BackoffPolicy {
  /** Delay (or, with full jitter, its ceiling) before the first retry. */
  readonly baseMs: number;
  /** Largest delay ever chosen, however many failures came before. */
  readonly capMs: number;
  /** Lower bound, so a zero draw does not spin. */
  readonly floorMs?: number;
  /**
   * `full`: uniform in [0, ceiling] — spreads a fleet of kiosks (or a hall of screens) hitting one
   * server. `none`: exactly the ceiling — for one local device, where a predictable retry
   * schedule is worth more than spreading.
   */
  readonly jitter: 'full' | 'none';
}

/** Honour at most this long a `Retry-After`, so a misconfigured platform cannot park a kiosk for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Delay before retry number `failures` (1 = first retry): ceiling = min(cap, base·2^(failures−1)). */
export function backoffDelayMs(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const delay = policy.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
  return Math.max(policy.floorMs ?? 0, delay);
}

/** The delay to wait: the backoff, but never less than what the server asked for (capped). */
export function retryDelayMs(policy: BackoffPolicy, failures: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const delay = backoffDelayMs(policy, failures, random);
  return retryAfterMs === undefined ? delay : Math.max(delay, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Parses an HTTP `Retry-After` (delta-seconds or HTTP-date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Counts consecutive failures of one activity and gives the delay before its next attempt. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Records one more failure and returns how long to wait before trying again. */
  nextDelayMs(): number {
    this.failures++;
    return backoffDelayMs(this.policy, this.failures, this.random);
  }

  /** The activity succeeded: the next failure starts from the base delay again. */
  reset(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}

/**
 * Restart policy for supervised processes (the core under a shell): restart quickly after a
 * crash, back off when crashes repeat, and reset once the process has stayed up long enough.
 */
export interface RestartPolicy extends BackoffPolicy {
  /** A run at least this long counts as healthy and resets the attempt counter. */
  readonly healthyAfterMs: number;
}

export const CORE_RESTART_POLICY: RestartPolicy = { baseMs: 200, capMs: 10_000, floorMs: 100, jitter: 'full', healthyAfterMs: 30_000 };

/** `attempt` = restarts so far in this crash streak (0 for the first); returns the delay and the next attempt. */
export function nextRestart(policy: RestartPolicy, attempt: number, uptimeMs: number, random: () => number = Math.random): { delayMs: number; attempt: number } {
  const effectiveAttempt = uptimeMs >= policy.healthyAfterMs ? 0 : attempt;
  return { delayMs: backoffDelayMs(policy, effectiveAttempt + 1, random), attempt: effectiveAttempt + 1 };
}
