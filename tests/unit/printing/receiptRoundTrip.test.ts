// Template → ESC/POS bytes → simulator → the same text and QR back.
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { rasterImage, type MonoBitmap } from '../../../drivers/printer/escpos/escposCommands';
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { ReceiptPrinterSimulator } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { receiptEncodingOptions } from '../../../src-main/core/printing/escpos/receiptEncoding';
import { decodeReceiptBytes } from '../../../src-main/core/printing/receipts/decodeReceiptBytes';
import { receiptPlainText, receiptSvg } from '../../../src-main/core/printing/receipts/receiptPreview';
import { acceptanceReceipt, formatShanghaiTime } from '../../../src-main/core/printing/receipts/receiptTemplates';
import { sampleReceipt, SAMPLE_TRACKING_URL } from '../../../src-main/core/printing/receipts/sampleReceipts';

const context = { hallName: '黄石市民之家', kioskCode: 'DEMO01', deviceId: 'receipt-printer', at: '2026-11-26T19:20:53Z' };

describe('receipt templates through the codec and the simulator', () => {
  it('prints the acceptance receipt: masked applicant, Beijing time, tracking QR and its caption', async () => {
    const decoded = await decodeReceiptBytes(encodeReceipt(sampleReceipt('acceptance', context), receiptEncodingOptions()));
    const text = decoded.lines.join('\n');
    expect(decoded.lines).toContain('受理回执');
    expect(text).toMatch(/受理编号 +DEMO01-20261126-0001/);
    expect(text).toMatch(/申请人 +张\*\*/);
    expect(text).toMatch(/证件号码 +110\*{11}002X/);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('三丰');
    // 19:20:53 UTC is 03:20:53 the next day in Asia/Shanghai.
    expect(text).toMatch(/受理时间 +2026-11-27 03:20:53/);
    expect(decoded.lines).toContain('凭此回执查询办理进度');
    expect(decoded.qrCodes).toEqual([SAMPLE_TRACKING_URL]);
    expect(decoded.rasterLines).toBe(0);
    expect(decoded.cuts).toBe(1);
    expect(text).not.toContain('?');
  });

  it('prints a rare-character name as a raster line, never as ?', async () => {
    const bytes = encodeReceipt(sampleReceipt('acceptance', { ...context, rareName: true }), receiptEncodingOptions());
    // 䶮 in GB18030 is FE 9F (two bytes) and 𠮷 is 95 34 B2 35 (four): neither may be in the stream.
    expect(Buffer.from(bytes).includes(Buffer.from([0xfe, 0x9f]))).toBe(false);
    const decoded = await decodeReceiptBytes(bytes);
    expect(decoded.rasterLines).toBe(1);
    expect(decoded.lines).toContain('[raster 576x24]');
    expect(decoded.lines.join('\n')).not.toMatch(/[?\ufffd]/);
  });

  it('draws the rare characters with ink in the raster line', async () => {
    const [host, device] = createMemoryPipe('t');
    const simulator = new ReceiptPrinterSimulator(device);
    await host.write(encodeReceipt(acceptanceReceipt({ hallName: 'x', kioskCode: 'K1', caseNumber: 'C1', itemName: 'i', applicantName: '𠮷䶮', applicantIdNumber: '11010519491231002X', acceptedAt: context.at, trackingUrl: 'u' }), receiptEncodingOptions()));
    await expect.poll(() => simulator.elements.some((e) => e.kind === 'cut')).toBe(true);
    const raster = simulator.elements.find((e) => e.kind === 'raster');
    expect(raster?.kind).toBe('raster');
    if (raster?.kind !== 'raster') return;
    const inked = raster.bitmap.data.reduce((n, b) => n + (b.toString(2).match(/1/g)?.length ?? 0), 0);
    // "申请人" plus a masked name: a few hundred dots of a 576×24 line, not blank, not solid.
    expect(inked).toBeGreaterThan(100);
    expect(inked).toBeLessThan(576 * 24 * 0.5);
  });

  it.each(['payment', 'refundClaim', 'cashCollection', 'testPage'] as const)('prints the %s sample with its key lines', async (sample) => {
    const decoded = await decodeReceiptBytes(encodeReceipt(sampleReceipt(sample, context), receiptEncodingOptions('58mm')));
    const text = decoded.lines.join('\n');
    const expected: Record<typeof sample, RegExp[]> = {
      payment: [/缴费凭证/, /实收金额 80\.00元/, /支付方式 +现金/],
      refundClaim: [/退款凭证/, /已投入金额 +50\.00元/, /12345/],
      cashCollection: [/清机报告/, /清点合计 +470\.00元/, /账实相符/],
      testPage: [/打印测试页/, /中文测试：身份证 长期 测试/],
    };
    for (const re of expected[sample]) expect(text).toMatch(re);
    for (const line of decoded.lines) if (!line.startsWith('[raster')) expect(line.length).toBeLessThanOrEqual(32);
    expect(decoded.cuts).toBe(1);
    if (sample !== 'cashCollection') expect(decoded.qrCodes).toHaveLength(1);
  });

  it('shows times in Asia/Shanghai', () => {
    expect(formatShanghaiTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00');
  });
});

describe('raster QR decoding in the simulator', () => {
  it('reads a QR printed as a GS v 0 image back with jsqr', async () => {
    const payload = 'https://zwfw.example.gov.cn/track?case=R-1';
    const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    const scale = 6;
    const quiet = 4;
    const size = (qr.modules.size + 2 * quiet) * scale;
    const widthBytes = Math.ceil(size / 8);
    const data = new Uint8Array(widthBytes * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const row = Math.floor(y / scale) - quiet;
        const col = Math.floor(x / scale) - quiet;
        if (row >= 0 && col >= 0 && row < qr.modules.size && col < qr.modules.size && qr.modules.get(row, col)) data[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    const decodeRasterQr = (bitmap: MonoBitmap) => {
      const w = bitmap.widthBytes * 8;
      const rgba = new Uint8ClampedArray(w * bitmap.height * 4);
      for (let i = 0; i < w * bitmap.height; i++) {
        const black = (bitmap.data[Math.floor(i / w) * bitmap.widthBytes + ((i % w) >> 3)]! & (0x80 >> (i % w & 7))) !== 0;
        rgba.fill(black ? 0 : 255, i * 4, i * 4 + 3);
        rgba[i * 4 + 3] = 255;
      }
      return jsQR(rgba, w, bitmap.height)?.data;
    };
    const [host, device] = createMemoryPipe('qr');
    const simulator = new ReceiptPrinterSimulator(device, { decodeRasterQr });
    await host.write(Uint8Array.from(rasterImage({ widthBytes, height: size, data })));
    await expect.poll(() => simulator.elements.length).toBe(1);
    expect(simulator.elements).toEqual([expect.objectContaining({ kind: 'raster', qrData: payload })]);
  });
});

describe('receiptline preview of the same document', () => {
  it('renders SVG and plain text containing the receipt text', () => {
    const document = sampleReceipt('acceptance', context);
    const text = receiptPlainText(document);
    // Double-size text comes out spaced in receiptline's text rendering.
    expect(text).toMatch(/受\s*理\s*回\s*执/);
    expect(text).toContain('DEMO01-20261126-0001');
    expect(text).toContain('凭此回执查询办理进度');
    const svg = receiptSvg(document);
    expect(svg.startsWith('<svg')).toBe(true);
    // One <tspan> per character: the text content, tags removed, reads in order.
    expect(svg.replace(/<[^>]+>/g, '')).toContain('凭此回执查询办理进度');
  });
});
