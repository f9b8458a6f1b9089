// The case back office (issue #12 item 3): cases from kiosk submissions, newest first with
// filters; one case with its audit trail; the audited moves 已受理 → 审批中 → 已办结 / 不予受理 →
// 待领取 (platform/server/cases/caseLifecycle.ts). No ID number anywhere, names masked. Who moved
// a case is the signed-in account (or the API token's); never taken from the body.
import { z } from 'zod';
import { AdminCase, CaseCertificateRequest, CaseStatusCode, CaseTransitionRecord } from '../../src-common/wire/casesWire';
import { defineEndpoint, LimitParam } from './endpoint';

export { AdminCase, CaseStatusCode };

/** The moves each status allows, for the console's buttons (the server checks the same table). */
export const CASE_MOVES: Readonly<Record<CaseStatusCode, readonly CaseStatusCode[]>> = {
  received: ['inReview', 'rejected'],
  inReview: ['approved', 'rejected'],
  approved: ['readyForPickup'],
  rejected: [],
  readyForPickup: ['pickedUp'],
  pickedUp: [],
};

const CaseParams = z.object({ caseNumber: z.string().min(1).max(64) });

export const listCases = defineEndpoint({
  name: 'cases.list',
  method: 'GET',
  path: '/admin/cases',
  summary: 'Cases newest first, one page at a time (keyset: `after` = the last caseNumber), filtered by status and kiosk.',
  access: { kind: 'permission', permission: 'cases.read' },
  query: z.object({ status: CaseStatusCode.optional(), kioskId: z.string().max(200).optional(), after: z.string().max(100).optional(), limit: LimitParam }),
  response: z.object({ cases: z.array(AdminCase), nextAfter: z.string().nullable() }),
  errors: [],
});

export const getCase = defineEndpoint({
  name: 'cases.get',
  method: 'GET',
  path: '/admin/cases/{caseNumber}',
  summary: 'One case with its audit trail (every move: from, to, who, when, note).',
  access: { kind: 'permission', permission: 'cases.read' },
  params: CaseParams,
  response: z.object({ case: AdminCase, transitions: z.array(CaseTransitionRecord) }),
  errors: ['notFound'],
});

export const moveCase = defineEndpoint({
  name: 'cases.move',
  method: 'POST',
  path: '/admin/cases/{caseNumber}/transitions',
  summary: 'Move a case one step of its lifecycle; refused (409) if the move is not allowed or someone moved it first (`expectedStatus`).',
  access: { kind: 'permission', permission: 'cases.move' },
  params: CaseParams,
  body: z.object({
    to: CaseStatusCode,
    /** Required when rejecting: the reason the applicant reads at the kiosk. */
    note: z.string().trim().min(1).max(500).optional(),
    /** Refuse unless the case is still in this status (two clerks on one case). */
    expectedStatus: CaseStatusCode.optional(),
    /** The certificate a move to readyForPickup yields (defaults from the service when absent). */
    certificate: CaseCertificateRequest.optional(),
    /** Who decided, for the instance admin token only; with an account it is that account. */
    actor: z.string().min(1).max(100).optional(),
  }),
  response: AdminCase,
  errors: ['notFound', 'notAllowed', 'staleStatus', 'noteRequired', 'unexpectedCertificate'],
});

export const CASE_ENDPOINTS = [listCases, getCase, moveCase] as const;
