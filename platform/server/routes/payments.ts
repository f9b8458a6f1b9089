// Payment endpoints of the reference platform: notice lookup, QR orders (create idempotently by
// the kiosk's order id, query, micropay, reverse, close) for signed kiosks, and the admin/demo
// switches of the gateway simulator (the citizen's app "scans" and "pays" a displayed QR).
import { z } from 'zod';
import { Channel, CreateOrderRequest, MicropayRequest, PAYMENT_RECORDED_KIND } from '../../../src-common/wire/paymentsWire';
import type { LedgerAnswer } from '../paymentsLedger';
import { adminRoute, describeIssues, kioskRoute, sendError, type PlatformRoutes } from '../routeContext';
import type { FastifyReply } from 'fastify';

const GatewayModeBody = z.object({ mode: z.enum(['byCode', 'success', 'userPayingThenSuccess', 'failure', 'timeout']) });

export const paymentRoutes: PlatformRoutes = (app, ctx) => {
  const ledger = ctx.store.payments;
  const kiosk = kioskRoute(ctx);
  const admin = adminRoute(ctx);
  const reply = <T>(res: FastifyReply, result: LedgerAnswer<T>): T | FastifyReply =>
    result.ok ? result.value : sendError(res, result.refusal.status, result.refusal.error, result.refusal.message, ctx.now());

  app.get<{ Params: { noticeNumber: string } }>('/v1/payments/notices/:noticeNumber', kiosk, async (request, res) => {
    const notice = /^\d{20}$/.test(request.params.noticeNumber) ? await ledger.notice(request.params.noticeNumber) : undefined;
    return notice ?? sendError(res, 404, 'notFound', 'no payment notice with this number', ctx.now());
  });

  app.post('/v1/payments/orders', kiosk, async (request, res) => {
    const parsed = CreateOrderRequest.safeParse(request.body);
    if (!parsed.success) return sendError(res, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
    return reply(res, await ledger.createOrder(request.kiosk!.id, parsed.data));
  });

  app.get<{ Params: { orderId: string } }>('/v1/payments/orders/:orderId', kiosk, async (request, res) => reply(res, await ledger.queryOrder(request.kiosk!.id, request.params.orderId)));

  app.post<{ Params: { orderId: string } }>('/v1/payments/orders/:orderId/micropay', kiosk, async (request, res) => {
    const parsed = MicropayRequest.safeParse(request.body);
    // The message never echoes the code: it is a single-use payment credential.
    if (!parsed.success) return sendError(res, 400, 'invalidRequest', 'authCode must be 16–24 digits', ctx.now());
    return reply(res, await ledger.micropay(request.kiosk!.id, request.params.orderId, parsed.data.authCode));
  });

  app.post<{ Params: { orderId: string } }>('/v1/payments/orders/:orderId/reverse', kiosk, async (request, res) => reply(res, await ledger.reverseOrder(request.kiosk!.id, request.params.orderId)));

  app.post<{ Params: { orderId: string } }>('/v1/payments/orders/:orderId/close', kiosk, async (request, res) => reply(res, await ledger.closeOrder(request.kiosk!.id, request.params.orderId)));

  // ---- admin / demo / tests -------------------------------------------------------------
  app.post<{ Params: { orderId: string } }>('/admin/payments/:orderId/pay', admin, async (request, res) => {
    const channel = Channel.safeParse((request.body as { channel?: unknown } | undefined)?.channel);
    return reply(res, await ledger.payerConfirms(request.params.orderId, channel.success ? channel.data : 'wechatPay'));
  });

  app.post<{ Params: { orderId: string } }>('/admin/payments/:orderId/scan', admin, async (request, res) => reply(res, await ledger.markScanned(request.params.orderId)));

  app.get<{ Params: { orderId: string } }>('/admin/payments/orders/:orderId', admin, async (request, res) => {
    const order = await ledger.order(request.params.orderId);
    if (!order) return sendError(res, 404, 'notFound', 'no order with this id', ctx.now());
    return { order, counters: await ledger.orderCounters(request.params.orderId), settlements: await ledger.settlements(order.payable) };
  });

  app.get<{ Params: { noticeNumber: string } }>('/admin/payments/notices/:noticeNumber', admin, async (request, res) => {
    const notice = await ledger.notice(request.params.noticeNumber);
    if (!notice) return sendError(res, 404, 'notFound', 'no payment notice with this number', ctx.now());
    return { notice, settlements: await ledger.settlements({ kind: 'notice', noticeNumber: notice.noticeNumber }) };
  });

  app.get('/admin/payments/settlements', admin, async () => ({ settlements: await ledger.settlements(), conflicts: await ledger.conflicts(), recordedEventKind: PAYMENT_RECORDED_KIND }));

  app.post('/admin/payments/gateway', admin, async (request, res) => {
    const parsed = GatewayModeBody.safeParse(request.body);
    if (!parsed.success) return sendError(res, 400, 'invalidRequest', 'body must be { mode: byCode | success | userPayingThenSuccess | failure | timeout }', ctx.now());
    ledger.gatewayMode = parsed.data.mode;
    return { mode: ledger.gatewayMode };
  });
};
