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
