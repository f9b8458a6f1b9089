// Monitoring admin API: the alerts inbox (platform/api/alerts.ts: pages with filters, one alert
// with its audit trail, acknowledge and resolve), a kiosk's replicated cash journal and its cash
// boxes, and the record of a cash box collection (清机).
import { acknowledgeAlert, getAlert, listAlerts, resolveAlert } from '../../api/alerts';
import { CashBoxCollectedRequest } from '../../../src-common/wire/monitoringWire';
import { actingAdmin } from '../admin/adminAuth';
import { refuse, registerAdminEndpoint, type Refused } from '../admin/adminEndpoint';
import { adminRoute, sendError, type PlatformRoutes } from '../routeContext';
import type { AlertActionRefusal } from '../store/alertStore';

const REFUSALS: Readonly<Record<AlertActionRefusal, { status: number; message: string }>> = {
  notFound: { status: 404, message: 'no alert with this id' },
  alreadyCleared: { status: 409, message: 'the alert is already cleared' },
  clearsItself: { status: 409, message: 'this alert ends when its condition ends; acknowledge it instead' },
};

function refused(refusal: AlertActionRefusal): Refused {
  return refuse(REFUSALS[refusal].status, refusal, REFUSALS[refusal].message);
}

export const monitoringRoutes: PlatformRoutes = (app, ctx) => {
  const store = ctx.store;

  registerAdminEndpoint(app, ctx, listAlerts, async ({ query }) => {
    const alerts = await store.alerts.list({
      ...(query.state ? { state: query.state } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.code ? { code: query.code } : {}),
      ...(query.kioskId ? { kioskId: query.kioskId } : {}),
      ...(query.after !== undefined ? { after: query.after } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    return { alerts, nextAfter: alerts.at(-1)?.alertId ?? null };
  });

  registerAdminEndpoint(app, ctx, getAlert, async ({ params }) => (await store.alerts.byId(params.alertId)) ?? refused('notFound'));

  registerAdminEndpoint(app, ctx, acknowledgeAlert, async ({ params, body }, request) => {
    request.auditNote = { target: `alert:${params.alertId}` };
    const done = await store.alerts.acknowledge(params.alertId, actingAdmin(request, body.actor), body.note ?? null, new Date(ctx.now()));
    return done.ok ? done.value : refused(done.error);
  });

  registerAdminEndpoint(app, ctx, resolveAlert, async ({ params, body }, request) => {
    request.auditNote = { target: `alert:${params.alertId}` };
    const done = await store.alerts.resolve(params.alertId, actingAdmin(request, body.actor), body.note, new Date(ctx.now()));
    return done.ok ? done.value : refused(done.error);
  });

  app.get<{ Params: { kioskId: string } }>('/admin/kiosks/:kioskId/cash-journal', adminRoute(ctx, 'fleet.read'), async (request, reply) => {
    const status = await store.cashJournals.status(request.params.kioskId);
    return status ?? sendError(reply, 404, 'notFound', 'no journal entry has arrived from this kiosk', ctx.now());
  });

  app.post<{ Params: { kioskId: string } }>('/admin/kiosks/:kioskId/cash-box-collected', adminRoute(ctx, 'kiosk.command'), async (request, reply) => {
    const body = CashBoxCollectedRequest.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalidRequest', 'body must be { deviceId, actor }', ctx.now());
    if (!(await store.kiosks.byId(request.params.kioskId))) return sendError(reply, 404, 'notFound', 'no kiosk with this id', ctx.now());
    const emptied = await store.cashJournals.recordCollection(request.params.kioskId, body.data.deviceId, body.data.actor, new Date(ctx.now()));
    return { deviceId: body.data.deviceId, collectedNotes: emptied.notes, collectedAmountFen: emptied.amountFen };
  });
};
