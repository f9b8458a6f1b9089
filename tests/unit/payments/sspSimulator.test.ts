// The simulator speaks SSP as the manual describes: sequence retries repeat the last reply, POLL
// accepts an escrowed note, HOLD keeps it past the escrow timeout, silence returns it (reject code
// 0x13), KEY NOT SET before key exchange on an encrypted unit, COMMAND NOT KNOWN when told.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SspCommand, SspResponse } from '../../../drivers/billAcceptor/ssp/commands';
import { parsePollEvents } from '../../../drivers/billAcceptor/ssp/events';
import { encodePacket, SspFrameDecoder } from '../../../drivers/billAcceptor/ssp/packet';
import { SspLink } from '../../../drivers/billAcceptor/ssp/sspLink';
import { SspSimulator } from '../../../drivers/billAcceptor/ssp/SspSimulator';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';

const sims: SspSimulator[] = [];
afterEach(() => {
  sims.splice(0).forEach((s) => s.dispose());
  vi.useRealTimers();
});

function rig(options: ConstructorParameters<typeof SspSimulator>[0] = {}) {
  const [host, device] = createMemoryPipe('sim-test');
  const sim = new SspSimulator(options);
  sims.push(sim);
  sim.attach(device);
  const link = new SspLink(host, { replyTimeoutMs: 200, resends: 1 });
  const send = async (...bytes: number[]) => {
    const r = await link.exchange(Uint8Array.from(bytes));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return [...r.value];
  };
  const poll = async () => {
    const reply = await send(SspCommand.poll);
    const events = parsePollEvents(Uint8Array.from(reply.slice(1)));
    if (!events.ok) throw new Error(events.error.message);
    return events.value.map((e) => ('channel' in e ? `${e.type}:${e.channel}` : e.type));
  };
  return { sim, host, send, poll };
}

async function toEscrow(r: ReturnType<typeof rig>, valueFen: number, channel: number) {
  await r.send(SspCommand.sync);
  await r.send(SspCommand.setChannelInhibits, 0xff, 0x00);
  await r.send(SspCommand.enable);
  r.sim.insert(valueFen);
  expect(await r.poll()).toEqual(['slaveReset', 'read:0']);
  expect(await r.poll()).toEqual([`read:${channel}`]);
}

describe('SspSimulator', () => {
  it('repeats its last reply, without executing, when the sequence flag does not change', async () => {
    const { host, sim } = rig();
    sim.insert(1000);
    const replies: number[][] = [];
    const decoder = new SspFrameDecoder();
    host.onData((chunk) => decoder.push(chunk).forEach((f) => f.kind === 'packet' && replies.push([...f.packet.data])));
    const frame = (seq: boolean, ...data: number[]) => host.write(encodePacket({ address: 0, seq, data: Uint8Array.from(data) }));
    await frame(true, SspCommand.sync);
    await frame(false, SspCommand.enable);
    await frame(true, SspCommand.poll);
    await frame(true, SspCommand.poll); // a retry: same flag
    await expect.poll(() => replies.length).toBe(4);
    expect(replies[2]).toEqual(replies[3]);
    expect(replies[2]).toEqual([SspResponse.ok, 0xf1, 0xef, 0x00]);
  });

  it('a POLL accepts the escrowed note: stacking, then credit and stacked', async () => {
    const r = rig();
    await toEscrow(r, 2000, 4);
    expect(await r.poll()).toEqual(['stacking']);
    expect(await r.poll()).toEqual(['credit:4', 'stacked']);
    expect(r.sim.deviceReport).toMatchObject({ stacked: 1, stackedValueFen: 2000 });
  });

  it('HOLD keeps the note past the escrow timeout; silence returns it with reject code 0x13', async () => {
    // The simulator's escrow timer runs on the fake clock: 4 × 100 ms of HOLDs outlast a 150 ms timeout.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const r = rig({ escrowTimeoutMs: 150 });
    await toEscrow(r, 2000, 4);
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(100);
      expect(await r.send(SspCommand.hold)).toEqual([SspResponse.ok]);
    }
    vi.advanceTimersByTime(149);
    expect(r.sim.queuedNotes).toBe(1); // still held one tick before the timeout
    vi.advanceTimersByTime(1);
    expect(await r.send(SspCommand.hold)).toEqual([SspResponse.cannotBeProcessed]);
    expect(await r.poll()).toEqual(['rejecting']);
    expect(await r.poll()).toEqual(['rejected']);
    expect(await r.send(SspCommand.lastRejectCode)).toEqual([SspResponse.ok, 0x13]);
    expect(r.sim.deviceReport.stacked).toBe(0);
  });

  it('REJECT returns the note with reject code 0x08; REJECT with nothing in escrow cannot be processed', async () => {
    const r = rig();
    await toEscrow(r, 5000, 5);
    expect(await r.send(SspCommand.rejectBanknote)).toEqual([SspResponse.ok]);
    expect(await r.poll()).toEqual(['rejecting']);
    expect(await r.poll()).toEqual(['rejected']);
    expect(await r.send(SspCommand.lastRejectCode)).toEqual([SspResponse.ok, 0x08]);
    expect(await r.send(SspCommand.rejectBanknote)).toEqual([SspResponse.cannotBeProcessed]);
  });

  it('an encrypted unit answers KEY NOT SET before the key exchange; optional commands can be unknown', async () => {
    const r = rig({ requireEncryption: true });
    expect(await r.send(SspCommand.sync)).toEqual([SspResponse.ok]);
    expect(await r.send(SspCommand.poll)).toEqual([SspResponse.keyNotSet]);
    const plain = rig();
    plain.sim.setUnknownCommands([SspCommand.getCounters]);
    await plain.send(SspCommand.sync);
    expect(await plain.send(SspCommand.getCounters)).toEqual([SspResponse.commandNotKnown]);
    expect(await plain.send(SspCommand.setGenerator, 4, 0, 0, 0, 0, 0, 0, 0)).toEqual([SspResponse.parameterOutOfRange]);
  });

  it('reports DISABLED, STACKER FULL and cash box removal in every poll while they last', async () => {
    const r = rig({ stackerCapacity: 1 });
    await r.send(SspCommand.sync);
    expect(await r.poll()).toEqual(['slaveReset', 'disabled']);
    r.sim.setStackerFull(true);
    r.sim.removeCashbox();
    expect(await r.poll()).toEqual(['cashboxRemoved', 'stackerFull', 'disabled']);
    expect(await r.poll()).toEqual(['stackerFull', 'disabled']);
  });
});
