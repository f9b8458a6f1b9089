// 呼叫帮助 and the struggle counts from the kiosk's outbox to the platform (#16 item 15), over real
// HTTP on this run's store (PGlite, or the PostgreSQL server when the suite runs there): the
// kiosk's own HelpRequests and StruggleCounts write to its real SQLite outbox, the sync engine
// pushes, and the platform raises one `citizenNeedsHelp` alert (kiosk and step, nothing personal)
// that an operator takes and closes, and adds the hourly counts up exactly once.
import { describe, expect, it } from 'vitest';
import { HelpRequests } from '../../../src-main/core/help/HelpRequests';
import { StruggleCounts } from '../../../src-main/core/help/StruggleCounts';
import type { Alert } from '../../../src-common/wire/monitoringWire';
import { openKiosk, tempDir } from '../sync/support/syncHarness';
import { event, startOpsRig, type OpsRig } from './support/opsRig';

type AlertPage = { alerts: Alert[]; nextAfter: number | null };
type StrugglePage = { since: string; rows: Array<{ service: string; step: string; signal: string; count: number; kiosks: number }> };

const FIVE_MINUTES = 5 * 60_000;

async function helpAlerts(rig: OpsRig): Promise<Alert[]> {
  return (await rig.admin<AlertPage>('GET', `/admin/alerts?code=citizenNeedsHelp&kioskId=${rig.kioskId}`)).json.alerts;
}

async function sync(rig: OpsRig): Promise<void> {
  const outcome = await rig.kiosk.engine.flushNow();
  expect(outcome).toMatchObject({ kind: 'drained' });
}

describe('呼叫帮助 at the platform', () => {
  it('one request raises one alert with the kiosk and the step; taps within the window send nothing; an operator takes and closes it', async () => {
    const rig = await startOpsRig();
    const requests = new HelpRequests(rig.kiosk.stack.outbox, FIVE_MINUTES, () => rig.clock.now(), () => rig.kiosk.stack.identity.registration() !== undefined);
    const first = requests.request('apply', 'form');
    expect(first).toMatchObject({ ok: true, value: { repeated: false } });
    rig.clock.advance(60_000);
    const again = requests.request('apply', 'review');
    expect(again).toMatchObject({ ok: true, value: { repeated: true } });
    expect(again.ok && first.ok && again.value.requestId === first.value.requestId).toBe(true);
    await sync(rig);

    const [alert, ...others] = await helpAlerts(rig);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ code: 'citizenNeedsHelp', subject: 'help', severity: 'critical', source: 'event', state: 'open', occurrences: 1, detail: { service: 'apply', step: 'form' } });
    expect(Object.keys(alert!.detail).sort()).toEqual(['requestId', 'requestedAt', 'service', 'step']);

    const taken = await rig.admin<Alert>('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { actor: 'hall-zhou', note: '已到终端旁' });
    expect(taken).toMatchObject({ status: 200, json: { state: 'acknowledged', acknowledgedBy: 'hall-zhou' } });

    // Past the window a new tap is a new request; while the first alert is open it only counts there.
    rig.clock.advance(FIVE_MINUTES);
    expect(requests.request('pay', 'pay-confirm')).toMatchObject({ ok: true, value: { repeated: false } });
    await sync(rig);
    expect((await helpAlerts(rig)).map((a) => [a.alertId, a.occurrences, a.state, a.detail.step])).toEqual([[alert!.alertId, 2, 'acknowledged', 'pay-confirm']]);

    // Staff close it when they have been there; the next request is a new alert.
    expect(await rig.admin('POST', `/admin/alerts/${alert!.alertId}/resolve`, { actor: 'hall-zhou', note: '已协助群众完成缴费' })).toMatchObject({ status: 200, json: { state: 'cleared' } });
    rig.clock.advance(FIVE_MINUTES);
    requests.request('query', 'query-enter');
    await sync(rig);
    const open = (await rig.admin<AlertPage>('GET', `/admin/alerts?state=active&code=citizenNeedsHelp&kioskId=${rig.kioskId}`)).json.alerts;
    expect(open.map((a) => [a.occurrences, a.detail.step])).toEqual([[1, 'query-enter']]);
    expect(open[0]!.alertId).not.toBe(alert!.alertId);
  });

  it('a kiosk registered with no platform refuses to promise staff, and queues nothing', async () => {
    const kiosk = openKiosk(tempDir('kiosk-alone'));
    try {
      const requests = new HelpRequests(kiosk.stack.outbox, FIVE_MINUTES, () => Date.now(), () => kiosk.stack.identity.registration() !== undefined);
      expect(requests.request('apply', 'form')).toMatchObject({ ok: false, error: { kind: 'noStaffChannel' } });
      expect(kiosk.stack.outbox.status().pending).toBe(0);
    } finally {
      await kiosk.close();
    }
  });

  it('refuses a help request that carries personal data, or free text as its step', async () => {
    const rig = await startOpsRig();
    const payload = { requestId: 'r-1', service: 'apply', step: 'form', requestedAt: new Date(rig.clock.now()).toISOString() };
    const results = await rig.push([event('help.requested', payload, { name: '王小明' }), event('help.requested', { ...payload, step: '王小明 110101199003074514' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await helpAlerts(rig)).toEqual([]);
  });
});

describe('struggle counts at the platform', () => {
  it('adds the hourly counts once, however often a push is repeated, and sums them over the window', async () => {
    const rig = await startOpsRig();
    const counts = new StruggleCounts(rig.kiosk.stack.db, rig.kiosk.stack.outbox, () => rig.clock.now());
    for (let i = 0; i < 3; i++) counts.add('query', 'query-enter', 'validationErrors');
    counts.add('apply', 'form', 'longDwell');
    expect(counts.flush()).toEqual({ ok: true, value: 1 });
    // Nothing left: a second flush queues nothing.
    expect(counts.flush()).toEqual({ ok: true, value: 0 });
    rig.clock.advance(3_600_000);
    counts.add('query', 'query-enter', 'validationErrors');
    expect(counts.flush()).toEqual({ ok: true, value: 1 });
    await sync(rig);

    const summary = await rig.admin<StrugglePage>('GET', '/admin/struggles');
    expect(summary.json.rows).toEqual([
      { service: 'query', step: 'query-enter', signal: 'validationErrors', count: 4, kiosks: 1 },
      { service: 'apply', step: 'form', signal: 'longDwell', count: 1, kiosks: 1 },
    ]);
    expect(Date.parse(summary.json.since) % 3_600_000).toBe(0);

    // The same event pushed again (a lost answer, a retry) is a duplicate and adds nothing.
    const hour = new Date(Math.floor(rig.clock.now() / 3_600_000) * 3_600_000).toISOString();
    const repeated = event('help.struggleCounts', { hourStart: hour, counts: [{ service: 'pay', step: 'pay-find', signal: 'backAndForth', count: 2 }] });
    expect((await rig.push([repeated])).map((r) => r.status)).toEqual(['accepted']);
    expect((await rig.push([repeated])).map((r) => r.status)).toEqual(['duplicate']);
    const filtered = await rig.admin<StrugglePage>('GET', `/admin/struggles?signal=backAndForth&kioskId=${rig.kioskId}`);
    expect(filtered.json.rows).toEqual([{ service: 'pay', step: 'pay-find', signal: 'backAndForth', count: 2, kiosks: 1 }]);
  });

  it('leaves counts older than the window out, and refuses a bucket that is not a whole hour', async () => {
    const rig = await startOpsRig();
    const eightDaysAgo = new Date(Math.floor((rig.clock.now() - 8 * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
    const old = event('help.struggleCounts', { hourStart: eightDaysAgo, counts: [{ service: 'apply', step: 'guide', signal: 'longDwell', count: 5 }] });
    const thirteenPast = new Date(Math.floor(rig.clock.now() / 3_600_000) * 3_600_000 + 13 * 60_000).toISOString();
    const ragged = event('help.struggleCounts', { hourStart: thirteenPast, counts: [{ service: 'apply', step: 'guide', signal: 'longDwell', count: 1 }] });
    expect((await rig.push([old, ragged])).map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect((await rig.admin<StrugglePage>('GET', '/admin/struggles')).json.rows).toEqual([]);
    expect((await rig.admin<StrugglePage>('GET', '/admin/struggles?days=30')).json.rows).toEqual([{ service: 'apply', step: 'guide', signal: 'longDwell', count: 5, kiosks: 1 }]);
    expect((await rig.admin('GET', '/admin/struggles?days=0')).status).toBe(400);
    expect((await rig.admin('GET', '/admin/struggles?signal=sighing')).status).toBe(400);
  });
});
