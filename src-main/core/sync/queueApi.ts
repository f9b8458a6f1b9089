// The Queue.* API adapter: the outbox as the technician's screens and scripts see it, retrying
// dead letters and pushing now; and the technician's dead-letter list (never a payload) and
// network detail (a fresh round trip to the platform, the last error code).
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { KioskIdentity } from '../identity/KioskIdentity';
import type { Outbox } from '../outbox/Outbox';
import { describeFailure, type PlatformClient } from './PlatformClient';
import type { SyncEngine } from './SyncEngine';

/**
 * A dead letter's reason as a code: the platform's rejections and the local ones start with one
 * (`outOfOrder: …`, `local: …`); the rest of the text can quote a record and stays off the screen.
 */
export function deadLetterCode(reason: string | null): string | null {
  if (reason === null) return null;
  const head = /^([A-Za-z][\w.-]{0,39})(?::|$)/.exec(reason.trim());
  return head ? head[1]! : 'rejected';
}

export interface QueueApiDeps {
  readonly outbox: Outbox;
  readonly engine: SyncEngine;
  readonly platform?: PlatformClient;
  readonly identity?: KioskIdentity;
}

export function registerQueueApi(ctx: CoreContext, { outbox, engine, platform, identity }: QueueApiDeps): void {
  ctx.router.register('Queue.Status', async () => {
    const s = outbox.status();
    return ok({
      pending: s.pending,
      inFlight: s.inFlight,
      deadLetter: s.deadLetter,
      acknowledged: s.acknowledged,
      oldestPendingAgeSeconds: s.oldestPendingAgeSeconds,
      lastSyncAt: s.lastSyncAt,
      platformOnline: engine.isOnline,
      nextAttemptAt: engine.nextAttemptAt > Date.now() ? new Date(engine.nextAttemptAt).toISOString() : null,
      refusingNewWork: s.refusingNewWork,
    });
  });
  ctx.router.register('Queue.RetryDead', async () => {
    const revived = outbox.retryDeadLetters();
    return revived.ok ? ok({ revived: revived.value }) : err(apiError('hardwareError', 'storageError', revived.error.message));
  });
  ctx.router.register('Technician.DeadLetters', async (input) => {
    const now = Date.now();
    const rows = outbox.deadLetterDetails(input.limit);
    return ok({
      total: outbox.status().deadLetter,
      deadLetters: rows.map((r) => ({
        id: r.jobId,
        kind: r.kind,
        streamKey: r.streamKey,
        attempts: r.attempts,
        lastErrorCode: deadLetterCode(r.reason),
        createdAt: r.createdAt,
        ageSeconds: Math.max(0, Math.round((now - Date.parse(r.createdAt)) / 1000)),
      })),
    });
  });
  ctx.router.register('Technician.RetryDeadLetter', async (input) => {
    const revived = outbox.retryDeadLetter(input.id);
    return revived.ok ? ok({ revived: revived.value }) : err(apiError('hardwareError', 'storageError', revived.error.message));
  });
  ctx.router.register('Technician.Network', async () => {
    const s = outbox.status();
    let roundTripMs: number | null = null;
    let probeCode: string | undefined;
    if (platform?.provisioned) {
      const began = performance.now();
      const probed = await platform.probe();
      if (probed.ok) roundTripMs = Math.round((performance.now() - began) * 10) / 10;
      else probeCode = probed.error.kind === 'http' ? `http.${probed.error.status}` : probed.error.kind;
    }
    return ok({
      platformUrl: identity?.registration()?.platformUrl ?? null,
      platformOnline: roundTripMs !== null || engine.isOnline,
      lastSyncAt: s.lastSyncAt,
      lastErrorCode: engine.lastErrorCode ?? probeCode ?? null,
      roundTripMs,
      pending: s.pending + s.inFlight,
      deadLetter: s.deadLetter,
      nextAttemptAt: engine.nextAttemptAt > Date.now() ? new Date(engine.nextAttemptAt).toISOString() : null,
    });
  });
  ctx.router.register('Queue.Flush', async () => {
    const outcome = await engine.flushNow();
    return ok({
      outcome: outcome.kind,
      delivered: outcome.delivered,
      ...(outcome.kind === 'failed' ? { detail: describeFailure(outcome.failure) } : outcome.kind === 'storageError' ? { detail: outcome.message } : {}),
    });
  });
}
