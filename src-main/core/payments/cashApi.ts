// The Cash.* API adapter (and the demo panel's Simulator.InsertNote): a cash-in for an amount due,
// its events as notes move, and cancellation. The events carry amounts and problem codes; the
// screen makes the sentences.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { HandlerContext } from '../api/ApiRouter';
import type { CoreContext } from '../CoreContext';
import { cashInRefusalError, toCashInResult } from './cashInResult';
import type { CashInListener } from './CashInTransaction';
import type { CashService } from './CashService';
import type { CashCollection } from './cashCollection';

/** The cash-in listener that forwards each step as an API event (Cash.Start and Fee.PayCash share the events). */
export function cashInEvents(emit: HandlerContext<'Cash.Start'>['emit']): CashInListener {
  return {
    onEscrowed: (n) => emit('noteEscrowed', { valueFen: n.valueFen }),
    onStacked: (n) => emit('noteStacked', { valueFen: n.valueFen, paidFen: n.paidFen, remainingFen: n.remainingFen }),
    onRejected: (n) => emit('noteRejected', { valueFen: n.valueFen, maxAcceptableFen: n.maxAcceptableFen }),
    onDeviceProblem: (p) => emit('deviceProblem', { problem: p.problem, detail: p.detail }),
  };
}

export function registerCashApi(ctx: CoreContext, cash: CashService | undefined): void {
  ctx.router.register('Simulator.InsertNote', async (input) => {
    if (ctx.config.mode === 'production') return err(apiError('unsupportedCommand', 'productionMode', 'simulators are refused in production mode'));
    const simulator = cash?.simulator;
    if (!simulator || (input.deviceId && input.deviceId !== cash.deviceId)) return err(apiError('deviceNotReady', 'notSimulated', 'no simulated bill acceptor is configured'));
    simulator.insert(input.valueFen);
    return ok({ queued: true });
  });
  ctx.router.register('Cash.Start', async (input, call) => {
    if (!cash) return err(apiError('unsupportedCommand', 'noAcceptor', 'no bill acceptor is configured on this kiosk'));
    const started = await cash.startCashIn({
      dueFen: input.dueFen,
      timeoutMs: (input.timeoutSeconds ?? ctx.config.cash.timeoutSeconds) * 1000,
      listener: cashInEvents(call.emit),
    });
    if (!started.ok) return err(cashInRefusalError(started.error));
    const txn = started.value;
    const onAbort = () => void txn.cancel();
    call.signal.addEventListener('abort', onAbort, { once: true });
    const outcome = await txn.done;
    call.signal.removeEventListener('abort', onAbort);
    return ok(toCashInResult(outcome));
  });
  ctx.router.register('Cash.Cancel', async () => {
    const outcome = cash ? await cash.cancelActive() : undefined;
    return ok({ canceled: outcome !== undefined });
  });
}

/**
 * Cash.CollectionPreview and Cash.Collect (清机, technician-only): the collection holds the
 * acceptor's diagnostics lease while it records (the technician's own, when they hold the acceptor
 * for a session of work), so no cash-in can start meanwhile, and is refused during a cash-in or
 * while a citizen transaction uses the acceptor.
 */
export function registerCashCollectionApi(ctx: CoreContext, wired: { readonly cash: CashService; readonly collection: CashCollection } | undefined): void {
  ctx.router.register('Cash.CollectionPreview', async () => {
    if (!wired) return err(apiError('unsupportedCommand', 'noAcceptor', 'no bill acceptor is configured on this kiosk'));
    return ok(await wired.collection.preview());
  });
  ctx.router.register('Cash.Collect', async (input, call) => {
    if (!wired) return err(apiError('unsupportedCommand', 'noAcceptor', 'no bill acceptor is configured on this kiosk'));
    if (wired.cash.activeTransaction) return err(apiError('sequenceError', 'cashInRunning', 'a cash-in is in progress'));
    const supervisor = wired.cash.device.supervisor;
    const held = supervisor.currentLease?.owner === call.connection.id ? supervisor.currentLease : undefined;
    const lease = held ? ok(held) : supervisor.acquireLease(`cash collection (${call.connection.id})`);
    if (!lease.ok) return err(apiError(lease.error.code, 'leaseRefused', lease.error.description));
    try {
      const collected = await wired.collection.collect(input, lease.value);
      if (!collected.ok) return err(apiError('hardwareError', 'journalUnavailable', collected.error.message));
      return ok(collected.value);
    } finally {
      if (!held) supervisor.releaseLease(lease.value);
    }
  });
}
