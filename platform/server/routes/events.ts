// POST /v1/events: batched event push with per-item results (accepted | duplicate | rejected).
// De-duplicated by idempotency key, in stream order; see PlatformStore.storeEvents.
import { PushEventsRequest, WireEvent, type PushItemResult } from '../../../src-common/wire/wire';
import { requireKiosk, sendError, type PlatformRoutes } from '../routeContext';

export const eventRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/events', { preHandler: requireKiosk(ctx), bodyLimit: 32 * 1024 * 1024 }, async (request, reply) => {
    const batch = PushEventsRequest.safeParse(request.body);
    if (!batch.success) return sendError(reply, 400, 'invalidRequest', 'body must be { events: [1..1000 items] }');
    const items = batch.data.events.map((raw) => {
      const event = WireEvent.safeParse(raw);
      if (event.success) return event.data;
      const r = (raw ?? {}) as { idempotencyKey?: unknown; streamKey?: unknown };
      return {
        invalid: `invalid: ${event.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300)}`,
        idempotencyKey: typeof r.idempotencyKey === 'string' ? r.idempotencyKey : '',
        ...(typeof r.streamKey === 'string' ? { streamKey: r.streamKey } : {}),
      };
    });
    const kioskId = request.kiosk!.id;
    const reset = items.length > 1 ? ctx.faults.take('resetMidBatch') : undefined;
    if (reset) {
      // Store the first half for real, then drop the connection before answering: the kiosk
      // must resend the whole batch and get `duplicate` for the stored half.
      ctx.store.storeEvents(kioskId, items.slice(0, Math.floor(items.length / 2)));
      request.raw.socket.destroy();
      return reply;
    }
    const outcomes = ctx.store.storeEvents(kioskId, items);
    const results: PushItemResult[] = outcomes.map((o, i) => ({ idempotencyKey: items[i]!.idempotencyKey, ...o }));
    return { results, serverTime: new Date(ctx.now()).toISOString() };
  });
};
