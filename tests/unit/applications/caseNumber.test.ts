import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyScan } from '../../../drivers/scanner/scanClassifier';
import { beijingDay, formatCaseNumber, parseCaseNumber } from '../../../src-main/core/applications/caseNumber';

describe('case numbers', () => {
  it('use the Beijing calendar day, which starts at 16:00 UTC', () => {
    expect(beijingDay(Date.parse('2026-11-26T15:59:59.999Z'))).toBe('20261126');
    expect(beijingDay(Date.parse('2026-11-26T16:00:00.000Z'))).toBe('20261127');
    expect(beijingDay(Date.parse('2026-12-31T16:00:00.000Z'))).toBe('20270101');
  });

  it('pad the sequence to four digits and grow past 9999 rather than wrap', () => {
    expect(formatCaseNumber('DEMO01', '20261126', 1)).toBe('DEMO01-20261126-0001');
    expect(formatCaseNumber('DEMO01', '20261126', 9999)).toBe('DEMO01-20261126-9999');
    expect(formatCaseNumber('DEMO01', '20261126', 10000)).toBe('DEMO01-20261126-10000');
    expect(() => formatCaseNumber('DEMO01', '20261126', 0)).toThrow();
  });

  it('round-trip through parse and are recognised by the kiosk scanner as case numbers', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{2,16}$/), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), fc.integer({ min: 1, max: 99_999 }), (kiosk, at, seq) => {
        const caseNumber = formatCaseNumber(kiosk, beijingDay(at), seq);
        expect(parseCaseNumber(caseNumber)).toEqual({ kioskCode: kiosk, day: beijingDay(at), sequence: seq });
        const scanned = classifyScan(caseNumber);
        expect(scanned.kind).toBe('caseNumber');
        expect(scanned.caseNumber?.sequence).toBe(seq);
      }),
      { numRuns: 200 },
    );
  });
});
