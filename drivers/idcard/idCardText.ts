// The 256-byte text block of a resident ID card, an HK/Macao/Taiwan residence permit (type 'J')
// or a foreigner's permanent residence card (type 'I', 2017; type 'Y', 2023), written as data
// (docs/protocols/sam-id-card-reader.md#text-block-layouts): one layout per type drives both the
// parser and the encoder; the parser then validates what the fields mean.
import { err, ok, type Result } from '../../src-common/result';
import { P, ucs2Field } from '../codec/messageCoder';
import { genderName, nationName } from './idCardCodeTables';
import { isGb11643Valid, isOldForeignerNumberWellFormed } from './idNumber';

export const TEXT_BLOCK_LENGTH = 256;
/** The 2-byte card type field (UCS-2) at offset 248. */
const TYPE_OFFSET = 248;
const TYPE_FIELD = ucs2Field(2);
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

/**
 * The text block of each card type, declared once (docs/protocols/sam-id-card-reader.md#text-block-layouts):
 * every field is fixed-width UCS-2 padded with spaces, and each layout covers all 256 bytes,
 * with the type character at offset 248 in every one of them.
 */
export const RESIDENT_TEXT = P.struct({
  name: ucs2Field(30), gender: ucs2Field(2), nation: ucs2Field(4), birthDate: ucs2Field(16), address: ucs2Field(70), idNumber: ucs2Field(36),
  issuer: ucs2Field(30), validFrom: ucs2Field(16), validTo: ucs2Field(16), reserved: ucs2Field(28), cardType: ucs2Field(2), reservedAfterType: ucs2Field(6),
});

export const HK_MACAO_TAIWAN_TEXT = P.struct({
  name: ucs2Field(30), gender: ucs2Field(2), reserved: ucs2Field(4), birthDate: ucs2Field(16), address: ucs2Field(70), idNumber: ucs2Field(36),
  issuer: ucs2Field(30), validFrom: ucs2Field(16), validTo: ucs2Field(16), passNumber: ucs2Field(18), issueCount: ucs2Field(4), reservedBeforeType: ucs2Field(6),
  cardType: ucs2Field(2), reservedAfterType: ucs2Field(6),
});

export const FOREIGNER_2017_TEXT = P.struct({
  englishName: ucs2Field(120), gender: ucs2Field(2), idNumber: ucs2Field(30), nationality: ucs2Field(6), name: ucs2Field(30),
  validFrom: ucs2Field(16), validTo: ucs2Field(16), birthDate: ucs2Field(16), cardVersion: ucs2Field(4), issuer: ucs2Field(8),
  cardType: ucs2Field(2), reservedAfterType: ucs2Field(6),
});

/** 2023 layout after `Johann356/readinfo` (the protocol page notes a disagreement on 158–187 and 220–241). */
export const FOREIGNER_2023_TEXT = P.struct({
  name: ucs2Field(30), gender: ucs2Field(2), renewalCount: ucs2Field(4), birthDate: ucs2Field(16), englishNameStart: ucs2Field(70),
  idNumber: ucs2Field(36), issuer: ucs2Field(30), validFrom: ucs2Field(16), validTo: ucs2Field(16), englishNameEnd: ucs2Field(22),
  nationality: ucs2Field(6), cardType: ucs2Field(2), previousNumberLink: ucs2Field(6),
});

/** The layout of each type character. */
const TEXT_LAYOUTS = {
  ' ': RESIDENT_TEXT,
  J: HK_MACAO_TAIWAN_TEXT,
  I: FOREIGNER_2017_TEXT,
  Y: FOREIGNER_2023_TEXT,
} as const;

/** A block of spaces (`20 00` × 128), as a card's unused fields are. */
const BLANK_BLOCK = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 === 0 ? 0x20 : 0x00));

/** Field names of one type's layout (what `encodeIdCardText` accepts). */
export type TextFieldName<C extends CardTypeCode> = Exclude<keyof P.UnwrapCoder<(typeof TEXT_LAYOUTS)[C]>, 'cardType'>;

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
  return TYPE_FIELD.decode(block.subarray(TYPE_OFFSET, TYPE_OFFSET + 2)) || ' ';
}

/** Parses a 256-byte text block. Never throws; a field that cannot be right is an error, not a guess. */
export function parseIdCardText(block: Uint8Array): Result<IdCardText, TextParseError> {
  if (block.length !== TEXT_BLOCK_LENGTH) return err({ field: 'block', reason: `text block is ${block.length} bytes, expected 256` });
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
  const raw = RESIDENT_TEXT.decode(block);
  if (!/^\d{2}$/.test(raw.nation)) return err({ field: 'nation', reason: 'not a 2-digit GB 3304 code' });
  const fields = common(raw, 'gb11643');
  if (!fields.ok) return fields;
  return ok({ cardType: 'resident', ...fields.value, nation: nationName(raw.nation), nationCode: raw.nation });
}

function parseHkMacaoTaiwan(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = HK_MACAO_TAIWAN_TEXT.decode(block);
  const fields = common(raw, 'gb11643');
  if (!fields.ok) return fields;
  return ok({ cardType: 'hkMacaoTaiwan', ...fields.value, passNumber: raw.passNumber, issueCount: raw.issueCount });
}

function parseForeigner2017(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = FOREIGNER_2017_TEXT.decode(block);
  const englishName = required('englishName', raw.englishName);
  if (!englishName.ok) return englishName;
  const fields = common({ ...raw, address: '' }, 'formatOnly');
  if (!fields.ok) return fields;
  return ok({ cardType: 'foreigner', layout: '2017', ...fields.value, englishName: englishName.value, nationality: raw.nationality, cardVersion: raw.cardVersion });
}

function parseForeigner2023(block: Uint8Array): Result<IdCardText, TextParseError> {
  const raw = FOREIGNER_2023_TEXT.decode(block);
  // The English name is split over two fields; the first is space-padded to 35 characters.
  const first = raw.englishNameStart;
  const englishName = required('englishName', raw.englishNameEnd ? `${first.padEnd(35, ' ')}${raw.englishNameEnd}`.trim() : first);
  if (!englishName.ok) return englishName;
  const fields = common({ ...raw, address: '' }, 'gb11643');
  if (!fields.ok) return fields;
  return ok({ cardType: 'foreigner', layout: '2023', ...fields.value, englishName: englishName.value, nationality: raw.nationality, cardVersion: raw.renewalCount });
}

/** Builds a text block from raw field strings (dates as YYYYMMDD): for simulators and tests. */
export function encodeIdCardText<C extends CardTypeCode>(type: C, fields: Partial<Record<TextFieldName<C>, string>>): Uint8Array {
  // Every layout is a struct of string fields; the per-type field names are checked by the signature.
  const layout = TEXT_LAYOUTS[type] as unknown as P.CoderType<Record<string, string>>;
  const blank = layout.decode(BLANK_BLOCK);
  for (const key of Object.keys(fields)) if (!(key in blank) || key === 'cardType') throw new Error(`field ${key} is not in the '${type}' layout`);
  return layout.encode({ ...blank, ...fields, cardType: type });
}
