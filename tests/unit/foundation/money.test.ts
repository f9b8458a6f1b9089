// Money is whole fen, branded: the schema every API and catalog amount uses refuses fractions,
// negatives and unsafe integers, and `fen()` refuses what is not a safe integer.
import { describe, expect, it } from 'vitest';
import { fen, FenSchema, formatFen } from '../../../src-common/domain/money';
import { paymentsMethods } from '../../../src-common/api/payments';

describe('Fen', () => {
  it('the schema takes whole non-negative fen and nothing else', () => {
    expect(FenSchema.parse(0)).toBe(0);
    expect(FenSchema.parse(12_345)).toBe(12_345);
    for (const bad of [12.5, -1, Number.MAX_SAFE_INTEGER + 2, Number.NaN, '100']) expect(FenSchema.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('API inputs in fen are checked by the same schema (a fractional amount due is refused)', () => {
    const input = paymentsMethods['Cash.Start'].input;
    expect(input.safeParse({ dueFen: 5000 }).success).toBe(true);
    expect(input.safeParse({ dueFen: 49.99 }).success).toBe(false);
    expect(input.safeParse({ dueFen: 0 }).success).toBe(false);
  });

  it('fen() brands safe integers and throws on anything else (a bug, not input)', () => {
    expect(fen(250)).toBe(250);
    expect(() => fen(2.5)).toThrow(RangeError);
    expect(() => fen(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });

  it('formats for screens and receipts', () => {
    expect(formatFen(fen(5000))).toBe('¥50.00');
    expect(formatFen(fen(5))).toBe('¥0.05');
    expect(formatFen(fen(-120))).toBe('-¥1.20');
  });
});
