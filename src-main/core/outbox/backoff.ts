// Retry timing: exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
// and Jitter"), never sooner than the platform's `Retry-After`. Pure; randomness is injected.

export interface BackoffPolicy {
  /** Delay ceiling of the first retry. */
  readonly baseMs: number;
  /** Largest delay ever chosen, however many failures came before. */
  readonly capMs: number;
}

/** Per job, after the platform refused one item but stayed reachable. */
export const JOB_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 15 * 60_000 };
/** For the whole engine while the platform is unreachable or answering 5xx: probe at least once a minute
 *  so a village kiosk resumes within a minute of its network returning. */
export const CONNECTIVITY_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };
/** Honour at most this long a `Retry-After`, so a misconfigured platform cannot park a kiosk for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Delay before retry number `failures` (1 = first retry): uniform in [0, min(cap, base·2^(failures-1))]. */
export function fullJitterDelayMs(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** The delay to wait: the jittered backoff, but never less than what the platform asked for. */
export function retryDelayMs(policy: BackoffPolicy, failures: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const jittered = fullJitterDelayMs(policy, failures, random);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Parses an HTTP `Retry-After` (delta-seconds or HTTP-date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
