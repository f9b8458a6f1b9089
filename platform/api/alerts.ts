// The alerts inbox (issue #12 item 4): alerts the platform raised from heartbeats, events, the
// replicated cash journal and its offline watch, newest first with filters; one alert with its
// audit trail; acknowledge (a person took it) and resolve (close an alert no condition clears).
// Who acted is the signed-in account (or the API token's); never taken from the body.
import { z } from 'zod';
import { Alert, AlertHistoryEntry, AlertSeverity, AlertState, PlatformAlertCode } from '../../src-common/wire/monitoringWire';
import { defineEndpoint, IntParam, LimitParam } from './endpoint';

/** The inbox's state filter: one state, or `active` (open and acknowledged: not yet cleared). */
export const AlertStateFilter = z.union([AlertState, z.literal('active')]);
export type AlertStateFilter = z.infer<typeof AlertStateFilter>;

/** Closing words of a person: optional for an acknowledgement, required to resolve (what was done). */
const Note = z.string().trim().min(1).max(500);
/**
 * Who acted, for the instance admin token only (tests, demos, break-glass): with an account or an
 * API token the actor is that account and this field is ignored.
 */
const ClaimedActor = z.string().min(1).max(100).optional();

const AlertParams = z.object({ alertId: IntParam });

export const listAlerts = defineEndpoint({
  name: 'alerts.list',
  method: 'GET',
  path: '/admin/alerts',
  summary: 'Alerts newest first, one page at a time (keyset: `after` = the last alertId), filtered by state (or `active`), severity, code and kiosk.',
  access: { kind: 'permission', permission: 'alerts.read' },
  query: z.object({
    state: AlertStateFilter.optional(),
    severity: AlertSeverity.optional(),
    code: PlatformAlertCode.optional(),
    kioskId: z.string().max(200).optional(),
    after: IntParam.optional(),
    limit: LimitParam,
  }),
  response: z.object({ alerts: z.array(Alert), nextAfter: z.number().int().nullable() }),
  errors: [],
});

export const getAlert = defineEndpoint({
  name: 'alerts.get',
  method: 'GET',
  path: '/admin/alerts/{alertId}',
  summary: 'One alert with its audit trail (raised, acknowledged, cleared, resolved: who and when).',
  access: { kind: 'permission', permission: 'alerts.read' },
  params: AlertParams,
  response: z.object({ alert: Alert, history: z.array(AlertHistoryEntry) }),
  errors: ['notFound'],
});

export const acknowledgeAlert = defineEndpoint({
  name: 'alerts.acknowledge',
  method: 'POST',
  path: '/admin/alerts/{alertId}/acknowledge',
  summary: 'Take an alert: it stays raised until its condition ends, now with who took it.',
  access: { kind: 'permission', permission: 'alerts.handle' },
  params: AlertParams,
  body: z.object({ note: Note.optional(), actor: ClaimedActor }),
  response: Alert,
  errors: ['notFound', 'alreadyCleared'],
});

export const resolveAlert = defineEndpoint({
  name: 'alerts.resolve',
  method: 'POST',
  path: '/admin/alerts/{alertId}/resolve',
  summary: 'Close an alert no condition clears (journal mismatch, config rolled back, kiosk-reported); the note says what was done.',
  access: { kind: 'permission', permission: 'alerts.handle' },
  params: AlertParams,
  body: z.object({ note: Note, actor: ClaimedActor }),
  response: Alert,
  errors: ['notFound', 'alreadyCleared', 'clearsItself'],
});

export const ALERT_ENDPOINTS = [listAlerts, getAlert, acknowledgeAlert, resolveAlert] as const;
