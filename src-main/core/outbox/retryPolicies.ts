// How long the outbox and the sync engine wait between attempts (the algorithm is
// src-common/backoff.ts). Full jitter: a province of kiosks coming back online must not retry in step.
import type { BackoffPolicy } from '../../../src-common/backoff';

/** Per job, after the platform refused one item but stayed reachable. */
export const JOB_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 15 * 60_000, jitter: 'full' };
/** For the whole engine while the platform is unreachable or answering 5xx: probe at least once a minute
 *  so a village kiosk resumes within a minute of its network returning. */
export const CONNECTIVITY_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, jitter: 'full' };
