// The payments module through the API router: Cash.Start with events and completion, the session
// requirement, Simulator.InsertNote, and the journal/claim in the kiosk database with its outbox job.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { cashModule } from '../../../src-main/core/payments/cashModule';
import type { ApiConnection } from '../../../src-main/core/api/ApiRouter';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';
import { CashServiceId } from '../../../src-main/core/payments/CashService';
import { until as waitUntil } from '../../support/until';

const cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

interface Message { name: string; requestId: string; type: string; event?: string; payload?: unknown; completionCode?: string; errorDescription?: string }

function connection(core: KioskCore): { conn: ApiConnection; messages: Message[]; call(name: string, payload: unknown, requestId?: string): Promise<Message> } {
  const messages: Message[] = [];
  const conn: ApiConnection = { id: `c${Math.random()}`, send: (m) => messages.push(JSON.parse(JSON.stringify(m)) as Message) };
  core.router.attach(conn);
  let n = 0;
  return {
    conn,
    messages,
    async call(name, payload, requestId = `r${++n}`) {
      await core.router.dispatch(conn, name, requestId, payload);
      return messages.filter((m) => m.requestId === requestId && m.type === 'completion').at(-1)!;
    },
  };
}

/** Waits for a condition, polling; fails the test with `what` when it does not come. */
const until = (check: () => boolean, what: string, ms = 5000): Promise<void> => waitUntil(check, what, ms, 20);

async function startCore(overrides: Record<string, unknown> = {}, expectAcceptor = true): Promise<KioskCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cash-api-'));
  const core = await createKioskCore({ dataDir, profile: 'test', modules: [storageModule, alertsModule, cashModule], logger: { logDir: false }, configOverrides: overrides as never });
  cores.push(core);
  if (expectAcceptor) await until(() => core.context.deviceStatuses.get('bill-acceptor')?.state === 'online', 'bill acceptor online');
  return core;
}

/** Waits until the cash-in is running (the acceptor enabled), not for a fixed time. */
async function cashInStarted(core: KioskCore): Promise<void> {
  const cash = core.service(CashServiceId)!;
  const deadline = Date.now() + 5000;
  while (cash.activeTransaction === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(cash.activeTransaction).toBeDefined();
}

describe('Cash API', () => {
  it('runs a cash-in: events in order, completion with the totals, two notes journaled', async () => {
    const core = await startCore();
    expect(core.context.deviceStatuses.get('bill-acceptor')?.state).toBe('online');
    const client = connection(core);
    expect((await client.call('Cash.Start', { dueFen: 3000 })).completionCode).toBe('sequenceError');
    expect((await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false })).completionCode).toBe('success');
    const running = client.call('Cash.Start', { dueFen: 3000 }, 'cash1');
    await cashInStarted(core);
    for (const valueFen of [2000, 2000, 1000]) expect((await client.call('Simulator.InsertNote', { valueFen })).completionCode).toBe('success');
    const done = await running;
    expect(done.completionCode).toBe('success');
    expect(done.payload).toMatchObject({ status: 'paid', dueFen: 3000, paidFen: 3000, notes: [{ valueFen: 2000 }, { valueFen: 1000 }], rejected: [{ valueFen: 2000 }] });
    const events = client.messages.filter((m) => m.requestId === 'cash1' && m.type === 'event');
    expect(events.map((e) => e.event)).toEqual(['noteEscrowed', 'noteStacked', 'noteEscrowed', 'noteRejected', 'noteEscrowed', 'noteStacked']);
    // Amounts only: the screen makes the sentence (src-renderer/i18n/pay.ts cash.noteTooLarge).
    expect(events[3]!.payload).toEqual({ valueFen: 2000, maxAcceptableFen: 1000 });
    expect(events[5]!.payload).toEqual({ valueFen: 1000, paidFen: 3000, remainingFen: 0 });
    const db = core.service(KioskDatabaseId)!;
    const stacked = db.prepare("SELECT COUNT(*) FROM cash_journal WHERE kind = 'noteStacked'").pluck().get();
    expect(stacked).toBe(2);
  });

  it('a cancel after a stacked note yields a refund claim journaled with its outbox job', async () => {
    const core = await startCore();
    const client = connection(core);
    await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    const running = client.call('Cash.Start', { dueFen: 5000 }, 'cash2');
    await cashInStarted(core);
    await client.call('Simulator.InsertNote', { valueFen: 1000 });
    await until(() => client.messages.some((m) => m.event === 'noteStacked'), 'the note stacked');
    expect((await client.call('Cash.Cancel', {})).payload).toEqual({ canceled: true });
    const done = await running;
    expect(done.payload).toMatchObject({ status: 'canceled', paidFen: 1000, claim: { kind: 'refund', amountFen: 1000 } });
    const db = core.service(KioskDatabaseId)!;
    const jobs = db.prepare("SELECT payload_json FROM outbox_jobs WHERE kind = 'cash.claimCreated'").pluck().all() as string[];
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!)).toMatchObject({ amountFen: 1000, kind: 'refund' });
  });

  it('refuses Simulator.InsertNote when no simulated acceptor exists', async () => {
    const core = await startCore({ devices: [] }, false);
    const client = connection(core);
    const answer = await client.call('Simulator.InsertNote', { valueFen: 1000 });
    expect(answer.completionCode).toBe('deviceNotReady');
  });
});
