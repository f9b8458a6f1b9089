// Case numbers `{kioskCode}-{yyyymmdd}-{seq}` (受理编号): the day is the Beijing calendar day the
// citizen sees on the receipt, and the sequence restarts at 0001 each day for each kiosk.
// Pure; the allocation itself happens inside the submit transaction (ApplicationStore).

/** Digits the sequence is padded to; the 10,000th case of a day simply gets a fifth digit. */
export const CASE_SEQUENCE_DIGITS = 4;

const BEIJING_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `yyyymmdd` of the calendar day in Asia/Shanghai at `epochMs` (storage stays UTC). */
export function beijingDay(epochMs: number): string {
  const parts = Object.fromEntries(BEIJING_DAY.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}`;
}

export function formatCaseNumber(kioskCode: string, day: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`case sequence must be a positive integer, got ${sequence}`);
  return `${kioskCode}-${day}-${String(sequence).padStart(CASE_SEQUENCE_DIGITS, '0')}`;
}

const CASE_NUMBER_PATTERN = /^([A-Z0-9]{2,16})-(\d{8})-(\d{4,})$/;

/** The parts of a case number, or undefined when the text is not one. */
export function parseCaseNumber(text: string): { kioskCode: string; day: string; sequence: number } | undefined {
  const m = CASE_NUMBER_PATTERN.exec(text);
  return m ? { kioskCode: m[1]!, day: m[2]!, sequence: Number(m[3]) } : undefined;
}
