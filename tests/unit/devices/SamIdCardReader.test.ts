import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { IdCardSimulator } from '../../../drivers/idcard/IdCardSimulator';
import { describeIdCardError, SamIdCardReader, type IdCardProgress } from '../../../drivers/idcard/SamIdCardReader';
import { silentLogger } from '../../../src-common/logging';

const FAST = { pollIntervalMs: 10, commandReplyMs: 100, staleReplyDrainMs: 50 };

function rig() {
  const [host, device] = createMemoryPipe('sam');
  const simulator = new IdCardSimulator({ slowReplyMs: 250 });
  simulator.attach(device);
  const reader = new SamIdCardReader(host, { log: silentLogger, timings: FAST });
  return { host, simulator, reader };
}

let current: ReturnType<typeof rig> | undefined;
afterEach(async () => {
  current?.reader.dispose();
  await current?.simulator.stop();
  current = undefined;
});

describe('SamIdCardReader over an in-memory pipe', () => {
  it('checks the SAM, then reads a card with cardPresent → reading events', async () => {
    current = rig();
    expect((await current.reader.checkSam()).ok).toBe(true);
    current.simulator.insertCard('permit-hk');
    const events: IdCardProgress['kind'][] = [];
    const read = await current.reader.waitForCard({ timeoutMs: 2000, onProgress: (p) => events.push(p.kind) });
    expect(read.ok && read.value.text).toMatchObject({ cardType: 'hkMacaoTaiwan', name: '陈大文' });
    expect(read.ok && read.value.photo.length).toBe(1024);
    expect(events).toEqual(['cardPresent', 'reading']);
  });

  it('treats 0x80 after a read as the same card still present: the next wait times out until re-insertion', async () => {
    current = rig();
    current.simulator.insertCard('resident-wang');
    expect((await current.reader.waitForCard({ timeoutMs: 2000 })).ok).toBe(true);
    const again = await current.reader.waitForCard({ timeoutMs: 150 });
    expect(again.ok ? 'read' : again.error.kind).toBe('timeOut');
    current.simulator.insertCard('resident-wang');
    expect((await current.reader.waitForCard({ timeoutMs: 2000 })).ok).toBe(true);
  });

  it('is cancellable while waiting', async () => {
    current = rig();
    const controller = new AbortController();
    const simulator = current.simulator;
    // Cancel once the reader is polling for a card; with a 60 s timeout only the cancel can end it.
    const waiting = current.reader.waitForCard({ timeoutMs: 60_000, signal: controller.signal });
    await expect.poll(() => simulator.commandCounts.get('findCard') ?? 0).toBeGreaterThan(0);
    controller.abort();
    const r = await waiting;
    expect(r.ok ? 'read' : r.error.kind).toBe('canceled');
  });

  it('retries a failed read (0x41) and a failed select (0x81), then succeeds', async () => {
    current = rig();
    current.simulator.insertCard('resident-chen');
    current.simulator.setFault('readFails', 1);
    current.simulator.setFault('selectFails', 1);
    const r = await current.reader.waitForCard({ timeoutMs: 3000 });
    expect(r.ok && r.value.text.name).toBe('陈秀英');
  });

  it('reports a persistent read failure as a userError with the SW3 meaning', async () => {
    current = rig();
    current.simulator.insertCard('resident-chen');
    current.simulator.setFault('readFails');
    const r = await current.reader.waitForCard({ timeoutMs: 3000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'samResult', command: 'readBase' });
      const d = describeIdCardError(r.error);
      expect(d.code).toBe('userError');
      expect(d.zh).toContain('读证/卡操作失败');
    }
  });

  it('reports a failed SAM self-check as a hardware error', async () => {
    current = rig();
    current.simulator.setFault('samFault', 1);
    const r = await current.reader.checkSam();
    expect(r.ok ? undefined : describeIdCardError(r.error).code).toBe('hardwareError');
    expect((await current.reader.checkSam()).ok).toBe(true);
  });

  it('reads cards whose replies arrive in small pieces', async () => {
    current = rig();
    current.simulator.insertCard('foreigner-2017');
    current.simulator.setFault('partialFrames');
    const r = await current.reader.waitForCard({ timeoutMs: 5000 });
    expect(r.ok && r.value.text).toMatchObject({ cardType: 'foreigner', nationality: 'USA' });
  });

  it('says the link closed when the pipe goes away mid-wait', async () => {
    current = rig();
    const simulator = current.simulator;
    const waiting = current.reader.waitForCard({ timeoutMs: 60_000 });
    await expect.poll(() => simulator.commandCounts.get('findCard') ?? 0).toBeGreaterThan(0);
    await simulator.unplug();
    const r = await waiting;
    expect(r.ok ? 'read' : r.error.kind).toBe('linkClosed');
  });
});
