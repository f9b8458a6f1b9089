// PIPL's minimum necessary for the ID card (issue #16, defect 7): a service says which card fields
// it uses, the consent lists exactly those, and the card read in the session keeps only those.
// Name and ID number identify the holder and are always read; birth date and sex are digits of
// the ID number (GB 11643) and travel with it; 民族, 住址 and 签发机关 are withheld unless asked for.
import { z } from 'zod';

export const IdCardField = z.enum([
  'name', // 姓名: always read
  'idNumber', // 公民身份号码: always read
  'validity', // 有效期限: always read, so an expired card is noticed
  'sex', // 性别 (also the 17th digit of the number)
  'birthDate', // 出生日期 (also digits 7–14 of the number)
  'nation', // 民族
  'address', // 住址
]);
export type IdCardField = z.infer<typeof IdCardField>;

/** Read for every service: who the holder is, and whether the card is still valid. */
export const ALWAYS_READ: readonly IdCardField[] = ['name', 'idNumber', 'validity'];

/** The fields a service reads, in the card's own order, the always-read ones included. */
export function fieldsToRead(wanted: readonly IdCardField[]): IdCardField[] {
  const set = new Set<IdCardField>([...ALWAYS_READ, ...wanted]);
  return IdCardField.options.filter((f) => set.has(f));
}

/** True when a card read with `read` already holds every field in `needed`. */
export function covers(read: readonly IdCardField[], needed: readonly IdCardField[]): boolean {
  return needed.every((f) => read.includes(f));
}

/** The parts of a read card (src-common/api/devices.ts IdCardData) that carry withheld fields. */
interface CardWithWithheldFields {
  readonly address: string;
  readonly issuer: string;
  readonly nation?: string;
}

/**
 * The card with the fields a service did not ask for left empty (never sent, never kept).
 * 签发机关 names the holder's local police office, so it goes with the address.
 */
export function withOnlyFields<C extends CardWithWithheldFields>(card: C, fields: readonly IdCardField[]): C {
  const keep = new Set(fieldsToRead(fields));
  const { nation: _nation, ...rest } = card;
  const minimised = {
    ...rest,
    ...(keep.has('nation') && card.nation !== undefined ? { nation: card.nation } : {}),
    address: keep.has('address') ? card.address : '',
    issuer: keep.has('address') ? card.issuer : '',
  };
  // Only `nation` may go missing, and it is optional in C: the result is still a C.
  return minimised as unknown as C;
}
