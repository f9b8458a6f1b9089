// SW3 result codes of the SAM_A module (docs/protocols/sam-id-card-reader.md#result-codes-sw3) with Chinese and English wording and
// the API completion code each maps to, so a technician and a citizen both get a sentence.
import type { CompletionCode } from '../../src-common/api/envelope';

export interface SamResultCode {
  readonly sw3: number;
  readonly zh: string;
  readonly en: string;
  /** How the API reports this outcome when it ends a command. */
  readonly completionCode: CompletionCode;
}

export const SAM_SW3 = {
  success: 0x90,
  noContent: 0x91,
  cardFound: 0x9f,
  readFailed: 0x41,
  samSelfCheckFailed: 0x60,
  findCardFailed: 0x80,
  selectCardFailed: 0x81,
} as const;

const TABLE: readonly SamResultCode[] = [
  { sw3: 0x90, zh: '操作成功', en: 'success', completionCode: 'success' },
  { sw3: 0x91, zh: '卡中此项无内容', en: 'this item has no content on the card', completionCode: 'success' },
  { sw3: 0x9f, zh: '寻卡成功', en: 'card found', completionCode: 'success' },
  { sw3: 0x10, zh: '接收业务终端数据的校验和错', en: 'the SAM received a frame with a bad checksum', completionCode: 'hardwareError' },
  // ntga/VB call 0x11 a SAM receive timeout; the other list a length error. Both are link faults.
  { sw3: 0x11, zh: '接收业务终端数据的长度错', en: 'the SAM received a frame with a bad length (or timed out receiving it)', completionCode: 'hardwareError' },
  { sw3: 0x21, zh: '接收业务终端的命令错误', en: 'the SAM rejected the command', completionCode: 'hardwareError' },
  { sw3: 0x23, zh: '越权操作', en: 'operation not permitted', completionCode: 'sequenceError' },
  { sw3: 0x24, zh: '无法识别的错误', en: 'unrecognised error', completionCode: 'hardwareError' },
  { sw3: 0x31, zh: '证/卡认证机具失败', en: 'the card failed to authenticate the reader', completionCode: 'userError' },
  { sw3: 0x32, zh: '机具认证证/卡失败', en: 'the reader failed to authenticate the card', completionCode: 'userError' },
  { sw3: 0x33, zh: '信息验证错误', en: 'information verification error', completionCode: 'userError' },
  { sw3: 0x34, zh: '尚未找卡', en: 'no card found yet, card operation impossible', completionCode: 'sequenceError' },
  { sw3: 0x40, zh: '无法识别的卡类型', en: 'unrecognised card type', completionCode: 'userError' },
  { sw3: 0x41, zh: '读证/卡操作失败', en: 'card read failed', completionCode: 'userError' },
  { sw3: 0x47, zh: '取随机数失败', en: 'getting a random number failed', completionCode: 'hardwareError' },
  { sw3: 0x50, zh: '写卡失败', en: 'card write failed', completionCode: 'hardwareError' },
  { sw3: 0x60, zh: 'SAM自检失败，不能接收命令', en: 'SAM self-check failed; it accepts no commands', completionCode: 'hardwareError' },
  { sw3: 0x61, zh: '用户登录失败', en: 'user login failed', completionCode: 'hardwareError' },
  { sw3: 0x66, zh: 'SAM没经过授权', en: 'SAM not authorised', completionCode: 'hardwareError' },
  // 0x80 is the normal reply when no card is on the reader: the wait loop keeps polling.
  { sw3: 0x80, zh: '找卡不成功', en: 'find card failed (no card on the reader)', completionCode: 'userError' },
  { sw3: 0x81, zh: '选卡不成功', en: 'select card failed', completionCode: 'userError' },
];

const BY_CODE = new Map(TABLE.map((entry) => [entry.sw3, entry]));

/** The table entry for a code; unknown codes become a hardware error that names the byte. */
export function describeSamResult(sw3: number): SamResultCode {
  const known = BY_CODE.get(sw3);
  if (known) return known;
  const hex = `0x${sw3.toString(16).padStart(2, '0').toUpperCase()}`;
  return { sw3, zh: `未知的SAM返回码 ${hex}`, en: `unknown SAM result code ${hex}`, completionCode: 'hardwareError' };
}

export const SAM_RESULT_CODES: readonly SamResultCode[] = TABLE;
