// Money is integer fen everywhere (design.md §5): never floats, never yuan in storage.
import { z } from 'zod';

/** An amount of money in an API, config or catalog schema: whole fen, never negative; parses to `Fen`. */
export const FenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).brand<'Fen'>();

/** Whole fen: a number the type system keeps apart from counts, yuan and seconds. */
export type Fen = z.infer<typeof FenSchema>;

/** Checks and brands an amount (sums and differences of Fen are plain numbers until they pass here). */
export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`fen must be a safe integer, got ${value}`);
  return value as Fen;
}

/** Formats fen as "¥12.50" for screens and receipts. */
export function formatFen(amount: Fen | number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}
