// The proof number people read (issue #16, defect 10): never the platform's internal key.
import { describe, expect, it } from 'vitest';
import { displayProofNumber } from '../../../src-main/core/proofs/proofNumber';

describe('displayProofNumber', () => {
  it('shows the platform key as its date and serial', () => {
    expect(displayProofNumber('P-socialInsurance-20261126-004217')).toBe('20261126 004217');
    expect(displayProofNumber('P-housingFund-20261126-7')).toBe('20261126 7');
  });

  it('shows another key as its digits in groups, and a key without enough digits as it is', () => {
    expect(displayProofNumber('HZ-420200-20261126-0007')).toBe('4202 0020 2611 2600 07');
    expect(displayProofNumber('ABC-12')).toBe('ABC-12');
  });
});
