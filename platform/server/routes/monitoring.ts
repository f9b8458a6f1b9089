// Monitoring admin API (bearer token): alerts in pages with filters, one alert with its audit
// trail, acknowledge and resolve; a kiosk's replicated cash journal and its cash boxes, and the
// record of a cash box collection (清机).
import { z } from 'zod';
import { AcknowledgeAlertRequest, AlertSeverity, CashBoxCollectedRequest, PlatformAlertCode, ResolveAlertRequest } from '../../../src-common/wire/monitoringWire';
import { adminRoute, describeIssues, sendError, type PlatformRoutes } from '../routeContext';
import type { AlertActionRefusal } from '../store/alertStore';

const AlertListQuery = z.object({
  state: z.enum(['open', 'acknowledged', 'cleared', 'active']).optional(),
  severity: AlertSeverity.optional(),
  code: PlatformAlertCode.optional(),
  kioskId: z.string().max(200).optional(),
  after: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.string().max(20).optional(),
});

const AlertId = z.string().regex(/^\d{1,15}$/).transform(Number);

const REFUSALS: Readonly<Record<AlertActionRefusal, { status: number; message: string }>> = {
  notFound: { status: 404, message: 'no alert with this id' },
  alreadyCleared: { status: 409, message: 'the alert is already cleared' },
  clearsItself: { status: 409, message: 'this alert ends when its condition ends; acknowledge it instead' },
};

export const monitoringRoutes: PlatformRoutes = (app, ctx) => {
  const guard = adminRoute(ctx);
  const store = ctx.store;

  app.get('/admin/alerts', guard, async (request, reply) => {
    const query = AlertListQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalidRequest', `query: ${describeIssues(query.error.issues)}`, ctx.now());
    const { state, severity, code, kioskId, after, limit } = query.data;
    const alerts = await store.alerts.list({
      ...(state ? { state } : {}),
      ...(severity ? { severity } : {}),
      ...(code ? { code } : {}),
      ...(kioskId ? { kioskId } : {}),
      ...(after ? { after: Number(after) } : {}),
      ...(limit ? { limit: Number(limit) } : {}),
    });
    return { alerts, nextAfter: alerts.length > 0 ? alerts.at(-1)!.alertId : null };
  });

  app.get<{ Params: { alertId: string } }>('/admin/alerts/:alertId', guard, async (request, reply) => {
    const id = AlertId.safeParse(request.params.alertId);
    const found = id.success ? await store.alerts.byId(id.data) : undefined;
    return found ?? sendError(reply, 404, 'notFound', 'no alert with this id', ctx.now());
  });

  app.post<{ Params: { alertId: string } }>('/admin/alerts/:alertId/acknowledge', guard, async (request, reply) => {
    const id = AlertId.safeParse(request.params.alertId);
    const body = AcknowledgeAlertRequest.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalidRequest', 'body must be { actor, note? }', ctx.now());
    if (!id.success) return sendError(reply, 404, 'notFound', REFUSALS.notFound.message, ctx.now());
    const done = await store.alerts.acknowledge(id.data, body.data.actor, body.data.note ?? null, new Date(ctx.now()));
    return done.ok ? done.value : sendError(reply, REFUSALS[done.error].status, done.error, REFUSALS[done.error].message, ctx.now());
  });

  app.post<{ Params: { alertId: string } }>('/admin/alerts/:alertId/resolve', guard, async (request, reply) => {
    const id = AlertId.safeParse(request.params.alertId);
    const body = ResolveAlertRequest.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalidRequest', 'body must be { actor, note }: say what was done', ctx.now());
    if (!id.success) return sendError(reply, 404, 'notFound', REFUSALS.notFound.message, ctx.now());
    const done = await store.alerts.resolve(id.data, body.data.actor, body.data.note, new Date(ctx.now()));
    return done.ok ? done.value : sendError(reply, REFUSALS[done.error].status, done.error, REFUSALS[done.error].message, ctx.now());
  });

  app.get<{ Params: { kioskId: string } }>('/admin/kiosks/:kioskId/cash-journal', guard, async (request, reply) => {
    const status = await store.cashJournals.status(request.params.kioskId);
    return status ?? sendError(reply, 404, 'notFound', 'no journal entry has arrived from this kiosk', ctx.now());
  });

  app.post<{ Params: { kioskId: string } }>('/admin/kiosks/:kioskId/cash-box-collected', guard, async (request, reply) => {
    const body = CashBoxCollectedRequest.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalidRequest', 'body must be { deviceId, actor }', ctx.now());
    if (!(await store.kiosks.byId(request.params.kioskId))) return sendError(reply, 404, 'notFound', 'no kiosk with this id', ctx.now());
    const emptied = await store.cashJournals.recordCollection(request.params.kioskId, body.data.deviceId, body.data.actor, new Date(ctx.now()));
    return { deviceId: body.data.deviceId, collectedNotes: emptied.notes, collectedAmountFen: emptied.amountFen };
  });
};
