// The PDFs as a reader sees them: pdftotext extracts the Chinese text exactly, the QR decodes
// from a pdftoppm rendering (jsqr), the CJK font is an embedded subset, PDF/A-2b is declared,
// and certificate fields move by the printer's calibration offset.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCalibrationPdf, renderCertificatePdf, SAMPLE_CERTIFICATE_STOCK, sampleCertificateValues } from '../../../src-main/core/printing/pdf/certificateDocument';
import { renderProofPdf, sampleProof } from '../../../src-main/core/printing/pdf/proofDocument';
import { PT_PER_MM } from '../../../src-main/core/printing/pdf/pdfPrimitives';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-pdf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function save(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/** Position (pt) of the first word of the page that equals `word`, from pdftotext -bbox. */
function wordBox(file: string, word: string): { x: number; y: number } {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const match = new RegExp(`<word xMin="([\\d.]+)" yMin="([\\d.]+)"[^>]*>${word}</word>`).exec(html);
  if (!match) throw new Error(`word ${word} not found`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

describe('A4 proof', () => {
  const data = sampleProof();
  let file = '';

  it('extracts every Chinese field exactly with pdftotext', async () => {
    file = save('proof.pdf', await renderProofPdf(data));
    const extracted = text(file);
    for (const expected of ['户籍证明', '编号：HZ-420200-20261126-0007', '张三丰', '11010519491231002X', '湖北省黄石市黄石港区示例路1号', '办理入学手续', '黄石市示例派出所', '2026年11月26日', '验证码：K7QX-93MD-2WPA', '本证明由政务服务自助终端打印 · 样例文档，非真实证明']) {
      expect(extracted).toContain(expected);
    }
    expect(extracted.replace(/\s+/g, '')).toContain(data.statement);
    // The seal's lettering is drawn as shapes: it does not leak into the text layer.
    expect(extracted).not.toContain('样章');
  });

  it('embeds the CJK font as a subset and declares PDF/A-2b', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(fs.statSync(file).size).toBeLessThan(200 * 1024);
  });

  it('has a verification QR that decodes from a 150 dpi rendering', () => {
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', file, path.join(dir, 'proof')]);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'proof.png')));
    const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    expect(qr?.data).toBe(data.verifyUrl);
  });
});

describe('certificate on preprinted stock', () => {
  it('prints the variable fields, shifted by the calibration offset in millimetres', async () => {
    const values = sampleCertificateValues();
    const plain = save('cert-0.pdf', await renderCertificatePdf(SAMPLE_CERTIFICATE_STOCK, values, { createdAt: '2026-11-26T02:00:00Z' }));
    const shifted = save('cert-1.pdf', await renderCertificatePdf(SAMPLE_CERTIFICATE_STOCK, values, { createdAt: '2026-11-26T02:00:00Z', offset: { dxMm: 2.5, dyMm: -1.5 } }));
    const extracted = text(plain);
    for (const v of Object.values(values)) expect(extracted).toContain(v);
    const a = wordBox(plain, '食品经营许可证');
    const b = wordBox(shifted, '食品经营许可证');
    expect(b.x - a.x).toBeCloseTo(2.5 * PT_PER_MM, 1);
    expect(b.y - a.y).toBeCloseTo(-1.5 * PT_PER_MM, 1);
    // 95 mm from the left edge of the stock, as the stock layout says.
    expect(a.x / PT_PER_MM).toBeCloseTo(95, 0);
  });

  it('renders a calibration page with its instructions', async () => {
    const file = save('calibration.pdf', await renderCalibrationPdf(SAMPLE_CERTIFICATE_STOCK, { createdAt: '2026-11-26T02:00:00Z', offset: { dxMm: 1, dyMm: 0 } }));
    const extracted = text(file).replace(/\s+/g, '');
    expect(extracted).toContain('套打校准页');
    expect(extracted).toContain('当前偏移：横向1mm，纵向0mm');
    expect(extracted).toContain('(148.5,105)mm');
  });
});
