import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeSamCommand, encodeSamResponse, parseSamResponse, SamFrameReader, samChecksum, type SamStreamItem } from '../../../drivers/idcard/samCodec';
import { describeSamResult } from '../../../drivers/idcard/samResultCodes';
import { decodeReadPayload } from '../../../drivers/idcard/SamIdCardReader';
import { fixturePhoto, fixtureTextBlock, ID_CARD_FIXTURES } from '../../../drivers/idcard/idCardFixtures';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase().match(/../g)!.join(' ');

/** A complete 30 01 success reply for a fixture card, as the SAM sends it. */
function readReply(index = 0): Uint8Array {
  const fixture = ID_CARD_FIXTURES[index]!;
  const text = fixtureTextBlock(fixture);
  const photo = fixturePhoto(fixture.id);
  const data = new Uint8Array(4 + 256 + 1024);
  data.set([0x01, 0x00, 0x04, 0x00], 0);
  data.set(text, 4);
  data.set(photo, 260);
  return encodeSamResponse(0x90, data);
}

function framesOf(items: SamStreamItem[]): Uint8Array[] {
  return items.flatMap((i) => (i.kind === 'frame' ? [i.body] : []));
}

describe('SAM frame codec', () => {
  it('encodes the verbatim command frames of docs/protocols/sam-id-card-reader.md#commands', () => {
    expect(hex(encodeSamCommand('resetSam'))).toBe('AA AA AA 96 69 00 03 10 FF EC');
    expect(hex(encodeSamCommand('samStatus'))).toBe('AA AA AA 96 69 00 03 11 FF ED');
    expect(hex(encodeSamCommand('samId'))).toBe('AA AA AA 96 69 00 03 12 FF EE');
    expect(hex(encodeSamCommand('findCard'))).toBe('AA AA AA 96 69 00 03 20 01 22');
    expect(hex(encodeSamCommand('selectCard'))).toBe('AA AA AA 96 69 00 03 20 02 21');
    expect(hex(encodeSamCommand('readBase'))).toBe('AA AA AA 96 69 00 03 30 01 32');
    expect(hex(encodeSamCommand('readNewAddress'))).toBe('AA AA AA 96 69 00 03 30 03 30');
    expect(hex(encodeSamCommand('readWithFingerprint'))).toBe('AA AA AA 96 69 00 03 30 10 23');
  });

  it('builds responses with the documented lengths (SAM ID reply header matches MODULE_SUCCESS)', () => {
    const samId = encodeSamResponse(0x90, new Uint8Array(16));
    expect(samId.length).toBe(27);
    expect(hex(samId.subarray(0, 10))).toBe('AA AA AA 96 69 00 14 00 00 90');
    expect(encodeSamResponse(0x9f, new Uint8Array(4)).length).toBe(15);
    expect(encodeSamResponse(0x90, new Uint8Array(8)).length).toBe(19);
    const read = readReply();
    expect(read.length).toBe(1295);
    expect(hex(read.subarray(0, 10))).toBe('AA AA AA 96 69 05 08 00 00 90');
    expect(read[9]).toBe(0x90); // SW3 at offset 9, text at 14, photo at 270 (docs/protocols/sam-id-card-reader.md#response-layouts)
  });

  it('checksum is the XOR of LEN_H through the last data byte', () => {
    expect(samChecksum(Uint8Array.from([0x00, 0x03, 0x20, 0x01]), 0, 4)).toBe(0x22);
  });

  it('reassembles frames split at every position and skips leading garbage', () => {
    const frame = readReply(1);
    for (const split of [1, 5, 6, 7, 100, 1294]) {
      const reader = new SamFrameReader();
      const items = [...reader.push(Uint8Array.from([0x13, 0xaa, 0x37, 0xaa, 0xaa])), ...reader.push(frame.subarray(0, split)), ...reader.push(frame.subarray(split))];
      const frames = framesOf(items);
      expect(frames).toHaveLength(1);
      expect(parseSamResponse(frames[0]!)!.sw3).toBe(0x90);
      expect(reader.pendingByteCount).toBe(0);
    }
  });

  it('reports a bad checksum instead of a frame, and recovers for the next frame', () => {
    const bad = encodeSamResponse(0x9f, new Uint8Array(4));
    bad[bad.length - 1]! ^= 0xff;
    const reader = new SamFrameReader();
    const items = reader.push(Uint8Array.from([...bad, ...encodeSamResponse(0x90)]));
    expect(items.map((i) => i.kind)).toEqual(['badChecksum', 'frame']);
  });

  it('does not wait forever behind a garbage preamble that claims a long frame', () => {
    const reader = new SamFrameReader();
    const garbage = Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x08, 0x00]);
    const items = reader.push(Uint8Array.from([...garbage, ...encodeSamResponse(0x80)]));
    expect(framesOf(items).map((b) => parseSamResponse(b)!.sw3)).toEqual([0x80]);
  });

  it('maps SW3 codes to completion codes with Chinese and English text', () => {
    expect(describeSamResult(0x41)).toMatchObject({ completionCode: 'userError', zh: '读证/卡操作失败' });
    expect(describeSamResult(0x60).completionCode).toBe('hardwareError');
    expect(describeSamResult(0x90).completionCode).toBe('success');
    expect(describeSamResult(0x77).en).toContain('0x77');
  });

  it('property: random bytes in random chunks never throw and only yield checksum-valid frames', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const reader = new SamFrameReader();
        for (const chunk of chunks) {
          for (const item of reader.push(chunk)) {
            if (item.kind === 'frame') expect(item.body.length).toBeGreaterThanOrEqual(2);
          }
        }
        expect(reader.pendingByteCount).toBeLessThanOrEqual(7 + 0x0a00 + 300 * 20);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a frame in any chunking, surrounded by noise without preambles, decodes exactly', () => {
    const frame = readReply(4);
    const noise = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0xaa ? 0x00 : x)));
    fc.assert(
      fc.property(noise, noise, fc.array(fc.integer({ min: 1, max: 1400 }), { maxLength: 8 }), (before, after, cuts) => {
        const stream = Uint8Array.from([...before, ...frame, ...after]);
        const points = [...new Set(cuts.map((c) => c % stream.length))].sort((a, b) => a - b);
        const reader = new SamFrameReader();
        const items: SamStreamItem[] = [];
        let last = 0;
        for (const p of [...points, stream.length]) {
          items.push(...reader.push(stream.subarray(last, p)));
          last = p;
        }
        const frames = framesOf(items);
        expect(frames).toHaveLength(1);
        expect(Buffer.from(frames[0]!).equals(Buffer.from(frame.subarray(7, frame.length - 1)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a single mutated byte never yields a wrong card (error, or exactly the right fields)', () => {
    const frame = readReply(0);
    const reader = new SamFrameReader();
    const right = decodeReadPayload(parseSamResponse(framesOf(reader.push(frame))[0]!)!.data);
    expect(right.ok).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: frame.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const mutated = Uint8Array.from(frame);
        mutated[at]! ^= flip;
        const r = new SamFrameReader();
        for (const body of framesOf(r.push(mutated))) {
          const response = parseSamResponse(body);
          if (!response || response.sw3 !== 0x90) continue;
          const card = decodeReadPayload(response.data);
          if (card.ok && right.ok) expect(card.value.text).toEqual(right.value.text);
        }
      }),
      { numRuns: 400 },
    );
  });
});
