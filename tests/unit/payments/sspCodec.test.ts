// SSP codec: CRC vectors and packets from docs/protocols/itl-ssp.md#test-vectors, stuffing, poll events, SETUP REQUEST,
// eSSP wrap, and property tests that random or mutated input never throws or hangs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sspCrc16, sspCrcBytes } from '../../../drivers/billAcceptor/ssp/crc16';
import { encodePacket, SspFrameDecoder } from '../../../drivers/billAcceptor/ssp/packet';
import { encodePollEvents, parsePollEvents } from '../../../drivers/billAcceptor/ssp/events';
import { COUNTERS_REPLY, SETUP_REQUEST_REPLY, type SetupRequestInfo } from '../../../drivers/billAcceptor/ssp/sspMessages';
import { decryptData, deriveAesKey, encryptData, isPrime64, makeIntermediateKey, sharedKey } from '../../../drivers/billAcceptor/ssp/essp';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));

describe('CRC-16 (poly 0x8005, seed 0xFFFF)', () => {
  it('matches the kybarg/ssp vectors, low byte first', () => {
    expect(sspCrcBytes(new Uint8Array())).toEqual([0xff, 0xff]);
    expect(sspCrcBytes(hex('41'))).toEqual([0x84, 0xfc]);
    expect(sspCrcBytes(new TextEncoder().encode('ABC'))).toEqual([0x9b, 0x06]);
  });
  it('has the CRC-16/CMS check value', () => {
    expect(sspCrc16(new TextEncoder().encode('123456789'))).toBe(0xaee7);
  });
});

describe('packets', () => {
  const vectors: Array<[string, number, boolean, string]> = [
    ['7F 80 01 11 65 82', 0, true, '11'],
    ['7F 80 01 F0 23 80', 0, true, 'F0'],
    ['7F 80 01 07 12 02', 0, true, '07'],
    ['7F 80 03 F0 F1 E8 BF 8C', 0, true, 'F0 F1 E8'],
    ['7F 80 04 F0 EE 01 EB B9 48', 0, true, 'F0 EE 01 EB'],
    ['7F 80 01 09 35 82', 0, true, '09'],
    ['7F 80 01 0A 3F 82', 0, true, '0A'],
    ['7F 80 01 18 53 82', 0, true, '18'],
  ];
  it.each(vectors)('encodes and decodes the manual packet %s', (wire, address, seq, data) => {
    expect([...encodePacket({ address, seq, data: hex(data) })]).toEqual([...hex(wire)]);
    const frames = new SspFrameDecoder().push(hex(wire));
    expect(frames).toEqual([{ kind: 'packet', packet: { address, seq, data: hex(data) } }]);
  });
  it('stuffs every 0x7F after STX and unstuffs it, across chunk boundaries', () => {
    const data = hex('7F 01 7F 7F 02');
    const wire = encodePacket({ address: 0, seq: false, data });
    expect(wire.filter((b) => b === 0x7f).length).toBeGreaterThanOrEqual(1 + 2 * 3);
    const decoder = new SspFrameDecoder();
    const frames = [...wire].flatMap((b) => decoder.push(Uint8Array.of(b)));
    expect(frames).toEqual([{ kind: 'packet', packet: { address: 0, seq: false, data } }]);
  });
  it('reports a bad CRC and a lone STX restarting the frame', () => {
    const good = encodePacket({ address: 0, seq: true, data: hex('F0') });
    const bad = Uint8Array.from(good);
    bad[3] = 0xf2;
    expect(new SspFrameDecoder().push(bad)[0]?.kind).toBe('crcError');
    const cut = Uint8Array.from([0x7f, 0x80, 0x05, 0x01, ...good]);
    const frames = new SspFrameDecoder().push(cut);
    expect(frames.at(-1)).toEqual({ kind: 'packet', packet: { address: 0, seq: true, data: hex('F0') } });
  });
  it('property: any packet round-trips, even split into random chunks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7d }), fc.boolean(), fc.uint8Array({ maxLength: 255 }), fc.array(fc.integer({ min: 1, max: 20 })), (address, seq, data, cuts) => {
        const wire = encodePacket({ address, seq, data });
        const decoder = new SspFrameDecoder();
        const frames = [];
        let i = 0;
        for (const cut of cuts) {
          frames.push(...decoder.push(wire.subarray(i, i + cut)));
          i += cut;
        }
        frames.push(...decoder.push(wire.subarray(i)));
        expect(frames).toEqual([{ kind: 'packet', packet: { address, seq, data } }]);
      }),
    );
  });
  it('property: random and mutated bytes never throw and never yield a packet with a wrong CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 100 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (noise, data, pos, flip) => {
        const wire = Uint8Array.from(encodePacket({ address: 0, seq: false, data }));
        if (wire.length > 1) {
          const at = 1 + (pos % (wire.length - 1));
          wire[at] = wire[at]! ^ flip;
        }
        const frames = new SspFrameDecoder().push(Uint8Array.from([...noise, ...wire]));
        for (const f of frames) if (f.kind === 'packet') expect(f.packet.data.length).toBeLessThanOrEqual(255);
        expect(parsePollEvents(noise).ok === true || parsePollEvents(noise).ok === false).toBe(true);
        expect(() => SETUP_REQUEST_REPLY.decode(noise)).not.toThrow();
        expect(() => COUNTERS_REPLY.decode(noise)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('poll events', () => {
  it('parses the manual poll replies', () => {
    expect(parsePollEvents(hex('F1 E8'))).toEqual({ ok: true, value: [{ type: 'slaveReset' }, { type: 'disabled' }] });
    expect(parsePollEvents(hex('EE 01 EB'))).toEqual({ ok: true, value: [{ type: 'credit', channel: 1 }, { type: 'stacked' }] });
  });
  it('stops at an unknown code, keeping what came before', () => {
    const r = parsePollEvents(hex('CC 42 EB'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.parsed).toEqual([{ type: 'stacking' }]);
  });
  it('round-trips every event the simulator sends', () => {
    const events = [{ type: 'read', channel: 4 }, { type: 'fraudAttempt', channel: 0 }, { type: 'cashboxRemoved' }, { type: 'stackerFull' }] as const;
    expect(parsePollEvents(Uint8Array.from(encodePollEvents(events)))).toEqual({ ok: true, value: events });
  });
});

describe('SETUP REQUEST', () => {
  it('parses a CNY protocol-7 reply with the expanded channel table', () => {
    const body = SETUP_REQUEST_REPLY.encode({ unitType: 0, firmwareVersion: '0411', currency: 'CNY', valueMultiplier: 0, realValueMultiplier: 100, protocolVersion: 7, channelValues: [1, 5, 10, 20, 50, 100], channelCurrencies: Array(6).fill('CNY') });
    expect(body[0]).toBe(0xf0);
    const parsed = SETUP_REQUEST_REPLY.decode(body);
    expect(parsed.ok && parsed.value).toMatchObject({ currency: 'CNY', protocolVersion: 7, channelValues: [1, 5, 10, 20, 50, 100], realValueMultiplier: 100, firmwareVersion: '0411' });
  });
  it('decodes multipliers big-endian and expanded values little-endian (kybarg/ssp evidence)', () => {
    const body = hex('F0 00 30 34 31 31 45 55 52 00 00 01 02 05 0A 02 02 00 00 64 06 45 55 52 45 55 52 05 00 00 00 0A 00 00 00');
    const parsed = SETUP_REQUEST_REPLY.decode(body);
    expect(parsed.ok && parsed.value).toMatchObject({ valueMultiplier: 1, realValueMultiplier: 100, channelValues: [5, 10], currency: 'EUR' });
  });
  it('uses the 1-byte table times the multiplier below protocol 6', () => {
    const body = hex('F0 00 30 33 30 30 43 4E 59 00 00 0A 02 01 05 02 02 00 00 64 05');
    expect(SETUP_REQUEST_REPLY.decode(body)).toMatchObject({ ok: true, value: { protocolVersion: 5, channelValues: [10, 50], channelCurrencies: ['CNY', 'CNY'] } });
  });
  it('refuses a truncated reply, a missing OK byte and a protocol-6 reply without its expanded table', () => {
    expect(SETUP_REQUEST_REPLY.decode(hex('F0 00 30 34')).ok).toBe(false);
    expect(SETUP_REQUEST_REPLY.decode(hex('F2')).ok).toBe(false);
    expect(SETUP_REQUEST_REPLY.decode(hex('F0 00 30 33 30 30 43 4E 59 00 00 0A 02 01 05 02 02 00 00 64 06')).ok).toBe(false);
  });
  it('round-trips any CNY or EUR unit the simulator could describe', () => {
    const setup: fc.Arbitrary<SetupRequestInfo> = fc
      .record({
        unitType: fc.integer({ min: 0, max: 255 }),
        firmwareVersion: fc.stringMatching(/^[0-9]{4}$/),
        currency: fc.constantFrom('CNY', 'EUR', 'GBP'),
        valueMultiplier: fc.integer({ min: 0, max: 0xffffff }),
        realValueMultiplier: fc.integer({ min: 0, max: 0xffffff }),
        protocolVersion: fc.integer({ min: 6, max: 8 }),
        channels: fc.array(fc.record({ value: fc.integer({ min: 0, max: 0xffffffff }), currency: fc.constantFrom('CNY', 'EUR') }), { maxLength: 24 }),
      })
      .map(({ channels, ...rest }) => ({ ...rest, channelValues: channels.map((c) => c.value), channelCurrencies: channels.map((c) => c.currency) }));
    fc.assert(
      fc.property(setup, (info) => {
        expect(SETUP_REQUEST_REPLY.decode(SETUP_REQUEST_REPLY.encode(info))).toEqual({ ok: true, value: info });
      }),
    );
  });
});

describe('GET COUNTERS', () => {
  it('reads the manual-style reply: five little-endian u32 counters', () => {
    expect(COUNTERS_REPLY.decode(hex('F0 05 0A 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 01 00 00'))).toEqual({ ok: true, value: { stacked: 10, stored: 0, dispensed: 0, transferredToStack: 0, rejected: 259 } });
  });
  it('round-trips any counter values', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.record({ stacked: u32, stored: u32, dispensed: u32, transferredToStack: u32, rejected: u32 }), (counters) => {
        expect(COUNTERS_REPLY.decode(COUNTERS_REPLY.encode(counters))).toEqual({ ok: true, value: counters });
      }),
    );
  });
});

describe('eSSP', () => {
  it('both sides derive the same key and a packet round-trips with its eCOUNT', () => {
    const params = { generator: 982451653n, modulus: 1000000007n };
    expect(isPrime64(params.generator) && isPrime64(params.modulus)).toBe(true);
    const host = makeIntermediateKey(params);
    const slave = makeIntermediateKey(params);
    const k1 = sharedKey(params, slave.intermediate, host.secret);
    const k2 = sharedKey(params, host.intermediate, slave.secret);
    expect(k1).toBe(k2);
    const key = deriveAesKey(0x0123456701234567n, k1);
    const sealed = encryptData(key, 7, hex('07'));
    expect(sealed[0]).toBe(0x7e);
    expect((sealed.length - 1) % 16).toBe(0);
    expect(decryptData(key, sealed)).toEqual({ ok: true, value: { count: 7, data: hex('07') } });
    const wrongKey = deriveAesKey(0x0123456701234567n, k1 + 1n);
    expect(decryptData(wrongKey, sealed).ok).toBe(false);
  });
  it('detects non-primes', () => {
    expect(isPrime64(1000000008n)).toBe(false);
    expect(isPrime64(18446744073709551557n)).toBe(true);
  });
  it('property: random ciphertext never throws', () => {
    const key = deriveAesKey(1n, 2n);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      expect(() => decryptData(key, Uint8Array.from([0x7e, ...bytes]))).not.toThrow();
    }));
  });
});
