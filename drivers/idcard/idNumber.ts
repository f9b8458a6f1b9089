// ID number checks: GB 11643-1999 (ISO 7064 MOD 11-2) for 18-character numbers, and the shape
// of the old foreigner's permanent residence number (docs/protocols/sam-id-card-reader.md#id-number-check-digit).

/** Weights for positions 1–17 (= 2^(18−i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits, or undefined when they are not 17 digits. */
export function gb11643CheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11];
}

/** True when the 18-character number has a valid GB 11643 check character (X upper or lower). */
export function isGb11643Valid(idNumber: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return false;
  return gb11643CheckCharacter(idNumber.slice(0, 17)) === idNumber[17]!.toUpperCase();
}

/** Old (2017-style) foreigner's card number: 3 letters + 12 digits; no public check-digit rule. */
export function isOldForeignerNumberWellFormed(number: string): boolean {
  return /^[A-Za-z]{3}\d{12}$/.test(number);
}
