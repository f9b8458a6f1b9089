// Certificates printed on preprinted stock (the frame, emblem and labels are on the paper; we
// print only the variable fields), positioned in millimetres and shifted by each printer's
// calibration offset, plus the calibration page a technician measures to find that offset.
import { CJK_FONT, finish, mm, newA4Document } from './pdfPrimitives';

/** Per-printer correction: where the printer actually lands relative to where we asked, in mm. */
export interface CalibrationOffset {
  /** Positive moves printing right. */
  readonly dxMm: number;
  /** Positive moves printing down. */
  readonly dyMm: number;
}
export const NO_OFFSET: CalibrationOffset = { dxMm: 0, dyMm: 0 };

/** One variable field on the stock: its top-left in mm from the paper's top-left corner. */
export interface StockField {
  readonly key: string;
  readonly xMm: number;
  readonly yMm: number;
  readonly widthMm: number;
  readonly fontSizeMm: number;
  readonly align?: 'left' | 'center' | 'right';
}

export interface CertificateStock {
  readonly name: string;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly fields: readonly StockField[];
}

/** A sample A4-landscape stock (营业执照-style certificate), fields measured from a mock form. */
export const SAMPLE_CERTIFICATE_STOCK: CertificateStock = {
  name: 'sample-certificate-a4-landscape',
  widthMm: 297,
  heightMm: 210,
  fields: [
    { key: 'certificateNumber', xMm: 200, yMm: 28, widthMm: 80, fontSizeMm: 3.5, align: 'right' },
    { key: 'holderName', xMm: 95, yMm: 72, widthMm: 150, fontSizeMm: 6 },
    { key: 'itemName', xMm: 95, yMm: 92, widthMm: 150, fontSizeMm: 5 },
    { key: 'validity', xMm: 95, yMm: 112, widthMm: 150, fontSizeMm: 4.5 },
    { key: 'issuingDepartment', xMm: 170, yMm: 160, widthMm: 100, fontSizeMm: 4.5, align: 'center' },
    { key: 'issuedDate', xMm: 170, yMm: 172, widthMm: 100, fontSizeMm: 4.5, align: 'center' },
  ],
};

export interface CertificateRenderOptions {
  readonly offset?: CalibrationOffset;
  /** Draws the stock's outline and field boxes in light grey: for on-screen proofs, never for the stock. */
  readonly showStockGuides?: boolean;
  readonly createdAt: string;
}

export async function renderCertificatePdf(stock: CertificateStock, values: Readonly<Record<string, string>>, options: CertificateRenderOptions): Promise<Uint8Array> {
  const offset = options.offset ?? NO_OFFSET;
  const doc = newA4Document({ title: `证书 ${values.certificateNumber ?? ''}`.trim(), subject: stock.name, createdAt: options.createdAt }, [mm(stock.widthMm), mm(stock.heightMm)]);
  if (options.showStockGuides) {
    doc.save().lineWidth(mm(0.2)).strokeColor('#bbbbbb');
    doc.rect(mm(10), mm(10), mm(stock.widthMm - 20), mm(stock.heightMm - 20)).stroke();
    for (const f of stock.fields) doc.rect(mm(f.xMm), mm(f.yMm - 1), mm(f.widthMm), mm(f.fontSizeMm + 3)).stroke();
    doc.restore();
  }
  doc.font(CJK_FONT).fillColor('#000000');
  for (const field of stock.fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    doc.fontSize(mm(field.fontSizeMm)).text(value, mm(field.xMm + offset.dxMm), mm(field.yMm + offset.dyMm), { width: mm(field.widthMm), align: field.align ?? 'left', lineBreak: false });
  }
  return finish(doc);
}

/** Crosshair targets on the calibration page, in mm from the paper's top-left. */
export const CALIBRATION_TARGETS: readonly { xMm: number; yMm: number }[] = [
  { xMm: 20, yMm: 20 },
  { xMm: 277, yMm: 20 },
  { xMm: 148.5, yMm: 105 },
  { xMm: 20, yMm: 190 },
  { xMm: 277, yMm: 190 },
];

/**
 * The calibration page: crosshairs at known positions with millimetre scales. The technician
 * prints it on the stock, measures how far each cross lands from its mark, and enters the mean;
 * the calibration loop corrects the offset by it and prints again (docs/technicians.md).
 */
export async function renderCalibrationPdf(stock: CertificateStock, options: { offset?: CalibrationOffset; createdAt: string }): Promise<Uint8Array> {
  const offset = options.offset ?? NO_OFFSET;
  const doc = newA4Document({ title: '套打校准页', subject: stock.name, createdAt: options.createdAt }, [mm(stock.widthMm), mm(stock.heightMm)]);
  doc.font(CJK_FONT).fillColor('#000000').lineWidth(mm(0.2)).strokeColor('#000000');
  for (const t of CALIBRATION_TARGETS) {
    const x = mm(t.xMm + offset.dxMm);
    const y = mm(t.yMm + offset.dyMm);
    doc.moveTo(x - mm(8), y).lineTo(x + mm(8), y).stroke();
    doc.moveTo(x, y - mm(8)).lineTo(x, y + mm(8)).stroke();
    doc.circle(x, y, mm(3)).stroke();
    // 1 mm ticks along each arm, longer every 5 mm.
    for (let i = -8; i <= 8; i++) {
      const len = mm(i % 5 === 0 ? 1.5 : 0.8);
      doc.moveTo(x + mm(i), y - len).lineTo(x + mm(i), y + len).stroke();
      doc.moveTo(x - len, y + mm(i)).lineTo(x + len, y + mm(i)).stroke();
    }
    doc.fontSize(mm(2.5)).text(`(${t.xMm}, ${t.yMm}) mm`, x + mm(4), y + mm(4), { lineBreak: false });
  }
  doc.fontSize(mm(4.5)).text('套打校准页', mm(20), mm(60), { width: mm(stock.widthMm - 40), align: 'center' });
  doc.fontSize(mm(3.5)).text(
    `纸张：${stock.name}。当前偏移：横向 ${offset.dxMm} mm，纵向 ${offset.dyMm} mm。请量出每个十字中心相对纸上标记的偏差（向右、向下为正），取平均值在维护屏幕“证照打印机校准”或 budayang devices calibrate certificate 中输入，系统据此修正偏移，再打印一张核对。`,
    mm(40), mm(130), { width: mm(stock.widthMm - 80), align: 'left', lineGap: mm(1.5) },
  );
  return finish(doc);
}

/** Values for the sample stock (CLI, tests, benchmark). */
export function sampleCertificateValues(): Record<string, string> {
  return {
    certificateNumber: 'No. 4202002026112600031',
    holderName: '黄石市示例餐饮有限公司',
    itemName: '食品经营许可证',
    validity: '2026年11月26日至2031年11月25日',
    issuingDepartment: '黄石市示例行政审批局',
    issuedDate: '2026年11月26日',
  };
}
