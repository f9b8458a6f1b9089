// The devices module inside a real core (test profile: in-process simulators), driven through
// the API router as the renderer would drive it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { devicesModule } from '../../../src-main/core/devices/devicesModule';
import { PAYMENT_CODE_PLACEHOLDER } from '../../../src-main/core/devices/devicesApi';
import type { ApiConnection } from '../../../src-main/core/api/ApiRouter';
import type { DeviceManager } from '../../../src-main/core/devices/DeviceManager';
import type { DeviceListEntry } from '../../../src-common/api/devices';
import { unwrap as unwrapOk } from '../../../src-common/result';
import { DeviceManagerId } from '../../../src-main/core/devices/DeviceManager';

type Message = { name: string; requestId: string; type: string; event?: string; completionCode?: string; errorDescription?: string; payload?: Payload };
// Completion and event payloads as the tests read them (the schemas are checked by the router).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test access to untyped wire JSON
type Payload = any;

let core: KioskCore | undefined;
let dirs: string[] = [];
afterEach(async () => {
  await core?.stop();
  core = undefined;
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

async function startCore(overrides: Record<string, unknown> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-devices-'));
  dirs.push(dataDir);
  const lines: string[] = [];
  core = await createKioskCore({ dataDir, profile: 'test', modules: [devicesModule], logger: { logDir: false, level: 'debug', sink: (l) => lines.push(l) }, configOverrides: overrides as never });
  const messages: Message[] = [];
  const connection: ApiConnection = { id: 'c1', send: (m) => messages.push(m as Message) };
  core.router.attach(connection);
  let n = 0;
  const call = async (name: string, payload: unknown = {}) => {
    const requestId = `r${++n}`;
    await core!.router.dispatch(connection, name, requestId, payload);
    return { completion: messages.find((m) => m.requestId === requestId && m.type === 'completion')!, events: messages.filter((m) => m.requestId === requestId && m.type === 'event') };
  };
  const start = (name: string, payload: unknown = {}) => {
    const requestId = `bg${++n}`;
    const done = core!.router.dispatch(connection, name, requestId, payload);
    return { requestId, done, events: () => messages.filter((m) => m.requestId === requestId && m.type === 'event'), completion: () => messages.find((m) => m.requestId === requestId && m.type === 'completion') };
  };
  const waitOnline = async () => {
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if (['id-reader', 'scanner'].every((id) => core!.context.deviceStatuses.get(id)?.state === 'online')) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`devices not online: ${JSON.stringify(core!.status().devices)}`);
  };
  /** Find commands the simulated reader has answered: proof that a wait is polling. */
  const findsAnswered = () => unwrapOk((core!.service(DeviceManagerId) as DeviceManager).idCardReader()).simulator!.commandCounts.get('findCard') ?? 0;
  return { core, messages, lines, call, start, connection, waitOnline, findsAnswered };
}

describe('devices module', () => {
  it('lists the test profile devices online and broadcasts Device.StatusChanged', async () => {
    const k = await startCore();
    await k.waitOnline();
    const list = await k.call('Devices.List');
    expect(list.completion.completionCode).toBe('success');
    const mine = list.completion.payload.devices.filter((d: DeviceListEntry) => d.deviceId === 'id-reader' || d.deviceId === 'scanner');
    expect(mine.map((d: DeviceListEntry) => [d.deviceId, d.driver, d.status.state])).toEqual([['id-reader', 'sam', 'online'], ['scanner', 'serialScanner', 'online']]);
    expect(k.messages.some((m) => m.type === 'unsolicited' && m.name === 'Device.StatusChanged' && m.payload.deviceId === 'id-reader' && m.payload.state === 'online')).toBe(true);
    const one = await k.call('Devices.Status', { deviceId: 'id-reader' });
    expect(one.completion.payload.devices[0].detail).toEqual({ kind: 'cardReader', cardPresent: false, samOk: true });
  });

  it('IdCard.WaitForCard needs a session, then emits cardPresent, reading, read to its owner', async () => {
    const k = await startCore();
    await k.waitOnline();
    expect((await k.call('IdCard.WaitForCard', { timeoutSeconds: 1 })).completion.completionCode).toBe('sequenceError');
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    // The card may land before or after the first poll: either way the wait finds it and reports each step.
    const wait = k.start('IdCard.WaitForCard', { timeoutSeconds: 5 });
    await expect.poll(k.findsAnswered).toBeGreaterThan(0);
    expect((await k.call('Simulator.InsertCard', { fixture: 'foreigner-2017' })).completion.completionCode).toBe('success');
    await wait.done;
    expect(wait.completion()!.completionCode).toBe('success');
    expect(wait.events().map((e) => e.event)).toEqual(['cardPresent', 'reading', 'read']);
    expect(wait.completion()!.payload.card).toMatchObject({ cardType: 'foreigner', englishName: 'JOHNSON, EMILY ROSE', nationality: 'USA', hasPhoto: true });
  });

  it('never writes an ID field to a log line, and wipes the card when the session ends', async () => {
    const k = await startCore();
    await k.waitOnline();
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    await k.call('Simulator.InsertCard', { fixture: 'resident-chen' });
    const r = await k.call('IdCard.WaitForCard', { timeoutSeconds: 5 });
    const card = r.completion.payload.card;
    expect(card.name).toBe('陈秀英');
    // Something downstream logging the card by mistake is still redacted.
    k.core.log.child('someModule').info('oops', { note: `${card.name} lives at ${card.address}`, card, issuer: card.issuer });
    const logs = k.lines.join('\n');
    expect(logs).toContain('"oops"');
    expect(logs).toContain('device.status');
    for (const value of [card.name, card.address, card.idNumber, card.birthDate.replace(/-/g, '')]) expect(logs).not.toContain(value);
    const session = k.core.context.sessions.active!;
    expect(session.data.has('devices.idCard')).toBe(true);
    await k.call('Session.End', { reason: 'completed' });
    expect(session.data.size).toBe(0);
  });

  it('reads only the fields the service asked for: no 民族, 住址 or 签发机关 for a proof (#16 defect 7)', async () => {
    const k = await startCore();
    await k.waitOnline();
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    await k.call('Simulator.InsertCard', { fixture: 'resident-chen' });
    const r = await k.call('IdCard.WaitForCard', { timeoutSeconds: 5, fields: ['name', 'idNumber'] });
    const card = r.completion.payload.card;
    expect(card.name).toBe('陈秀英');
    expect(card.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(card.address).toBe('');
    expect(card.issuer).toBe('');
    expect(card).not.toHaveProperty('nation');
    // What the session keeps for later steps is the same minimised card, with what it holds.
    const kept = k.core.context.sessions.active!.data.get('devices.idCard') as { card: Record<string, unknown>; fields: string[] };
    expect(kept.card.address).toBe('');
    expect(kept.card).not.toHaveProperty('nation');
    expect(kept.fields).toEqual(['name', 'idNumber', 'validity']);
  });

  it('reads 住址 and 民族 when the form uses them', async () => {
    const k = await startCore();
    await k.waitOnline();
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    await k.call('Simulator.InsertCard', { fixture: 'resident-chen' });
    const card = (await k.call('IdCard.WaitForCard', { timeoutSeconds: 5, fields: ['name', 'idNumber', 'address', 'nation'] })).completion.payload.card;
    expect(card.address.length).toBeGreaterThan(4);
    expect(card.nation).toBeTruthy();
  });

  it('times out with timeOut and cancels with canceled', async () => {
    const k = await startCore();
    await k.waitOnline();
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    expect((await k.call('IdCard.WaitForCard', { timeoutSeconds: 1 })).completion.completionCode).toBe('timeOut');
    const finds = k.findsAnswered();
    const wait = k.start('IdCard.WaitForCard', { timeoutSeconds: 30 });
    await expect.poll(k.findsAnswered).toBeGreaterThan(finds);
    await k.call('Common.Cancel', { requestIds: [wait.requestId] });
    await wait.done;
    expect(wait.completion()!.completionCode).toBe('canceled');
  });

  it('a repeated commandId in the same session returns the first outcome without reading again', async () => {
    const k = await startCore();
    await k.waitOnline();
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    await k.call('Simulator.InsertCard', { fixture: 'resident-wang' });
    const first = await k.call('IdCard.WaitForCard', { timeoutSeconds: 5, commandId: 'c-1' });
    const sim = unwrapOk((k.core.service(DeviceManagerId) as DeviceManager).idCardReader()).simulator!;
    const reads = sim.commandCounts.get('readBase');
    const second = await k.call('IdCard.WaitForCard', { timeoutSeconds: 5, commandId: 'c-1' });
    expect(second.completion.payload).toEqual(first.completion.payload);
    expect(sim.commandCounts.get('readBase')).toBe(reads);
  });

  it('Scanner.Scans emits classified scans until canceled, never a payment code itself', async () => {
    const k = await startCore();
    await k.waitOnline();
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    // The handler subscribes to the scanner synchronously when dispatched: no scan can be missed.
    const scans = k.start('Scanner.Scans');
    // The handler subscribes before its first await: once acknowledged, it is listening.
    expect(k.messages.some((m) => m.requestId === scans.requestId && m.type === 'ack')).toBe(true);
    await k.call('Simulator.Scan', { text: 'TEST01-20261126-0003' });
    await k.call('Simulator.Scan', { text: '135112298638468293' });
    await expect.poll(() => scans.events().length).toBe(2);
    await k.call('Common.Cancel', { requestIds: [scans.requestId] });
    await scans.done;
    expect(scans.events().map((e) => e.payload.kind)).toEqual(['caseNumber', 'wechatPay']);
    expect(scans.events().map((e) => e.payload.text)).toEqual(['TEST01-20261126-0003', PAYMENT_CODE_PLACEHOLDER]);
    expect(JSON.stringify(scans.events())).not.toContain('135112298638468293');
    expect(scans.completion()!.completionCode).toBe('canceled');
  });

  it('a diagnostics lease is refused while the citizen session uses the reader and shows deviceBusy when granted', async () => {
    const k = await startCore();
    await k.waitOnline();
    const manager = k.core.service(DeviceManagerId) as DeviceManager;
    const supervisor = unwrapOk(manager.idCardReader()).supervisor;
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    // A session that has not used the reader yet does not hold it.
    expect(supervisor.releaseLease(unwrapOk(supervisor.acquireLease('technician')))).toBe(true);
    await k.call('Simulator.InsertCard', { fixture: 'resident-chen' });
    expect((await k.call('IdCard.WaitForCard', { timeoutSeconds: 5 })).completion.completionCode).toBe('success');
    expect(supervisor.acquireLease('technician').ok).toBe(false);
    await k.call('Session.End', { reason: 'exit' });
    const lease = unwrapOk(supervisor.acquireLease('technician'));
    expect(k.core.context.deviceStatuses.get('id-reader')!.state).toBe('deviceBusy');
    await k.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    const refused = await k.call('IdCard.WaitForCard', { timeoutSeconds: 1 });
    expect(refused.completion.completionCode).toBe('deviceNotReady');
    expect(supervisor.releaseLease(lease)).toBe(true);
    expect(k.core.context.deviceStatuses.get('id-reader')!.state).toBe('online');
  });

  it('refuses Simulator.* and simulator devices in production mode', async () => {
    const k = await startCore({ mode: 'production' });
    expect((await k.call('Simulator.InsertCard', {})).completion.completionCode).toBe('unsupportedCommand');
    expect(k.core.context.deviceStatuses.get('id-reader')).toMatchObject({ state: 'hardwareError' });
  });
});
