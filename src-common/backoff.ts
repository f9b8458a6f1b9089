// Exponential backoff with full jitter (AWS architecture blog "Exponential Backoff And Jitter"):
// delay = random(0, min(cap, base * 2^attempt)). Pure; the random source is injectable for tests.

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** Lower bound so a zero draw does not spin. */
  readonly floorMs?: number;
}

export function fullJitterDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.max(policy.floorMs ?? 0, Math.round(random() * ceiling));
}

/**
 * Restart policy for supervised processes (the core under a shell): restart quickly after a
 * crash, back off when crashes repeat, and reset once the process has stayed up long enough.
 */
export interface RestartPolicy extends BackoffPolicy {
  /** A run at least this long counts as healthy and resets the attempt counter. */
  readonly healthyAfterMs: number;
}

export const CORE_RESTART_POLICY: RestartPolicy = { baseMs: 200, capMs: 10_000, floorMs: 100, healthyAfterMs: 30_000 };

export function nextRestart(policy: RestartPolicy, attempt: number, uptimeMs: number, random: () => number = Math.random): { delayMs: number; attempt: number } {
  const effectiveAttempt = uptimeMs >= policy.healthyAfterMs ? 0 : attempt;
  return { delayMs: fullJitterDelay(policy, effectiveAttempt, random), attempt: effectiveAttempt + 1 };
}
