// Monitoring at the platform (issue #12 item 4), over real HTTP on this run's store, the
// platform's clock moved by the test: heartbeats raise and clear paper, cash box, device, disk and
// dead-letter alerts, de-duplicated; kiosk-reported alerts are mirrored; acknowledgement and
// resolution are audited; the replicated cash journal counts notes into cash boxes; lists page.
import { describe, expect, it } from 'vitest';
import type { Alert, AlertHistoryEntry } from '../../../src-common/wire/monitoringWire';
import { createAccounts, signIn } from './support/consoleClient';
import { event, HandJournal, journalEvents, startOpsRig, type OpsRig } from './support/opsRig';

type AlertPage = { alerts: Alert[]; nextAfter: number | null };

const printer = (paper: 'ok' | 'low' | 'out') => ({ deviceId: 'receipt-1', deviceClass: 'receiptPrinter', state: paper === 'out' ? 'userError' : 'online', detail: { kind: 'printer' as const, paper, coverOpen: false, cutterError: false } });

async function activeAlerts(rig: OpsRig): Promise<Alert[]> {
  return (await rig.admin<AlertPage>('GET', `/admin/alerts?state=active&kioskId=${rig.kioskId}`)).json.alerts;
}

async function history(rig: OpsRig, alertId: number): Promise<AlertHistoryEntry[]> {
  return (await rig.admin<{ alert: Alert; history: AlertHistoryEntry[] }>('GET', `/admin/alerts/${alertId}`)).json.history;
}

describe('alerts from heartbeats', () => {
  it('raises paper low once however many heartbeats show it, moves to paper out, and clears when the paper is back', async () => {
    const rig = await startOpsRig();
    expect((await rig.heartbeat({ devices: [printer('ok')] })).status).toBe(200);
    expect(await activeAlerts(rig)).toEqual([]);
    for (let i = 0; i < 3; i++) {
      rig.clock.advance(60_000);
      await rig.heartbeat({ devices: [printer('low')] });
    }
    const low = await activeAlerts(rig);
    expect(low.map((a) => [a.code, a.subject, a.severity, a.state, a.source])).toEqual([['paperLow', 'receipt-1', 'warning', 'open', 'heartbeat']]);
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [printer('out')] });
    expect((await activeAlerts(rig)).map((a) => [a.code, a.severity])).toEqual([['paperOut', 'critical']]);
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [printer('ok')] });
    expect(await activeAlerts(rig)).toEqual([]);
    expect((await history(rig, low[0]!.alertId)).map((h) => [h.action, h.actor])).toEqual([
      ['raised', 'platform'],
      ['cleared', 'platform'],
    ]);
  });

  it('raises device offline only once it has lasted ten minutes, and cash box full, disk low and dead letters at once', async () => {
    const rig = await startOpsRig();
    const offline = { deviceId: 'idcard-1', deviceClass: 'idCardReader', state: 'offline', reason: 'no answer on /dev/ttyUSB0', detail: { kind: 'cardReader' as const, cardPresent: false, samOk: false } };
    const full = { deviceId: 'cash-1', deviceClass: 'billAcceptor', state: 'userError', detail: { kind: 'cashAcceptor' as const, stacker: 'full' as const, escrow: 'empty' as const, jammed: false } };
    await rig.heartbeat({ devices: [offline, full], diskFreeBytes: 100 * 1024 * 1024, queue: { pending: 3, deadLetter: 2, oldestPendingAgeSeconds: 40 } });
    expect((await activeAlerts(rig)).map((a) => a.code).sort()).toEqual(['cashBoxFull', 'deadLetters', 'diskLow']);
    rig.clock.advance(9 * 60_000);
    await rig.heartbeat({ devices: [offline, full], diskFreeBytes: 100 * 1024 * 1024, queue: { pending: 3, deadLetter: 2, oldestPendingAgeSeconds: 40 } });
    expect((await activeAlerts(rig)).map((a) => a.code)).not.toContain('deviceOffline');
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [offline, full], diskFreeBytes: 100 * 1024 * 1024, queue: { pending: 3, deadLetter: 2, oldestPendingAgeSeconds: 40 } });
    const alerts = await activeAlerts(rig);
    expect(alerts.find((a) => a.code === 'deviceOffline')).toMatchObject({ subject: 'idcard-1', severity: 'critical', detail: { state: 'offline', reason: 'no answer on /dev/ttyUSB0' } });
    expect(alerts.find((a) => a.code === 'diskLow')).toMatchObject({ subject: 'kiosk', detail: { freeBytes: 100 * 1024 * 1024 } });
    // A reconnect before ten minutes is never an alert: the clock of the condition starts again.
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [{ ...offline, state: 'online' }] });
    expect(await activeAlerts(rig)).toEqual([]);
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [offline] });
    rig.clock.advance(5 * 60_000);
    await rig.heartbeat({ devices: [offline] });
    expect(await activeAlerts(rig)).toEqual([]);
  });
});

describe('alert handling', () => {
  it('acknowledges once, refuses to close by hand what clears itself, and audits who did what', async () => {
    const rig = await startOpsRig();
    await rig.heartbeat({ devices: [printer('out')] });
    const [alert] = await activeAlerts(rig);
    const ack = await rig.admin<Alert>('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { actor: 'ops-zhao', note: '已派人换纸' });
    expect(ack).toMatchObject({ status: 200, json: { state: 'acknowledged', acknowledgedBy: 'ops-zhao' } });
    expect((await rig.admin('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { actor: 'ops-qian' })).json).toMatchObject({ acknowledgedBy: 'ops-zhao' });
    expect(await rig.admin('POST', `/admin/alerts/${alert!.alertId}/resolve`, { actor: 'ops-zhao', note: 'done' })).toMatchObject({ status: 409, json: { error: 'clearsItself' } });
    // Still out: acknowledged stays acknowledged, not raised again.
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [printer('out')] });
    expect((await activeAlerts(rig)).map((a) => [a.alertId, a.state])).toEqual([[alert!.alertId, 'acknowledged']]);
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [printer('ok')] });
    expect(await rig.admin('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { actor: 'ops-zhao' })).toMatchObject({ status: 409, json: { error: 'alreadyCleared' } });
    expect((await history(rig, alert!.alertId)).map((h) => [h.action, h.actor, h.note])).toEqual([
      ['raised', 'platform', null],
      ['acknowledged', 'ops-zhao', '已派人换纸'],
      ['cleared', 'platform', null],
    ]);
    expect((await rig.admin('POST', '/admin/alerts/999999/acknowledge', { actor: 'x' })).status).toBe(404);
    expect((await rig.admin('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { note: 'x'.repeat(501) })).status).toBe(400);
  });

  it('records the signed-in account as who acted, whatever the body claims; a viewer reads the inbox but may not act', async () => {
    const rig = await startOpsRig();
    await rig.heartbeat({ devices: [printer('out')] });
    const [alert] = await activeAlerts(rig);
    await createAccounts(rig.platform, [['ops-li', 'operator'], ['look-only', 'viewer']], 'console password 123');
    const operator = (await signIn(rig.platform.url, 'ops-li', 'console password 123')).session!;
    const viewer = (await signIn(rig.platform.url, 'look-only', 'console password 123')).session!;
    expect((await viewer.request('GET', `/admin/alerts?kioskId=${rig.kioskId}`)).json.alerts).toMatchObject([{ alertId: alert!.alertId }]);
    expect(await viewer.request('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, {})).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    expect(await operator.request('POST', `/admin/alerts/${alert!.alertId}/acknowledge`, { actor: 'someone-else', note: '已派人换纸' })).toMatchObject({ status: 200, json: { acknowledgedBy: 'ops-li' } });
    expect((await history(rig, alert!.alertId)).map((h) => [h.action, h.actor])).toEqual([
      ['raised', 'platform'],
      ['acknowledged', 'ops-li'],
    ]);
    // The audit log has both: the operator's acknowledgement and the viewer's refused attempt.
    const audit = (await operator.request('GET', '/admin/audit?action=alerts.')).json.entries as Array<{ action: string; actor: string; target: string; outcome: string }>;
    expect(audit.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['alerts.acknowledge', 'ops-li', 'success'],
      ['alerts.acknowledge', 'look-only', 'refused'],
    ]);
    expect(audit[0]!.target).toBe(`alert:${alert!.alertId}`);
  });

  it('mirrors what only the kiosk can see, counts repeats on one open alert, ignores what heartbeats already show, and lets a person resolve it', async () => {
    const rig = await startOpsRig();
    const fraud = (n: number) => event('alert.raised', { code: 'fraudAttempt', severity: 'critical', subject: 'cash-1', state: 'fraudAttempt' }, undefined, 'alert:cash-1', n);
    await rig.push([fraud(1)]);
    await rig.push([fraud(2), event('alert.raised', { code: 'paperLow', severity: 'warning', subject: 'receipt-1' }), event('alert.raised', { code: 'cash.claimUnknownAmount', severity: 'critical', subject: 'cash:cash-1' })]);
    const alerts = await activeAlerts(rig);
    expect(alerts.map((a) => [a.code, a.subject, a.severity, a.occurrences, a.source]).sort()).toEqual([
      ['fraudAttempt', 'cash-1', 'critical', 2, 'event'],
      ['kioskReported', 'cash.claimUnknownAmount:cash:cash-1', 'critical', 1, 'event'],
    ]);
    const fraudAlert = alerts.find((a) => a.code === 'fraudAttempt')!;
    expect(await rig.admin('POST', `/admin/alerts/${fraudAlert.alertId}/resolve`, { actor: 'ops-sun' })).toMatchObject({ status: 400 });
    expect(await rig.admin('POST', `/admin/alerts/${fraudAlert.alertId}/resolve`, { actor: 'ops-sun', note: '现场检查，无异常' })).toMatchObject({ status: 200, json: { state: 'cleared', clearedBy: 'ops-sun' } });
    expect((await history(rig, fraudAlert.alertId)).map((h) => h.action)).toEqual(['raised', 'resolved']);
    // After it was resolved, the next raise is a new alert.
    await rig.push([fraud(3)]);
    const again = (await activeAlerts(rig)).find((a) => a.code === 'fraudAttempt')!;
    expect(again.alertId).not.toBe(fraudAlert.alertId);
    await rig.push([event('alert.cleared', { code: 'fraudAttempt', severity: 'critical', subject: 'cash-1' }, undefined, 'alert:cash-1', 4)]);
    expect((await activeAlerts(rig)).map((a) => a.code)).toEqual(['kioskReported']);
  });

  it('lists alerts newest first in pages, filtered by state, severity, code and kiosk', async () => {
    const rig = await startOpsRig();
    await rig.heartbeat({ devices: [printer('low')], diskFreeBytes: 1024, queue: { pending: 0, deadLetter: 1, oldestPendingAgeSeconds: null } });
    rig.clock.advance(60_000);
    await rig.heartbeat({ devices: [printer('out')], diskFreeBytes: 1024, queue: { pending: 0, deadLetter: 1, oldestPendingAgeSeconds: null } });
    const all = (await rig.admin<AlertPage>('GET', '/admin/alerts')).json.alerts;
    expect(all.map((a) => a.alertId)).toEqual([...all.map((a) => a.alertId)].sort((a, b) => b - a));
    expect(all).toHaveLength(4);
    const first = await rig.admin<AlertPage>('GET', '/admin/alerts?limit=3');
    const second = await rig.admin<AlertPage>('GET', `/admin/alerts?limit=3&after=${first.json.nextAfter}`);
    expect([...first.json.alerts, ...second.json.alerts].map((a) => a.alertId)).toEqual(all.map((a) => a.alertId));
    expect((await rig.admin<AlertPage>('GET', '/admin/alerts?state=cleared')).json.alerts.map((a) => a.code)).toEqual(['paperLow']);
    expect((await rig.admin<AlertPage>('GET', '/admin/alerts?state=active&severity=critical')).json.alerts.map((a) => a.code)).toEqual(['paperOut']);
    expect((await rig.admin<AlertPage>('GET', '/admin/alerts?code=diskLow')).json.alerts).toHaveLength(1);
    expect((await rig.admin<AlertPage>('GET', '/admin/alerts?kioskId=K-nobody')).json.alerts).toEqual([]);
    expect((await rig.admin('GET', '/admin/alerts?state=maybe')).status).toBe(400);
    expect((await rig.admin('GET', '/admin/alerts?limit=-1')).json).toMatchObject({ alerts: [expect.anything()] });
  });
});

describe('cash boxes from the replicated journal', () => {
  it('counts stacked notes per box, raises near full at the threshold, and a recorded collection empties it', async () => {
    const rig = await startOpsRig({ monitoring: { cashBoxCapacityNotes: 4, cashBoxNearFullRatio: 0.75 } });
    const journal = new HandJournal();
    const cashIn = (txnId: string, notes: number) => [
      journal.next(txnId, { kind: 'txnStarted', dueFen: notes * 1000, deviceId: 'cash-1', stackedCounterAtStart: null }),
      ...Array.from({ length: notes }, (_, i) => journal.next(txnId, { kind: 'noteStacked', valueFen: 1000, channel: 2, paidFen: (i + 1) * 1000, source: 'credit' })),
      journal.next(txnId, { kind: 'txnEnded', status: 'paid', paidFen: notes * 1000 }),
    ];
    let seq = 1;
    const send = async (entries: ReturnType<typeof cashIn>) => {
      expect((await rig.push(journalEvents(entries, seq))).every((r) => r.status === 'accepted')).toBe(true);
      seq += entries.length;
    };
    await send(cashIn('T1', 2));
    expect(await activeAlerts(rig)).toEqual([]);
    await send(cashIn('T2', 2));
    const [nearFull] = await activeAlerts(rig);
    expect(nearFull).toMatchObject({ code: 'cashBoxNearFull', subject: 'cash-1', severity: 'warning', detail: { notes: 3, capacityNotes: 4 } });
    const journalStatus = await rig.admin<{ headSeq: number; brokenAtSeq: number | null; cashBoxes: Array<{ deviceId: string; notes: number; amountFen: number }> }>('GET', `/admin/kiosks/${rig.kioskId}/cash-journal`);
    expect(journalStatus.json).toMatchObject({ headSeq: 8, brokenAtSeq: null, cashBoxes: [{ deviceId: 'cash-1', notes: 4, amountFen: 4000 }] });
    const collected = await rig.admin('POST', `/admin/kiosks/${rig.kioskId}/cash-box-collected`, { deviceId: 'cash-1', actor: 'collector-zhou' });
    expect(collected.json).toEqual({ deviceId: 'cash-1', collectedNotes: 4, collectedAmountFen: 4000 });
    expect(await activeAlerts(rig)).toEqual([]);
    expect((await history(rig, nearFull!.alertId)).map((h) => [h.action, h.actor])).toEqual([
      ['raised', 'platform'],
      ['cleared', 'collector-zhou'],
    ]);
    await send(cashIn('T3', 1));
    expect((await rig.admin<{ cashBoxes: Array<{ notes: number }> }>('GET', `/admin/kiosks/${rig.kioskId}/cash-journal`)).json.cashBoxes).toMatchObject([{ notes: 1 }]);
    expect((await rig.admin('POST', '/admin/kiosks/K-nobody/cash-box-collected', { deviceId: 'cash-1', actor: 'x' })).status).toBe(404);
  });

  it('a 清机 replicated from the kiosk journal empties the box like the admin endpoint, and technician entries count nothing', async () => {
    const rig = await startOpsRig({ monitoring: { cashBoxCapacityNotes: 4, cashBoxNearFullRatio: 0.75 } });
    const journal = new HandJournal();
    const entries = [
      journal.next('T1', { kind: 'txnStarted', dueFen: 3000, deviceId: 'cash-1', stackedCounterAtStart: 10 }),
      ...[1, 2, 3].map((n) => journal.next('T1', { kind: 'noteStacked', valueFen: 1000, channel: 2, paidFen: n * 1000, source: 'credit' })),
      journal.next('T1', { kind: 'txnEnded', status: 'paid', paidFen: 3000 }),
      journal.next('tech:01', { kind: 'technicianAction', action: 'enter', channel: 'screen', technicianId: 'zhao-min', outcome: 'entered' }),
    ];
    expect((await rig.push(journalEvents(entries, 1))).every((r) => r.status === 'accepted')).toBe(true);
    const [nearFull] = await activeAlerts(rig);
    expect(nearFull).toMatchObject({ code: 'cashBoxNearFull', subject: 'cash-1' });
    const boxes = async () => (await rig.admin<{ brokenAtSeq: number | null; cashBoxes: Array<{ deviceId: string; notes: number; amountFen: number }> }>('GET', `/admin/kiosks/${rig.kioskId}/cash-journal`)).json;
    expect((await boxes()).cashBoxes).toMatchObject([{ deviceId: 'cash-1', notes: 3, amountFen: 3000 }]);

    const collection = journal.next('CC-1', {
      kind: 'cashCollected', deviceId: 'cash-1', technician: 'zhao-min', periodStartSeq: 0,
      journal: [{ denominationFen: 1000, count: 3 }], journalTotalFen: 3000, physical: [{ denominationFen: 1000, count: 3 }], physicalTotalFen: 3000,
      differenceFen: 0, acceptorStackedCounter: 13, acceptorNotesInPeriod: 3,
    });
    const after = journal.next('T2', { kind: 'txnStarted', dueFen: 1000, deviceId: 'cash-1', stackedCounterAtStart: 13 });
    const note = journal.next('T2', { kind: 'noteStacked', valueFen: 1000, channel: 2, paidFen: 1000, source: 'credit' });
    expect((await rig.push(journalEvents([collection, after, note], entries.length + 1))).every((r) => r.status === 'accepted')).toBe(true);
    // Emptied at the collection, then one note into the fresh box; the chain still holds.
    expect(await boxes()).toMatchObject({ brokenAtSeq: null, cashBoxes: [{ deviceId: 'cash-1', notes: 1, amountFen: 1000 }] });
    expect(await activeAlerts(rig)).toEqual([]);
    expect((await history(rig, nearFull!.alertId)).map((h) => [h.action, h.actor])).toEqual([
      ['raised', 'platform'],
      ['cleared', 'kiosk:zhao-min'],
    ]);
  });
});
