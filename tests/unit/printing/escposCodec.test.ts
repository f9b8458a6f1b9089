import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qrCode, realtimeStatus } from '../../../drivers/printer/escpos/escposCommands';
import { EscPosDecoder, type EscPosCommand } from '../../../drivers/printer/escpos/escposDecoder';
import { displayWidth, encodePrinterText, isPrintableText, printerBytesFor } from '../../../drivers/printer/escpos/gbText';
import { isRealtimeStatusByte, paperSensorByteFor, parseStatusBytes, readinessOf, REALTIME_STATUS, statusByteFor, HEALTHY_CONDITION } from '../../../drivers/printer/escpos/printerStatus';
import { layoutPair, wrapText } from '../../../drivers/printer/escpos/encodeReceipt';

const hex = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('ESC/POS command bytes', () => {
  it('encodes QR exactly as the python-escpos verbatim vector (docs/protocols/escpos.md#qr-codes)', () => {
    expect(hex(qrCode(new TextEncoder().encode('1234'), 3, 'L'))).toBe(
      ['1d 28 6b 04 00 31 41 32 00', '1d 28 6b 03 00 31 43 03', '1d 28 6b 03 00 31 45 30', '1d 28 6b 07 00 31 50 30 31 32 33 34', '1d 28 6b 03 00 31 51 30'].join(' '),
    );
  });

  it('sends DLE EOT n as 10 04 n', () => {
    expect(realtimeStatus(4)).toEqual([0x10, 0x04, 0x04]);
  });
});

describe('GB18030 text for the printer font', () => {
  it('encodes the protocol examples 测试, 身份证, 长期', () => {
    expect(hex(encodePrinterText('测试', 'gb2312'))).toBe('b2 e2 ca d4');
    expect(hex(encodePrinterText('身份证', 'gb2312'))).toBe('c9 ed b7 dd d6 a4');
    expect(hex(encodePrinterText('长期', 'gb2312'))).toBe('b3 a4 c6 da');
  });

  it('refuses rare name characters the font lacks instead of sending ? or four-byte codes', () => {
    expect(printerBytesFor('䶮', 'gbk')).toBeUndefined();
    expect(printerBytesFor('𠮷', 'gbk')).toBeUndefined();
    expect(isPrintableText('王䶮', 'gb2312')).toBe(false);
    expect(isPrintableText('张三丰 ABC-123', 'gb2312')).toBe(true);
  });

  it('keeps GBK-only characters out of a GB2312 font but allows them in a GBK font', () => {
    // 镕 (U+9555) is GBK 0xEFBE... but not in GB2312's hanzi rows: pick one verified by the table.
    const gbkOnly = '堃';
    expect(printerBytesFor(gbkOnly, 'gbk')).toBeDefined();
    expect(printerBytesFor(gbkOnly, 'gb2312')).toBeUndefined();
  });

  it('measures width in half-width columns', () => {
    expect(displayWidth('受理编号 A1')).toBe(11);
    expect(wrapText('一二三四五', 4)).toEqual(['一二', '三四', '五']);
    expect(layoutPair('姓名', '张三', 12)).toEqual(['姓名    张三']);
    expect(layoutPair('办理事项', '一二三四五六', 12)).toEqual(['办理事项', '一二三四五六']);
  });
});

describe('DLE EOT status bytes (docs/protocols/escpos.md#real-time-status-dle-eot)', () => {
  const parse = (bytes: [number, number, number, number]) => {
    const parsed = parseStatusBytes(bytes);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };
  it('answers 0x12 to every n when healthy', () => {
    for (const n of [1, 2, 3, 4]) expect(statusByteFor(n, HEALTHY_CONDITION)).toBe(0x12);
  });

  it('parses the public vectors: offline 0x1A, paper end 0x72, near end 0x1E', () => {
    expect(parse([0x1a, 0x12, 0x12, 0x12]).offline).toBe(true);
    expect(parse([0x12, 0x12, 0x12, 0x72]).paperOut).toBe(true);
    const nearEnd = parse([0x12, 0x12, 0x12, 0x1e]);
    expect(nearEnd.paperNearEnd).toBe(true);
    expect(nearEnd.paperOut).toBe(false);
    expect(readinessOf(nearEnd)).toEqual({ ready: true });
    // hardless_http_dialects example: a printer out of paper answers 0x1A, 0x32, 0x7E to n = 1, 2, 4.
    const out = parse([0x1a, 0x32, 0x12, 0x7e]);
    expect(out).toMatchObject({ offline: true, paperOut: true, paperNearEnd: true });
    expect(readinessOf(out)).toEqual({ ready: false, reason: 'paper out' });
  });

  it('round-trips every condition through the four bytes', () => {
    fc.assert(
      fc.property(fc.record({ coverOpen: fc.boolean(), paperOut: fc.boolean(), paperNearEnd: fc.boolean(), cutterError: fc.boolean(), unrecoverableError: fc.boolean(), autoRecoverableError: fc.boolean(), offline: fc.boolean() }), (c) => {
        const bytes = [1, 2, 3, 4].map((n) => statusByteFor(n, c)) as [number, number, number, number];
        for (const b of bytes) expect(isRealtimeStatusByte(b)).toBe(true);
        const parsed = parse(bytes);
        // A printer reports itself offline while any fault holds, and near end once the paper has ended.
        const reported = { ...c, offline: c.offline || c.coverOpen || c.paperOut || c.cutterError || c.unrecoverableError || c.autoRecoverableError, paperNearEnd: c.paperNearEnd || c.paperOut };
        expect(REALTIME_STATUS.decode(REALTIME_STATUS.encode(c))).toEqual({ ok: true, value: reported });
        expect(parsed.coverOpen).toBe(c.coverOpen);
        expect(parsed.paperOut).toBe(c.paperOut);
        expect(parsed.cutterError).toBe(c.cutterError);
        expect(parsed.paperNearEnd).toBe(c.paperNearEnd || c.paperOut);
      }),
    );
  });

  it('tells GS r replies from DLE EOT replies by the fixed bits', () => {
    expect(isRealtimeStatusByte(paperSensorByteFor(HEALTHY_CONDITION))).toBe(false);
    expect(isRealtimeStatusByte(paperSensorByteFor({ ...HEALTHY_CONDITION, paperOut: true }))).toBe(false);
    expect(paperSensorByteFor({ ...HEALTHY_CONDITION, paperOut: true })).toBe(0x0f);
    expect(paperSensorByteFor({ ...HEALTHY_CONDITION, paperNearEnd: true })).toBe(0x03);
  });

  it('refuses a batch of replies that is not four DLE EOT bytes, without throwing', () => {
    expect(parseStatusBytes([0x12, 0x12, 0x12, 0x0f]).ok).toBe(false); // a GS r reply in the batch
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), (bytes) => {
        const parsed = parseStatusBytes(bytes);
        expect(parsed.ok).toBe(bytes.every(isRealtimeStatusByte));
      }),
    );
  });
});

describe('EscPosDecoder', () => {
  const sample = Uint8Array.from([
    0x1b, 0x40, 0x1c, 0x26, 0x1b, 0x61, 0x01, 0xb2, 0xe2, 0xca, 0xd4, 0x0a,
    ...qrCode(new TextEncoder().encode('https://example.cn/q?c=1'), 6, 'M'),
    0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0xff, 0x00, 0x10, 0x04, 0x10, 0x04, 0x01, 0x1d, 0x56, 0x42, 0x00,
  ]);

  it('decodes commands, with data bytes that look like DLE EOT inside a raster image kept as data', () => {
    const commands = new EscPosDecoder().push(sample);
    const raster = commands.find((c) => c.kind === 'raster');
    expect(raster).toMatchObject({ kind: 'raster', widthBytes: 2, height: 2 });
    expect(commands.filter((c) => c.kind === 'realtimeStatus')).toEqual([{ kind: 'realtimeStatus', n: 1 }]);
    expect(commands.at(-1)).toEqual({ kind: 'cut', partial: true });
  });

  it('gives the same commands however the stream is split into chunks', () => {
    const whole = new EscPosDecoder().push(sample);
    const merge = (cs: EscPosCommand[]) => {
      // Text runs may split at a chunk boundary; join adjacent runs before comparing.
      const out: EscPosCommand[] = [];
      for (const c of cs) {
        const last = out.at(-1);
        if (c.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', bytes: Uint8Array.from([...last.bytes, ...c.bytes]) };
        else out.push(c);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: sample.length - 1 }), { maxLength: 12 }), (cuts) => {
        const decoder = new EscPosDecoder();
        const points = [0, ...[...cuts].sort((a, b) => a - b), sample.length];
        const got: EscPosCommand[] = [];
        for (let i = 0; i < points.length - 1; i++) got.push(...decoder.push(sample.slice(points[i], points[i + 1])));
        expect(merge(got)).toEqual(merge(whole));
        expect(decoder.pendingBytes).toBe(0);
      }),
    );
  });
});
