// POST /v1/events: batched event push with per-item results (accepted | duplicate | rejected).
// Each item is checked on its own (wire shape, the event registry, depth and size caps), so one
// bad item is rejected alone and never turns the batch into an error the kiosk would retry
// forever; the valid ones are stored exactly once, in stream order (EventStore.storeBatch).
import { checkEventBody } from '../../../src-common/wire/eventRegistry';
import { MAX_EVENT_BYTES, PushEventsRequest, WireEvent, type PushItemResult } from '../../../src-common/wire/wire';
import { describeIssues, kioskRouteSpendingNonce, ROUTE_BODY_LIMITS, sendError, sendReplay, signedNonceOf, type PlatformRoutes } from '../routeContext';
import type { BatchItem } from '../store/eventBatch';

/** The item checks, in order; the first problem found is the item's rejection reason. */
export function checkItem(raw: unknown): BatchItem {
  const r = (raw ?? {}) as { idempotencyKey?: unknown; streamKey?: unknown };
  const idempotencyKey = typeof r.idempotencyKey === 'string' ? r.idempotencyKey.slice(0, 100) : '';
  const streamKey = typeof r.streamKey === 'string' ? r.streamKey : undefined;
  const refuse = (reason: string): BatchItem => ({ valid: false, idempotencyKey, ...(streamKey ? { streamKey } : {}), reason });
  const envelope = WireEvent.safeParse(raw);
  if (!envelope.success) return refuse(`invalid: ${describeIssues(envelope.error.issues)}`);
  const event = envelope.data;
  // Depth and unstorable text first: everything after may recurse into the payload.
  const problem = checkEventBody(event.kind, event.payload, event.pii);
  if (problem) return refuse(`${problem.kind === 'unknownKind' ? 'invalid' : problem.kind}: ${problem.message}`);
  const bytes = Buffer.byteLength(JSON.stringify(event.payload)) + (event.pii ? Buffer.byteLength(JSON.stringify(event.pii)) : 0);
  if (bytes > MAX_EVENT_BYTES) return refuse(`tooLarge: the event is ${bytes} bytes, more than the ${MAX_EVENT_BYTES} an event may have`);
  return { valid: true, event };
}

export const eventRoutes: PlatformRoutes = (app, ctx) => {
  // The nonce is spent in the transaction that stores the events (one round trip less per push).
  app.post('/v1/events', kioskRouteSpendingNonce(ctx, ROUTE_BODY_LIMITS.events), async (request, reply) => {
    const batch = PushEventsRequest.safeParse(request.body);
    if (!batch.success) return sendError(reply, 400, 'invalidRequest', 'body must be { events: [1..1000 items] }', ctx.now());
    const items = batch.data.events.map(checkItem);
    const kioskId = request.kiosk!.id;
    const now = ctx.now();
    const reset = items.length > 1 ? ctx.faults.take('resetMidBatch') : undefined;
    if (reset) {
      // Store the first half for real, then drop the connection before answering: the kiosk
      // must resend the whole batch and get `duplicate` for the stored half.
      await ctx.store.events.storePush(kioskId, items.slice(0, Math.floor(items.length / 2)), new Date(now), signedNonceOf(request, now), 0);
      request.raw.socket.destroy();
      return reply;
    }
    const stored = await ctx.store.events.storePush(kioskId, items, new Date(now), signedNonceOf(request, now), request.rawBody?.length ?? 0);
    if (stored.kind === 'replay') return sendReplay(reply, now);
    const results: PushItemResult[] = stored.outcomes.map((o, i) => {
      const item = items[i]!;
      return { idempotencyKey: item.valid ? item.event.idempotencyKey : item.idempotencyKey, ...o };
    });
    return { results, serverTime: new Date(ctx.now()).toISOString() };
  });
};
