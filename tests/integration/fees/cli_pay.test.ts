// `budayang pay orders|reconcile` as a child process on a kiosk data directory whose core has
// stopped with a QR order of unknown outcome: the CLI settles it with the platform (reversed, as
// the micropay never arrived) and lists it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CODES, NOTICE_50, startFeesRig, until, type FeesRig } from './support/feesHarness';

const BIN = path.resolve(__dirname, '../../../bin/budayang.mjs');
/** A hang guard, not a speed limit: a core and platform rig plus three CLI runs compiled from source. */
const RIG_AND_THREE_CLI_RUNS_MS = 90_000;

function budayang(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let rig: FeesRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('budayang pay', () => {
  it('reconciles an unknown QR order from the terminal and lists it', async () => {
    rig = await startFeesRig();
    const r = rig;
    const run = r.client.start('Qr.PayByPaymentCode', { payable: { kind: 'notice', noticeNumber: NOTICE_50 }, timeoutSeconds: 10 });
    await until(() => run.events.some((e) => e.event === 'waitingForCode'), 5000, 'waitingForCode');
    await r.stopPlatform();
    await r.scan(CODES.success);
    const done = await run.done;
    expect(done.payload.status).toBe('unknown');
    await r.core.stop();
    await r.startPlatform();

    const kioskDir = path.join(r.dataDir, 'kiosk');
    const before = await budayang(['--data', kioskDir, 'pay', 'orders', '--state', 'unknown', '--json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout).orders).toEqual([expect.objectContaining({ orderId: done.payload.orderId, state: 'unknown', claimId: expect.stringMatching(/^CLM/) })]);
    const reconciled = await budayang(['--data', kioskDir, 'pay', 'reconcile', '--json']);
    expect(reconciled.stderr).toBe('');
    expect(reconciled.code).toBe(0);
    expect(JSON.parse(reconciled.stdout)).toEqual({ interrupted: 0, resolved: [{ orderId: done.payload.orderId, state: 'reversed' }], pending: 0 });
    const after = await budayang(['--data', kioskDir, 'pay', 'orders']);
    expect(after.stdout).toMatch(new RegExp(`${done.payload.orderId}\\s+reversed\\s+paymentCode\\s+50\\.00\\s+notice ${NOTICE_50}\\s+claim CLM`));
    expect(after.stdout).toContain('1 order(s), 0 payment record(s)');
    expect((await r.admin('GET', `/admin/payments/orders/${done.payload.orderId}`)).json.order.status).toBe('reversed');
  }, RIG_AND_THREE_CLI_RUNS_MS);
});
