// The case state machine: every pair of statuses is allowed exactly when the lifecycle lists it,
// and a refused move says why.
import { describe, expect, it } from 'vitest';
import { CaseStatusCode } from '../../../src-common/wire/casesWire';
import { CASE_TRANSITIONS, checkTransition, describeRefusal } from '../../../platform/server/cases/caseLifecycle';

const ALLOWED = new Set(['received>inReview', 'received>rejected', 'inReview>approved', 'inReview>rejected', 'approved>readyForPickup', 'readyForPickup>pickedUp']);

describe('case lifecycle', () => {
  it.each(CaseStatusCode.options.flatMap((from) => CaseStatusCode.options.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const result = checkTransition(from, { to, note: 'reason' });
    expect(result.ok).toBe(ALLOWED.has(`${from}>${to}`));
    if (!result.ok) expect(result.error).toEqual({ kind: 'notAllowed', from, to, allowed: CASE_TRANSITIONS[from] });
  });

  it('ends only at rejected, pickedUp, or approved when there is nothing to collect', () => {
    expect(CASE_TRANSITIONS.rejected).toEqual([]);
    expect(CASE_TRANSITIONS.pickedUp).toEqual([]);
    expect(CASE_TRANSITIONS.approved).toEqual(['readyForPickup']);
  });

  it('refuses a rejection without a reason, a stale expectation and a certificate on the wrong move', () => {
    expect(checkTransition('inReview', { to: 'rejected' })).toEqual({ ok: false, error: { kind: 'noteRequired' } });
    expect(checkTransition('inReview', { to: 'approved', expectedStatus: 'received' })).toEqual({ ok: false, error: { kind: 'staleStatus', expected: 'received', actual: 'inReview' } });
    const certificate = { title: 't', kind: 'k', fields: {}, printQuota: 1 };
    expect(checkTransition('inReview', { to: 'approved', certificate })).toEqual({ ok: false, error: { kind: 'unexpectedCertificate' } });
    expect(checkTransition('approved', { to: 'readyForPickup', certificate }).ok).toBe(true);
    expect(describeRefusal({ kind: 'notAllowed', from: 'pickedUp', to: 'received', allowed: [] })).toBe('a pickedUp case cannot become received; allowed: none (final)');
  });
});
