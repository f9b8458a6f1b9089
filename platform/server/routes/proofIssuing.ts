// Proof issuing for kiosks (自助打印证明): the reference platform answers for the citizen whose
// card the kiosk read, with deterministic fictitious records derived from the ID number, and keeps
// each issued proof under its id so the verification code can be checked (GET /v1/proofs/:id).
import { createHash, randomInt } from 'node:crypto';
import { IssueProofRequest, type IssuedProof, type ProofKind } from '../../../src-common/wire/proofsWire';
import { describeIssues, kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

const TITLES: Readonly<Record<ProofKind, { title: string; department: string; statement: string }>> = {
  socialInsurance: {
    title: '社会保险参保证明',
    department: '黄石市社会保险事业中心',
    statement: '兹证明上述人员在本市参加社会保险,缴费情况如上表所列。本证明仅用于证明参保缴费情况。',
  },
  housingFund: {
    title: '住房公积金缴存证明',
    department: '黄石住房公积金中心',
    statement: '兹证明上述人员在本中心缴存住房公积金,缴存情况如上表所列。',
  },
  residence: {
    title: '户籍证明',
    department: '黄石市公安局户政管理部门',
    statement: '兹证明上述人员系本市常住户口,以上信息与户籍档案记载一致。本证明自开具之日起三个月内有效。',
  },
};

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function verificationCode(): string {
  const part = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${part()}-${part()}-${part()}`;
}

/** Fictitious but stable records for one person: the same card always gets the same history. */
function recordsFor(kind: ProofKind, idNumber: string): { label: string; value: string }[] {
  const h = createHash('sha256').update(`${kind}:${idNumber}`).digest();
  const year = 2008 + (h[0]! % 12);
  const month = 1 + (h[1]! % 12);
  switch (kind) {
    case 'socialInsurance':
      return [
        { label: '参保险种', value: '企业职工基本养老保险、医疗保险、失业保险' },
        { label: '首次参保', value: `${year}年${month}月` },
        { label: '累计缴费月数', value: `${(2026 - year) * 12 - month + 11}个月` },
        { label: '参保地', value: '湖北省黄石市' },
      ];
    case 'housingFund':
      return [
        { label: '开户日期', value: `${year}年${month}月` },
        { label: '缴存状态', value: '正常缴存' },
        { label: '月缴存额', value: `${(600 + (h[2]! % 20) * 50).toFixed(2)}元` },
      ];
    case 'residence':
      return [
        { label: '户籍地址', value: '湖北省黄石市(详见户籍档案)' },
        { label: '户口类别', value: '居民家庭户口' },
      ];
  }
}

export const proofIssuingRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/proofs/issue', kioskRoute(ctx), async (request, reply) => {
    const parsed = IssueProofRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalid', describeIssues(parsed.error.issues), ctx.now());
    const { kind, holder } = parsed.data;
    const template = TITLES[kind];
    const issuedAt = new Date(ctx.now()).toISOString();
    // 12 random digits: with 6, two proofs of one day collided after about a thousand (found by
    // `npm run soak`: the second insert failed and the kiosk's proof was refused with a 500).
    const proofId = `P-${kind}-${issuedAt.slice(0, 10).replace(/-/g, '')}-${randomInt(1e12).toString().padStart(12, '0')}`;
    const code = verificationCode();
    const proof: IssuedProof = {
      proofId,
      kind,
      title: template.title,
      rows: recordsFor(kind, holder.idNumber),
      statement: template.statement,
      issuingDepartment: template.department,
      issuedAt,
      verificationCode: code,
      verifyUrl: `https://verify.budayang.invalid/proof?code=${code}`,
    };
    // Kept for verification: the code and the body, not the holder's identity.
    await ctx.store.reference.saveProof({ proofId, kind, title: template.title, fields: { verificationCode: code, ...Object.fromEntries(proof.rows.map((r) => [r.label, r.value])) }, issuedAt });
    return proof;
  });
};
