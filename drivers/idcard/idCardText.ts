// The 256-byte text block of a resident ID card, an HK/Macao/Taiwan residence permit (type 'J')
// or a foreigner's permanent residence card (type 'I', 2017; type 'Y', 2023), written as data
// (protocols.md §1.6): one layout table per type drives both the parser and the encoder.
import { err, ok, type Result } from '../../src-common/result';
import { genderName, nationName } from './idCardCodeTables';
import { isGb11643Valid, isOldForeignerNumberWellFormed } from './idNumber';

export const TEXT_BLOCK_LENGTH = 256;
/** The 2-byte card type field (UCS-2) at offset 248. */
const TYPE_OFFSET = 248;
/** '长期' (long-term validity) as stored in the valid-to field. */
export const LONG_TERM = '长期';

/** Raw type characters in the text block. */
export const CARD_TYPE_CODES = {
  resident: ' ', // ordinary resident ID card
  hkMacaoTaiwan: 'J', // HK/Macao/Taiwan residence permit
  foreigner2017: 'I', // foreigner's permanent residence card, 2017 layout
  foreigner2023: 'Y', // foreigner's permanent residence ID card, 2023 layout
} as const;
export type CardTypeCode = (typeof CARD_TYPE_CODES)[keyof typeof CARD_TYPE_CODES];

type FieldSpan = readonly [offset: number, byteLength: number];
export type TextLayout = Readonly<Record<string, FieldSpan>>;

export const RESIDENT_LAYOUT = {
  name: [0, 30], gender: [30, 2], nation: [32, 4], birthDate: [36, 16], address: [52, 70], idNumber: [122, 36],
  issuer: [158, 30], validFrom: [188, 16], validTo: [204, 16],
} as const satisfies TextLayout;

export const HK_MACAO_TAIWAN_LAYOUT = {
  name: [0, 30], gender: [30, 2], birthDate: [36, 16], address: [52, 70], idNumber: [122, 36], issuer: [158, 30],
  validFrom: [188, 16], validTo: [204, 16], passNumber: [220, 18], issueCount: [238, 4],
} as const satisfies TextLayout;

export const FOREIGNER_2017_LAYOUT = {
  englishName: [0, 120], gender: [120, 2], idNumber: [122, 30], nationality: [152, 6], name: [158, 30],
  validFrom: [188, 16], validTo: [204, 16], birthDate: [220, 16], cardVersion: [236, 4], issuer: [240, 8],
} as const satisfies TextLayout;

/** 2023 layout after `Johann356/readinfo` (protocols.md notes a disagreement on 158–187 and 220–241). */
export const FOREIGNER_2023_LAYOUT = {
  name: [0, 30], gender: [30, 2], renewalCount: [32, 4], birthDate: [36, 16], englishNameStart: [52, 70],
  idNumber: [122, 36], issuer: [158, 30], validFrom: [188, 16], validTo: [204, 16], englishNameEnd: [220, 22],
  nationality: [242, 6], previousNumberLink: [250, 6],
} as const satisfies TextLayout;

/** How the ID number's integrity was checked. */
export type IdNumberCheck =
  | 'gb11643' // GB 11643 MOD 11-2 check character (resident, J, and the 18-character 2023 'Y' number)
  | 'formatOnly'; // 2017 'I' number: 3 letters + 12 digits; no public check-digit rule exists

interface CommonFields {
  readonly name: string;
  /** 男 / 女 / 未知 / 未说明, or the raw code. */
  readonly sex: string;
  readonly sexCode: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  /** Empty on foreigners' cards, which carry no address. */
  readonly address: string;
  readonly idNumber: string;
  readonly issuer: string;
  /** YYYY-MM-DD. */
  readonly validFrom: string;
  /** YYYY-MM-DD or `长期`. */
  readonly validTo: string;
  /** False when the number fails its check: reported, never silently accepted. */
  readonly checkDigitValid: boolean;
  readonly idNumberCheck: IdNumberCheck;
}

export type IdCardText =
  /** 居民身份证. */
  | (CommonFields & { readonly cardType: 'resident'; readonly nation: string; readonly nationCode: string })
  /** 港澳台居民居住证. */
  | (CommonFields & { readonly cardType: 'hkMacaoTaiwan'; readonly passNumber: string; readonly issueCount: string })
  /** 外国人永久居留身份证 (2017 'I' or 2023 'Y' layout). */
  | (CommonFields & {
      readonly cardType: 'foreigner';
      readonly layout: '2017' | '2023';
      readonly englishName: string;
      /** GB/T 2659 three-letter code. */
      readonly nationality: string;
      /** 2017: card version; 2023: renewal count. */
      readonly cardVersion: string;
    });
export type IdCardType = IdCardText['cardType'];

export interface TextParseError {
  readonly field: string;
  readonly reason: string;
}

function readField(block: Uint8Array, [offset, length]: FieldSpan): string {
  let text = '';
  for (let i = offset; i + 1 < offset + length; i += 2) text += String.fromCharCode(block[i]! | (block[i + 1]! << 8));
  return text.replace(/[\u0000\u0020\u3000]+$/u, '').replace(/^[\u0000\u0020]+/u, '');
}

function date(field: string, raw: string, allowLongTerm = false): Result<string, TextParseError> {
  if (allowLongTerm && raw === LONG_TERM) return ok(LONG_TERM);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return err({ field, reason: 'not a YYYYMMDD date' });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return err({ field, reason: 'not a calendar date' });
  }
  return ok(`${m[1]}-${m[2]}-${m[3]}`);
}

function required(field: string, value: string): Result<string, TextParseError> {
  return value.length > 0 ? ok(value) : err({ field, reason: 'empty' });
}

/** The raw type character at offset 248. */
export function cardTypeCode(block: Uint8Array): string {
  return readField(block, [TYPE_OFFSET, 2]) || ' ';
}

/** Parses a 256-byte text block. Never throws; a field that cannot be right is an error, not a guess. */
export function parseIdCardText(block: Uint8Array): Result<IdCardText, TextParseError> {
  if (block.length < TEXT_BLOCK_LENGTH) return err({ field: 'block', reason: `text block is ${block.length} bytes, expected 256` });
  const type = cardTypeCode(block);
  switch (type) {
    case ' ':
      return parseResident(block);
    case 'J':
      return parseHkMacaoTaiwan(block);
    case 'I':
      return parseForeigner2017(block);
    case 'Y':
      return parseForeigner2023(block);
    default:
      return err({ field: 'cardType', reason: `unknown card type code ${JSON.stringify(type)}` });
  }
}

type Read<L extends TextLayout> = { readonly [K in keyof L]: string };
function readAll<L extends TextLayout>(block: Uint8Array, layout: L): Read<L> {
  const out: Record<string, string> = {};
  for (const [key, span] of Object.entries(layout)) out[key] = readField(block, span);
  return out as Read<L>;
}

/** Validates the fields every card type shares; the ID number rule differs by type. */
function common(raw: { name: string; gender: string; birthDate: string; address: string; idNumber: string; issuer: string; validFrom: string; validTo: string }, check: IdNumberCheck): Result<CommonFields, TextParseError> {
  const name = required('name', raw.name);
  if (!name.ok) return name;
  if (!/^[0129]$/.test(raw.gender)) return err({ field: 'gender', reason: 'not a GB/T 2261.1 code' });
  const birthDate = date('birthDate', raw.birthDate);
  if (!birthDate.ok) return birthDate;
  const idNumber = required('idNumber', raw.idNumber);
  if (!idNumber.ok) return idNumber;
  const validFrom = date('validFrom', raw.validFrom);
  if (!validFrom.ok) return validFrom;
  const validTo = date('validTo', raw.validTo, true);
  if (!validTo.ok) return validTo;
  const checkDigitValid = check === 'gb11643' ? isGb11643Valid(raw.idNumber) : isOldForeignerNumberWellFormed(raw.idNumber);
  return ok({
    name: name.value, sex: genderName(raw.gender), sexCode: raw.gender, birthDate: birthDate.value, address: raw.address,
    idNumber: idNumber.value, issuer: raw.issuer, validFrom: validFrom.value, validTo: validTo.value, checkDigitValid, idNumberCheck: check,
  });
}

function parseResident(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = readAll(block, RESIDENT_LAYOUT);
  if (!/^\d{2}$/.test(raw.nation)) return err({ field: 'nation', reason: 'not a 2-digit GB 3304 code' });
  const fields = common(raw, 'gb11643');
  if (!fields.ok) return fields;
  return ok({ cardType: 'resident', ...fields.value, nation: nationName(raw.nation), nationCode: raw.nation });
}

function parseHkMacaoTaiwan(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = readAll(block, HK_MACAO_TAIWAN_LAYOUT);
  const fields = common(raw, 'gb11643');
  if (!fields.ok) return fields;
  return ok({ cardType: 'hkMacaoTaiwan', ...fields.value, passNumber: raw.passNumber, issueCount: raw.issueCount });
}

function parseForeigner2017(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = readAll(block, FOREIGNER_2017_LAYOUT);
  const englishName = required('englishName', raw.englishName);
  if (!englishName.ok) return englishName;
  const fields = common({ ...raw, address: '' }, 'formatOnly');
  if (!fields.ok) return fields;
  return ok({ cardType: 'foreigner', layout: '2017', ...fields.value, englishName: englishName.value, nationality: raw.nationality, cardVersion: raw.cardVersion });
}

function parseForeigner2023(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = readAll(block, FOREIGNER_2023_LAYOUT);
  // The English name is split over two fields; the first is space-padded to 35 characters.
  const first = readField(block, FOREIGNER_2023_LAYOUT.englishNameStart);
  const englishName = required('englishName', raw.englishNameEnd ? `${first.padEnd(35, ' ')}${raw.englishNameEnd}`.trim() : first);
  if (!englishName.ok) return englishName;
  const fields = common({ ...raw, address: '' }, 'gb11643');
  if (!fields.ok) return fields;
  return ok({ cardType: 'foreigner', layout: '2023', ...fields.value, englishName: englishName.value, nationality: raw.nationality, cardVersion: raw.renewalCount });
}

/** Builds a text block from raw field strings (dates as YYYYMMDD): for simulators and tests. */
export function encodeIdCardText(type: CardTypeCode, fields: Readonly<Record<string, string>>): Uint8Array {
  const layout: TextLayout =
    type === ' ' ? RESIDENT_LAYOUT : type === 'J' ? HK_MACAO_TAIWAN_LAYOUT : type === 'I' ? FOREIGNER_2017_LAYOUT : FOREIGNER_2023_LAYOUT;
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  writeField(block, [0, TEXT_BLOCK_LENGTH], '');
  for (const [key, value] of Object.entries(fields)) {
    const span = layout[key];
    if (!span) throw new Error(`field ${key} is not in the '${type}' layout`);
    writeField(block, span, value);
  }
  writeField(block, [TYPE_OFFSET, 2], type);
  return block;
}

function writeField(block: Uint8Array, [offset, length]: FieldSpan, value: string): void {
  if (value.length * 2 > length) throw new Error(`value of ${value.length} characters does not fit ${length} bytes`);
  for (let i = 0; i < length / 2; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 0x20;
    block[offset + 2 * i] = code & 0xff;
    block[offset + 2 * i + 1] = code >> 8;
  }
}
