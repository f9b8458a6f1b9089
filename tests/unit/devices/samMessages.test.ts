// The SAM messages declared once (drivers/idcard/samCodec.ts, idCardText.ts): every layout
// round-trips, the frame envelope refuses a wrong checksum, and the declared frames match the
// public command vectors byte for byte (docs/protocols/sam-id-card-reader.md#commands).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { P } from '../../../drivers/codec/messageCoder';
import { FOREIGNER_2017_TEXT, FOREIGNER_2023_TEXT, HK_MACAO_TAIWAN_TEXT, RESIDENT_TEXT, encodeIdCardText, parseIdCardText } from '../../../drivers/idcard/idCardText';
import { READ_BASE_PAYLOAD, READ_WITH_FINGERPRINT_PAYLOAD, SAM_COMMAND_BODY, SAM_FRAME, SAM_RESPONSE_BODY } from '../../../drivers/idcard/samCodec';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

/** Text a fixed-width UCS-2 field keeps exactly: no padding characters at either end. */
function fieldText(maxChars: number): fc.Arbitrary<string> {
  const char = fc.integer({ min: 0x21, max: 0x9fff }).filter((c) => c !== 0x3000 && (c < 0xd800 || c > 0xdfff)).map((c) => String.fromCharCode(c));
  return fc.array(fc.oneof(char, fc.constant(' ')), { maxLength: maxChars }).map((chars) => chars.join('').trim());
}

describe('SAM frame envelope', () => {
  it('encodes the public command frames', () => {
    const command = (cmd: number, para: number) => hex(SAM_FRAME.encode(SAM_COMMAND_BODY.encode({ cmd, para, data: new Uint8Array(0) })));
    expect(command(0x20, 0x01)).toBe('AA AA AA 96 69 00 03 20 01 22');
    expect(command(0x30, 0x01)).toBe('AA AA AA 96 69 00 03 30 01 32');
    expect(command(0x11, 0xff)).toBe('AA AA AA 96 69 00 03 11 FF ED');
  });

  it('round-trips any body and refuses any single corrupted byte', () => {
    fc.assert(
      fc.property(bytes(600).filter((b) => b.length >= 2), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, at, flip) => {
        const frame = SAM_FRAME.encode(body);
        expect(SAM_FRAME.decode(frame)).toEqual({ ok: true, value: body });
        const corrupt = Uint8Array.from(frame);
        corrupt[at % corrupt.length]! ^= flip;
        expect(SAM_FRAME.decode(corrupt).ok).toBe(false);
      }),
    );
  });

  it('round-trips command and response bodies', () => {
    fc.assert(
      fc.property(fc.nat(255), fc.nat(255), fc.nat(255), bytes(64), (a, b, c, data) => {
        expect(SAM_RESPONSE_BODY.decode(SAM_RESPONSE_BODY.encode({ sw1: a, sw2: b, sw3: c, data }))).toEqual({ ok: true, value: { sw1: a, sw2: b, sw3: c, data } });
        expect(SAM_COMMAND_BODY.decode(SAM_COMMAND_BODY.encode({ cmd: a, para: b, data }))).toEqual({ ok: true, value: { cmd: a, para: b, data } });
      }),
    );
  });
});

describe('SAM read payloads', () => {
  it('round-trip 30 01 and 30 10 data, and each refuses the other layout', () => {
    fc.assert(
      fc.property(bytes(300), bytes(1100), bytes(1100), (text, photo, fingerprint) => {
        const base = READ_BASE_PAYLOAD.encode({ text, photo, fingerprint: new Uint8Array(0) });
        expect(READ_BASE_PAYLOAD.decode(base)).toEqual({ ok: true, value: { text, photo, fingerprint: new Uint8Array(0) } });
        const withFingerprint = READ_WITH_FINGERPRINT_PAYLOAD.encode({ text, photo, fingerprint });
        expect(READ_WITH_FINGERPRINT_PAYLOAD.decode(withFingerprint)).toEqual({ ok: true, value: { text, photo, fingerprint } });
        // Trailing bytes are never silently dropped: 30 10 data is not 30 01 data.
        if (fingerprint.length > 0) expect(READ_BASE_PAYLOAD.decode(withFingerprint).ok).toBe(false);
      }),
    );
  });

  it('has the documented sizes: 1288 data bytes for 30 01, 2314 − 4 for 30 10 with fingerprint', () => {
    const block = { text: new Uint8Array(256), photo: new Uint8Array(1024), fingerprint: new Uint8Array(1024) };
    expect(READ_BASE_PAYLOAD.encode(block).length + 3 + 1).toBe(0x0508);
    expect(READ_WITH_FINGERPRINT_PAYLOAD.encode(block).length + 3 + 1).toBe(0x090a);
  });
});

describe('ID card text layouts', () => {
  const layouts = { resident: RESIDENT_TEXT, hkMacaoTaiwan: HK_MACAO_TAIWAN_TEXT, foreigner2017: FOREIGNER_2017_TEXT, foreigner2023: FOREIGNER_2023_TEXT };

  it.each(Object.entries(layouts))('the %s layout covers exactly 256 bytes with the type at offset 248', (_name, layout) => {
    const coder = layout as unknown as P.CoderType<Record<string, string>>;
    const blank = coder.decode(Uint8Array.from({ length: 256 }, (_, i) => (i % 2 === 0 ? 0x20 : 0)));
    const block = coder.encode({ ...blank, cardType: 'Z' });
    expect(block.length).toBe(256);
    expect([block[248], block[249]]).toEqual([0x5a, 0x00]);
  });

  it('round-trips any resident card text through the block', () => {
    fc.assert(
      fc.property(fieldText(15), fieldText(35), fieldText(15), (name, address, issuer) => {
        const fields = { name, gender: '1', nation: '01', birthDate: '19800101', address, idNumber: '11010519491231002X', issuer, validFrom: '20200101', validTo: '长期' };
        const block = encodeIdCardText(' ', fields);
        expect(RESIDENT_TEXT.decode(block)).toMatchObject(fields);
        const parsed = parseIdCardText(block);
        if (name.length > 0) expect(parsed).toMatchObject({ ok: true, value: { name, address, issuer, validTo: '长期' } });
        else expect(parsed).toMatchObject({ ok: false, error: { field: 'name' } });
      }),
    );
  });

  it('refuses a field that does not fit and a field of another layout', () => {
    expect(() => encodeIdCardText(' ', { name: '一二三四五六七八九十一二三四五六' })).toThrow(/does not fit/);
    expect(() => encodeIdCardText(' ', { passNumber: 'H1234567' } as never)).toThrow(/not in the ' ' layout/);
    expect(parseIdCardText(new Uint8Array(255)).ok).toBe(false);
  });
});
