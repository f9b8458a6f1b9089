// The session activity rule in the core (issue #16, defect 2): events of the session's own
// commands count as activity, and a command that moves money holds the session open, so the
// backstop expiry never ends a session while notes are being fed or a QR code is being paid.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiRouter, type ApiConnection } from '../../../src-main/core/api/ApiRouter';
import { createLogger } from '../../../src-main/core/logging/createLogger';
import { trackSessionActivity } from '../../../src-main/core/session/sessionActivity';
import { SessionService } from '../../../src-main/core/session/SessionService';
import { err, ok } from '../../../src-common/result';
import { apiError } from '../../../src-common/api/envelope';
import { fen } from '../../../src-common/domain/money';

const MAX_IDLE_MS = 190_000;

let clock: number;
let sessions: SessionService;
let router: ApiRouter;
const messages: Array<Record<string, unknown>> = [];
const citizen: ApiConnection = { id: 'citizen', send: (m) => messages.push(m as Record<string, unknown>) };
const other: ApiConnection = { id: 'other', send: () => undefined };

/** A deferred the fake handlers wait on, so a test decides when a command finishes. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once the router has answered `requestId` (its completion went out). */
async function completed(requestId: string): Promise<void> {
  while (!messages.some((m) => m.requestId === requestId && m.type === 'completion')) await new Promise((r) => setImmediate(r));
}

beforeEach(() => {
  clock = Date.parse('2026-12-01T02:00:00Z');
  messages.length = 0;
  const log = createLogger();
  sessions = new SessionService({ log, redactor: log.redactor, maxIdleMs: MAX_IDLE_MS, now: () => clock });
  router = new ApiRouter(log);
  router.attach(citizen);
  router.attach(other);
  trackSessionActivity(router, sessions);
});

afterEach(() => sessions.dispose());

describe('session activity in the core', () => {
  it('expires an idle session once the backstop limit passes', () => {
    sessions.start(citizen.id, 'zh-CN', false);
    clock += MAX_IDLE_MS + 1;
    sessions.expireIfIdle();
    expect(sessions.active).toBeUndefined();
  });

  it('never expires a session while a cash payment runs, and restarts the idle wait when it settles', async () => {
    const cashIn = deferred();
    router.register('Fee.PayCash', async () => {
      await cashIn.promise;
      return ok({ cash: { txnId: 't1', status: 'paid', dueFen: fen(5000), paidFen: fen(5000), notes: [{ valueFen: fen(5000) }], rejected: [] }, receipt: { outcome: 'printed' } });
    });
    const session = sessions.start(citizen.id, 'zh-CN', false);
    const running = router.dispatch(citizen, 'Fee.PayCash', 'pay-1', { payable: { kind: 'notice', noticeNumber: '42020026112600012345' }, timeoutSeconds: 900 });
    // Ten minutes of feeding notes with no touch on the screen: still the same session.
    clock += 10 * 60_000;
    sessions.expireIfIdle();
    expect(sessions.active?.info.sessionId).toBe(session.sessionId);

    cashIn.resolve();
    await running;
    await completed('pay-1');
    // The payment settled just now: the full idle wait starts from here.
    clock += MAX_IDLE_MS - 1000;
    sessions.expireIfIdle();
    expect(sessions.active?.info.sessionId).toBe(session.sessionId);
    clock += 2000;
    sessions.expireIfIdle();
    expect(sessions.active).toBeUndefined();
  });

  it('counts an event of the session’s own command as activity (a card placed on the reader)', async () => {
    const read = deferred();
    router.register('IdCard.WaitForCard', async (_input, call) => {
      call.emit('cardPresent', {});
      await read.promise;
      return err(apiError('canceled', 'canceled', 'test'));
    });
    sessions.start(citizen.id, 'zh-CN', false);
    clock += MAX_IDLE_MS - 1000;
    const running = router.dispatch(citizen, 'IdCard.WaitForCard', 'card-1', { timeoutSeconds: 60 });
    clock += 2000;
    sessions.expireIfIdle();
    expect(sessions.active).toBeDefined();
    read.resolve();
    await running;
  });

  it('ignores commands of another connection', async () => {
    router.register('Scanner.Scans', async (_input, call) => {
      call.emit('scan', { deviceId: 'scanner', text: 'x', kind: 'other', isPaymentCode: false, scannedAt: new Date(clock).toISOString() });
      return err(apiError('canceled', 'ended', 'test'));
    });
    sessions.start(citizen.id, 'zh-CN', false);
    clock += MAX_IDLE_MS - 1000;
    await router.dispatch(other, 'Scanner.Scans', 'scan-1', {});
    clock += 2000;
    sessions.expireIfIdle();
    expect(sessions.active).toBeUndefined();
  });

  it('a hold released after its session ended does not touch the next session', () => {
    sessions.start(citizen.id, 'zh-CN', false);
    const release = sessions.hold();
    sessions.end('exit');
    sessions.start(citizen.id, 'zh-CN', false);
    clock += MAX_IDLE_MS + 1;
    release();
    release();
    sessions.expireIfIdle();
    expect(sessions.active).toBeUndefined();
  });
});
