// Cash-in over the in-process simulator (memory pipe): escrow decisions, journal, claims.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { CashJournal, replayTransactions } from '../../../src-main/core/payments/cashJournal';
import { CashService } from '../../../src-main/core/payments/CashService';
import { simulatedBillAcceptor } from '../../../src-main/core/payments/billAcceptorLinks';
import { fen } from '../../../src-common/domain/money';
import { until as waitUntil } from '../../support/until';

const services: CashService[] = [];

const until = (check: () => boolean, what: string, ms = 5000): Promise<void> => waitUntil(check, what, ms, 10);
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

async function setup(options: { encrypted?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cash-mem-'));
  const journal = unwrap(CashJournal.openStandalone(path.join(dir, 'j.db')));
  const { device, simulator } = simulatedBillAcceptor({ deviceId: 'cash1', log: silentLogger, pollIntervalMs: 20, ...options });
  const service = new CashService({ deviceId: 'cash1', driver: device, journal, log: silentLogger, simulator });
  services.push(service);
  await service.start();
  expect(await service.waitReady(3000)).toBe(true);
  return { service, simulator, journal };
}

describe('cash-in over the simulator', () => {
  it.each([false, true])('pays 30 yuan with 20, 20, 10 and returns the second 20 (encrypted=%s)', async (encrypted) => {
    const { service, simulator, journal } = await setup({ encrypted });
    const events: string[] = [];
    const txn = unwrap(
      await service.startCashIn({
        dueFen: 3000,
        listener: {
          onStacked: (n) => {
            // The journal already holds the note when the total is announced.
            const journaled = journal.entries().filter((e) => e.body.kind === 'noteStacked' && e.body.paidFen === n.paidFen);
            events.push(`stacked ${n.valueFen} paid ${n.paidFen} left ${n.remainingFen}${journaled.length === 1 ? '' : ' NOT JOURNALED'}`);
          },
          onRejected: (n) => events.push(`rejected ${n.valueFen} max ${n.maxAcceptableFen}`),
        },
      }),
    );
    for (const v of [2000, 2000, 1000]) simulator.insert(v);
    const outcome = await txn.done;
    expect(outcome.status).toBe('paid');
    expect(outcome.paidFen).toBe(3000);
    expect(outcome.notes).toEqual([{ valueFen: 2000 }, { valueFen: 1000 }]);
    expect(outcome.rejected).toEqual([{ valueFen: 2000 }]);
    expect(events).toEqual(['stacked 2000 paid 2000 left 1000', 'rejected 2000 max 1000', 'stacked 1000 paid 3000 left 0']);
    expect(simulator.deviceReport.stackedValueFen).toBe(3000);
    expect(journal.verify().ok).toBe(true);
    expect(replayTransactions(journal.entries()).every((t) => t.closed)).toBe(true);
  });

  it('a cancel after a stacked note files a refund claim for exactly that amount', async () => {
    const { service, simulator, journal } = await setup();
    // The note counts once its entry is journaled and the screen was told (onStacked).
    let stackedTold!: () => void;
    const stacked = new Promise<void>((resolve) => (stackedTold = resolve));
    const txn = unwrap(await service.startCashIn({ dueFen: 5000, listener: { onStacked: () => stackedTold() } }));
    simulator.insert(1000);
    await stacked;
    // The credit is journaled before the transaction counts it: cancel only once it is.
    const deadline = Date.now() + 5000;
    while (!journal.entries().some((e) => e.body.kind === 'noteStacked') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const outcome = await txn.cancel();
    expect(outcome.status).toBe('canceled');
    expect(outcome.paidFen).toBe(1000);
    expect(outcome.claim).toMatchObject({ kind: 'refund', amountFen: 1000 });
    expect(journal.entries().some((e) => e.body.kind === 'claimCreated' && e.body.amountFen === 1000)).toBe(true);
  });

  it('a note of an unknown value is rejected by the unit and never counted', async () => {
    const { service, simulator } = await setup();
    const txn = unwrap(await service.startCashIn({ dueFen: 1000 }));
    simulator.insert(200);
    // The unit hands it back by itself (no channel for 2 yuan); then the citizen gives up.
    await until(() => simulator.deviceReport.rejected === 1, 'the unknown note returned');
    const outcome = await txn.cancel();
    expect(outcome.status).toBe('canceled');
    expect(outcome.paidFen).toBe(0);
    expect(outcome.claim).toBeUndefined();
    expect(simulator.deviceReport).toMatchObject({ stacked: 0, rejected: 1 });
  });

  it('the journal refuses UPDATE and DELETE', async () => {
    const { journal } = await setup();
    unwrap(journal.append('t1', { kind: 'txnStarted', dueFen: fen(1), deviceId: 'x', stackedCounterAtStart: 0 }));
    expect(() => journal.db.prepare('DELETE FROM cash_journal').run()).toThrow(/append-only/);
    expect(() => journal.db.prepare("UPDATE cash_journal SET body = '{}'").run()).toThrow(/append-only/);
  });
});
