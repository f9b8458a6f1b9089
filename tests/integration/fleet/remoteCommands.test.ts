// Remote commands end to end (real core, real platform): signed by the platform, stored on
// receipt, acknowledged, run once at a safe point (a session defers all but urgent ones), expired
// when no safe point came in time, results through the outbox; maintenance mode refuses new
// sessions with its reason; restartCore restarts the core after its result is durable.
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { PrintServiceId } from '../../../src-main/core/printing/PrintService';
import { fleetTestRig, provisionDataDir, RestartingCore, startFleetPlatform, tempDir, until } from './support/fleetCore';

const rig = fleetTestRig();
let kioskId = '';

async function startKiosk(): Promise<RestartingCore> {
  rig.platform = await startFleetPlatform();
  const dataDir = tempDir('kiosk');
  kioskId = await provisionDataDir(dataDir, rig.platform);
  rig.kiosk = await new RestartingCore(dataDir).start();
  await until(() => rig.kiosk!.healthy(), 15_000, 'every service and the platform available');
  return rig.kiosk;
}

/** One heartbeat (the commands arrive), then the loop until every stored command is closed. */
async function deliver(k: RestartingCore): Promise<void> {
  await k.beat();
  await k.fleet.tick();
}

function outcome(k: RestartingCore, commandId: string) {
  return k.fleet.inbox!.outcomeOf(commandId);
}

async function results(k: RestartingCore) {
  await k.flush();
  return rig.platform!.events('fleet.commandResult');
}

describe('remote commands', () => {
  it('turns maintenance mode on with a reason (new sessions refused), and off again', async () => {
    const k = await startKiosk();
    const reason = { zh: '设备维护中，请前往市民之家办理', en: 'Under maintenance; please visit the Citizen Home' };
    const on = await rig.platform!.command(kioskId, { kind: 'setMaintenance', on: true, reason });
    await deliver(k);
    expect(outcome(k, on)).toMatchObject({ state: 'finished', outcome: 'done' });
    expect(k.core.status().availability).toMatchObject({ state: 'maintenance', reason });
    const refused = await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'sequenceError', errorCode: 'maintenance', description: expect.stringMatching(/maintenance/) } });
    // Maintenance mode survives a restart of the core.
    await k.core.stop().then(() => k.start());
    expect(k.core.status().availability?.state).toBe('maintenance');

    const off = await rig.platform!.command(kioskId, { kind: 'setMaintenance', on: false });
    await deliver(k);
    expect(outcome(k, off)).toMatchObject({ outcome: 'done' });
    expect(k.core.status().availability?.state).toBe('open');
    unwrap(await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
    // The platform heard of both receipts (no redelivery) and got both results.
    await k.beat();
    const acked = (await rig.platform!.server.store.commands.list(kioskId)).filter((c) => c.acknowledgedAt !== null);
    expect(acked).toHaveLength(2);
    expect((await results(k)).map((r) => [r.commandId, r.action, r.outcome])).toEqual([
      [on, 'setMaintenance', 'done'],
      [off, 'setMaintenance', 'done'],
    ]);
  });

  it('defers a command during a session, runs an urgent one at once, and expires one whose safe point never came', async () => {
    const k = await startKiosk();
    unwrap(await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
    const print = await rig.platform!.command(kioskId, { kind: 'printTestPage' });
    const flush = await rig.platform!.command(kioskId, { kind: 'flushQueue' }, { urgent: true });
    await deliver(k);
    expect(outcome(k, flush)).toMatchObject({ state: 'finished', outcome: 'done', detail: expect.stringMatching(/^drained/) });
    expect(outcome(k, print)).toMatchObject({ state: 'pending' });
    expect(k.core.service(PrintServiceId)!.jobs(10)).toEqual([]);

    unwrap(await k.client.call('Session.End', { reason: 'completed' }));
    await k.fleet.tick();
    expect(outcome(k, print)).toMatchObject({ state: 'finished', outcome: 'done', detail: 'receipt-printer: printed' });
    const printer = k.core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!;
    expect(printer.simulator!.textLines()).toContain('打印测试页');

    // A command that outlives its expiry while a session holds the kiosk is closed as expired.
    unwrap(await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
    const pull = await rig.platform!.command(kioskId, { kind: 'pullConfig' }, { ttlSeconds: 60 });
    await deliver(k);
    expect(outcome(k, pull)).toMatchObject({ state: 'pending' });
    k.clockOffsetMs = 61_000;
    await k.fleet.tick();
    expect(outcome(k, pull)).toMatchObject({ state: 'finished', outcome: 'expired' });
    expect((await results(k)).map((r) => [r.action, r.outcome])).toEqual([
      ['flushQueue', 'done'],
      ['printTestPage', 'done'],
      ['pullConfig', 'expired'],
    ]);
  });

  it('restarts the core once, after its result is durable, and does not run it again after the restart', async () => {
    const k = await startKiosk();
    const restart = await rig.platform!.command(kioskId, { kind: 'restartCore' });
    await deliver(k);
    await k.restarted(1);
    expect(k.restarts).toEqual([`remote command ${restart}`]);
    expect(k.boots).toBe(2);
    expect(outcome(k, restart)).toMatchObject({ state: 'finished', outcome: 'done' });
    // Delivered again (say the acknowledgement was lost): stored once, so not run again.
    await deliver(k);
    await k.fleet.tick();
    expect(k.restarts).toHaveLength(1);
    expect((await results(k)).map((r) => [r.commandId, r.outcome])).toEqual([[restart, 'done']]);
  });

  it('uploads the diagnostics bundle to the platform (kept once per upload id), and pulls config on demand', async () => {
    const k = await startKiosk();
    const upload = await rig.platform!.command(kioskId, { kind: 'uploadDiagnostics', uploadId: 'U-1' });
    await rig.platform!.publish('config', 1, { configId: 'pulled-on-demand' });
    const pull = await rig.platform!.command(kioskId, { kind: 'pullConfig' });
    await deliver(k);
    expect(outcome(k, upload)).toMatchObject({ outcome: 'done', detail: 'diagnostics bundle U-1 uploaded (new)' });
    const stored = await rig.platform!.server.store.db.query<{ kiosk_id: string; bundle: string }>('SELECT kiosk_id, bundle FROM diagnostics_uploads WHERE upload_id = $1', ['U-1']);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.kiosk_id).toBe(kioskId);
    const bundle = JSON.parse(stored[0]!.bundle) as { format: string; devices: Array<{ deviceId: string }>; config: { diagnostics: { technicianPinHash?: string } } };
    expect(bundle.format).toBe('budayang.diagnostics/1');
    expect(bundle.devices.map((d) => d.deviceId)).toContain('receipt-printer');
    expect(bundle.config.diagnostics.technicianPinHash ?? '[SECRET]').toBe('[SECRET]');
    expect(outcome(k, pull)).toMatchObject({ outcome: 'done', detail: expect.stringMatching(/config: (staged|unchanged)/) });
    expect(k.fleet.applier.state.config.highestAccepted).toBe(1);
  });
});
