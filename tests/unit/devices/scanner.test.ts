import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { classifyScan } from '../../../drivers/scanner/scanClassifier';
import { ScanLineFramer } from '../../../drivers/scanner/serialScanLines';
import { decodeHidPosReport, encodeHidPosReports, HidPosAssembler } from '../../../drivers/scanner/hidPosReport';
import { BarcodeScanner } from '../../../drivers/scanner/BarcodeScanner';
import { ScannerSimulator } from '../../../drivers/scanner/ScannerSimulator';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { silentLogger } from '../../../src-common/logging';

describe('scan classifier', () => {
  it('classifies wallet payment codes by the published prefixes and lengths', () => {
    expect(classifyScan('135112298638468293')).toMatchObject({ kind: 'wechatPay', isPaymentCode: true });
    expect(classifyScan('289431869362714645')).toMatchObject({ kind: 'alipay', isPaymentCode: true });
    expect(classifyScan('2512345678901234')).toMatchObject({ kind: 'alipay' }); // 16 digits
    expect(classifyScan('301234567890123456789012')).toMatchObject({ kind: 'alipay' }); // 24 digits
    expect(classifyScan('6225880212345678901')).toMatchObject({ kind: 'unionPay', isPaymentCode: true });
    expect(classifyScan('165112298638468293').kind).toBe('other'); // prefix 16 is not WeChat
    expect(classifyScan('13511229863846829').kind).toBe('other'); // 17 digits
  });

  it('recognises case numbers with their parts, and rejects impossible dates', () => {
    expect(classifyScan('DEMO01-20261126-0001')).toEqual({ kind: 'caseNumber', isPaymentCode: false, caseNumber: { kioskCode: 'DEMO01', date: '2026-11-26', sequence: 1 } });
    expect(classifyScan('DEMO01-20261131-0001').kind).toBe('other');
  });

  it('recognises 20-digit payment notices, URLs and everything else', () => {
    expect(classifyScan('42020026112600012345').kind).toBe('paymentNotice');
    expect(classifyScan('https://zwfw.example.gov.cn/q/1').kind).toBe('url');
    expect(classifyScan('hello').kind).toBe('other');
    expect(classifyScan(' 135112298638468293\r').kind).toBe('wechatPay');
  });

  it('property: never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => void classifyScan(s)));
  });
});

describe('serial scanner framing', () => {
  it('splits on CR, LF and CRLF, across chunks', () => {
    const f = new ScanLineFramer();
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(f.push(enc('abc\r\ndef\rgh'))).toEqual(['abc', 'def']);
    expect(f.push(enc('i\nj'))).toEqual(['ghi']);
    expect(f.push(enc('\r'))).toEqual(['j']);
    expect(f.push(enc('\n'))).toEqual([]);
    expect(f.push(enc('tail'))).toEqual([]);
    expect(f.flush()).toBe('tail');
  });

  it('ends a scan without terminator after the idle timeout', async () => {
    const [host, device] = createMemoryPipe('scan');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const scanner = new BarcodeScanner(host, { mode: 'serial', log: silentLogger, idleTimeoutMs: 30 });
      const got: string[] = [];
      scanner.onScan((t) => got.push(t));
      const received = new Promise<void>((resolve) => host.onData(() => resolve()));
      await device.write(new TextEncoder().encode('NOTERM'));
      await received;
      vi.advanceTimersByTime(29);
      expect(got).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(got).toEqual(['NOTERM']);
      scanner.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('HID POS reports', () => {
  it('decodes the length, AIM id and data, and joins multi-report barcodes', () => {
    const long = 'https://example.gov.cn/' + 'x'.repeat(150);
    const reports = encodeHidPosReports(long);
    expect(reports.length).toBe(3);
    expect(decodeHidPosReport(reports[0]!)).toMatchObject({ symbology: ']Q1', moreFollows: true });
    const assembler = new HidPosAssembler();
    expect(reports.map((r) => assembler.push(r))).toEqual([undefined, undefined, long]);
  });

  it('strips one trailing CR and ignores reports that cannot be HID POS data', () => {
    const a = new HidPosAssembler();
    expect(a.push(encodeHidPosReports('ABC\r')[0]!)).toBe('ABC');
    expect(decodeHidPosReport(Uint8Array.from([200, 0x5d, 0x51, 0x31]))).toBeUndefined();
  });

  it('the simulator and driver agree in both modes', async () => {
    for (const mode of ['serial', 'hidPos'] as const) {
      const [host, device] = createMemoryPipe(mode);
      const simulator = new ScannerSimulator(mode);
      simulator.attach(device);
      const scanner = new BarcodeScanner(host, { mode, log: silentLogger });
      const got: string[] = [];
      scanner.onScan((t) => got.push(t));
      await simulator.scan('DEMO01-20261126-0042');
      await simulator.scan('135112298638468293');
      await expect.poll(() => got.length).toBe(2);
      expect(got, mode).toEqual(['DEMO01-20261126-0042', '135112298638468293']);
      scanner.dispose();
    }
  });
});
