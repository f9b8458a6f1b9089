// The Queue.* API adapter: the outbox as the technician's screens and scripts see it, retrying
// dead letters and pushing now.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { Outbox } from '../outbox/Outbox';
import { describeFailure } from './PlatformClient';
import type { SyncEngine } from './SyncEngine';

export function registerQueueApi(ctx: CoreContext, outbox: Outbox, engine: SyncEngine): void {
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
  ctx.router.register('Queue.Flush', async () => {
    const outcome = await engine.flushNow();
    return ok({
      outcome: outcome.kind,
      delivered: outcome.delivered,
      ...(outcome.kind === 'failed' ? { detail: describeFailure(outcome.failure) } : outcome.kind === 'storageError' ? { detail: outcome.message } : {}),
    });
  });
}
