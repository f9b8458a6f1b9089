// The A4 proof (证明): title, holder, a body table, statement, issuing department with the demo
// seal, date, verification code and QR, footer. Pure data in, PDF bytes out.
import { formatShanghaiTime } from '../receipts/receiptTemplates';
import { A4_MM, CJK_FONT, drawDemoSeal, drawQr, finish, mm, newA4Document } from './pdfPrimitives';

export interface ProofData {
  /** e.g. 户籍证明, 无犯罪记录证明. */
  readonly title: string;
  readonly documentNumber: string;
  readonly holderName: string;
  readonly holderIdNumber: string;
  readonly rows: readonly { readonly label: string; readonly value: string }[];
  /** The statement paragraph. */
  readonly statement: string;
  readonly issuingDepartment: string;
  /** UTC ISO-8601; printed as the Beijing date. */
  readonly issuedAt: string;
  readonly verificationCode: string;
  readonly verifyUrl: string;
  readonly footer: string;
}

const MARGIN = 25;
const CONTENT_WIDTH = A4_MM.width - 2 * MARGIN;

function chineseDate(utcIso: string): string {
  const [date] = formatShanghaiTime(utcIso).split(' ');
  const [y, m, d] = date!.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export async function renderProofPdf(data: ProofData): Promise<Uint8Array> {
  const doc = newA4Document({ title: data.title, subject: `证明 ${data.documentNumber}`, createdAt: data.issuedAt });
  doc.font(CJK_FONT).fillColor('#000000');

  doc.fontSize(mm(8)).text(data.title, mm(MARGIN), mm(32), { width: mm(CONTENT_WIDTH), align: 'center', characterSpacing: mm(2) });
  doc.fontSize(mm(3.5)).text(`编号：${data.documentNumber}`, mm(MARGIN), mm(48), { width: mm(CONTENT_WIDTH), align: 'right' });

  // Body table: holder first, then the document's own rows.
  const rows = [{ label: '姓名', value: data.holderName }, { label: '公民身份号码', value: data.holderIdNumber }, ...data.rows];
  const labelWidth = 40;
  const rowHeight = 10;
  let y = 56;
  doc.lineWidth(mm(0.3)).strokeColor('#000000');
  for (const row of rows) {
    doc.rect(mm(MARGIN), mm(y), mm(labelWidth), mm(rowHeight)).stroke();
    doc.rect(mm(MARGIN + labelWidth), mm(y), mm(CONTENT_WIDTH - labelWidth), mm(rowHeight)).stroke();
    doc.fontSize(mm(4)).text(row.label, mm(MARGIN), mm(y + 3), { width: mm(labelWidth), align: 'center', lineBreak: false });
    doc.text(row.value, mm(MARGIN + labelWidth + 4), mm(y + 3), { width: mm(CONTENT_WIDTH - labelWidth - 8), lineBreak: false, ellipsis: true });
    y += rowHeight;
  }

  doc.fontSize(mm(4.2)).text(data.statement, mm(MARGIN), mm(y + 10), { width: mm(CONTENT_WIDTH), indent: mm(8.4), lineGap: mm(2.5), align: 'left' });

  // Issuer block, seal over it (bottom right), as on paper proofs.
  const issuerY = 200;
  doc.fontSize(mm(4.2)).text(data.issuingDepartment, mm(MARGIN), mm(issuerY), { width: mm(CONTENT_WIDTH - 5), align: 'right' });
  doc.text(chineseDate(data.issuedAt), mm(MARGIN), mm(issuerY + 9), { width: mm(CONTENT_WIDTH - 5), align: 'right' });
  drawDemoSeal(doc, A4_MM.width - MARGIN - 25, issuerY + 5, 20, data.issuingDepartment);

  // Verification: QR bottom left, code beside it.
  const qrY = 232;
  drawQr(doc, data.verifyUrl, MARGIN, qrY, 30);
  doc.fillColor('#000000').fontSize(mm(3.5));
  doc.text(`验证码：${data.verificationCode}`, mm(MARGIN + 34), mm(qrY + 8), { lineBreak: false });
  doc.text('扫描二维码或登录政务服务网核验本证明真伪', mm(MARGIN + 34), mm(qrY + 15), { lineBreak: false });

  doc.moveTo(mm(MARGIN), mm(272)).lineTo(mm(A4_MM.width - MARGIN), mm(272)).lineWidth(mm(0.2)).stroke();
  doc.fontSize(mm(3)).text(data.footer, mm(MARGIN), mm(275), { width: mm(CONTENT_WIDTH), align: 'center' });
  return finish(doc);
}

/** Demo data for the CLI, tests and the benchmark (fictitious person, standard's sample ID). */
export function sampleProof(issuedAt = '2026-11-26T02:00:00Z'): ProofData {
  return {
    title: '户籍证明',
    documentNumber: 'HZ-420200-20261126-0007',
    holderName: '张三丰',
    holderIdNumber: '11010519491231002X',
    rows: [
      { label: '性别', value: '男' },
      { label: '出生日期', value: '1949年12月31日' },
      { label: '户籍地址', value: '湖北省黄石市黄石港区示例路1号' },
      { label: '用途', value: '办理入学手续' },
    ],
    statement: '兹证明上述人员系本辖区常住户口，以上信息与户籍档案记载一致。本证明自开具之日起三个月内有效。',
    issuingDepartment: '黄石市示例派出所',
    issuedAt,
    verificationCode: 'K7QX-93MD-2WPA',
    verifyUrl: 'https://gov.example.cn/verify?code=K7QX-93MD-2WPA',
    footer: '本证明由政务服务自助终端打印 · 样例文档，非真实证明',
  };
}
