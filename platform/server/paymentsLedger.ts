// The reference platform's payment ledger: seeded payment notices (缴款通知书), QR orders keyed by
// the kiosk's order id, the gateway simulator that decides each order's fate, and settlements (at
// most one live settlement per payable, enforced by a unique index: paid exactly once, whichever
// instance answers). Kiosk-recorded payments (`payment.recorded` events, e.g. cash) become
// settlements in the transaction that stores the event.
import {
  PaymentRecordedPayload,
  PAYMENT_ERRORS,
  PAYMENT_RECORDED_KIND,
  payableKey,
  WirePayable,
  type Channel,
  type CreateOrderRequest,
  type NoticeDetail,
  type OrderMode,
  type OrderStatus,
  type PaymentOrder,
} from '../../src-common/wire/paymentsWire';
import type { WireEvent } from '../../src-common/wire/wire';
import { isoOf, isoOrNull, type SqlDatabase, type SqlExecutor } from './storage/sqlDatabase';
import { fen } from '../../src-common/domain/money';

/** How the simulated gateway answers a micropay. */
export type GatewayOutcome =
  // the money moves at once (SUCCESS)
  | 'success'
  // USERPAYING: the payer confirms in their app; confirmed after USER_PAYING_QUERIES queries
  | 'userPayingThenSuccess'
  // the channel declines (e.g. insufficient balance)
  | 'failure'
  // USERPAYING forever: the payer never confirms (the kiosk must reverse)
  | 'timeout';

/** The gateway switch: `byCode` decides from the payment code's last two digits (see outcomeForCode). */
export type GatewayMode = 'byCode' | GatewayOutcome;

/** A USERPAYING order scripted to succeed is confirmed on this query of its status. */
export const USER_PAYING_QUERIES = 2;

/**
 * Last two digits of a payment code → outcome, so tests and demos choose the fate by the code
 * shown: …91 user-paying then success, …92 failure, …93 never confirms, anything else success.
 */
export function outcomeForCode(authCode: string): GatewayOutcome {
  switch (authCode.slice(-2)) {
    case '91':
      return 'userPayingThenSuccess';
    case '92':
      return 'failure';
    case '93':
      return 'timeout';
    default:
      return 'success';
  }
}

/** Which wallet a code belongs to (docs/protocols/barcode-scanners.md#payment-codes); the platform never rejects on this alone. */
export function channelForCode(authCode: string): Channel {
  if (/^1[0-5]\d{16}$/.test(authCode)) return 'wechatPay';
  if (/^62\d{17}$/.test(authCode)) return 'unionPay';
  if (/^(2[5-9]|30)\d{14,22}$/.test(authCode)) return 'alipay';
  return 'unknown';
}

interface OrderRow {
  [column: string]: unknown;
  order_id: string;
  kiosk_id: string;
  payable_key: string;
  payable: unknown;
  mode: OrderMode;
  amount_fen: number;
  subject: string;
  status: OrderStatus;
  qr_content: string | null;
  expires_at: Date | string;
  channel: Channel | null;
  paid_at: Date | string | null;
  failure_reason: string | null;
  plan: GatewayOutcome | null;
  queries: number;
  paying_queries: number;
  micropays: number;
}

/** A refusal with the platform error code and HTTP status. */
export interface LedgerRefusal {
  readonly status: 404 | 409;
  readonly error: string;
  readonly message: string;
}

export type LedgerAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: LedgerRefusal };

const refuse = (status: 404 | 409, error: string, message: string): LedgerAnswer<never> => ({ ok: false, refusal: { status, error, message } });
const answer = <T>(value: T): LedgerAnswer<T> => ({ ok: true, value });

/** Orders that can still move money. */
const OPEN: ReadonlySet<OrderStatus> = new Set(['created', 'userPaying']);

export class PaymentsLedger {
  /** The gateway switch (admin/test); `byCode` unless set. Per instance: a test/demo switch. */
  gatewayMode: GatewayMode = 'byCode';

  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number,
  ) {}

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  async notice(noticeNumber: string): Promise<NoticeDetail | undefined> {
    return this.noticeIn(this.db, noticeNumber);
  }

  private async noticeIn(q: SqlExecutor, noticeNumber: string): Promise<NoticeDetail | undefined> {
    const [row] = await q.query<{ notice_number: string; item_zh: string; item_en: string; payee_zh: string; payee_en: string; payer_masked: string; amount_fen: number }>(
      'SELECT notice_number, item_zh, item_en, payee_zh, payee_en, payer_masked, amount_fen FROM payment_notices WHERE notice_number = $1',
      [noticeNumber],
    );
    if (!row) return undefined;
    const settled = await this.liveSettlement(q, `notice:${noticeNumber}`);
    return {
      noticeNumber: row.notice_number,
      itemName: { zh: row.item_zh, en: row.item_en },
      payee: { zh: row.payee_zh, en: row.payee_en },
      payerMasked: row.payer_masked,
      amountFen: fen(row.amount_fen),
      status: settled ? 'paid' : 'unpaid',
      ...(settled ? { paidAt: settled.settledAt } : {}),
    };
  }

  /** The live (unreversed) settlement of any payable: a payable is paid at most once. */
  private async liveSettlement(q: SqlExecutor, key: string): Promise<{ paymentId: string; settledAt: string } | undefined> {
    const [row] = await q.query<{ payment_id: string; settled_at: Date }>('SELECT payment_id, settled_at FROM payment_settlements WHERE payable_key = $1 AND reversed_at IS NULL', [key]);
    return row ? { paymentId: row.payment_id, settledAt: isoOf(row.settled_at) } : undefined;
  }

  /** Creates the order, or returns it unchanged when the same order id was created before. */
  async createOrder(kioskId: string, request: CreateOrderRequest): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const key = payableKey(request.payable);
      const answerExisting = async (existing: OrderRow): Promise<LedgerAnswer<PaymentOrder>> => {
        if (existing.kiosk_id !== kioskId || existing.payable_key !== key || existing.mode !== request.mode || existing.amount_fen !== request.amountFen) {
          return refuse(409, PAYMENT_ERRORS.orderConflict, `order ${request.orderId} exists with another payable, mode or amount`);
        }
        return answer(this.toWire(await this.refresh(tx, existing)));
      };
      const existing = await this.row(tx, request.orderId, true);
      if (existing) return answerExisting(existing);
      if (request.payable.kind === 'notice') {
        const notice = await this.noticeIn(tx, request.payable.noticeNumber);
        if (!notice) return refuse(404, PAYMENT_ERRORS.notFound, 'no payment notice with this number');
        if (notice.status === 'paid') return refuse(409, PAYMENT_ERRORS.alreadyPaid, 'this payment notice is already paid');
        if (notice.amountFen !== request.amountFen) return refuse(409, PAYMENT_ERRORS.amountMismatch, `the notice is for ${notice.amountFen} fen, not ${request.amountFen}`);
      } else {
        if (await this.liveSettlement(tx, key)) return refuse(409, PAYMENT_ERRORS.alreadyPaid, 'this case fee is already paid');
        // A case the platform already holds is charged its own fee; one not synced yet (paid in
        // the submitting session) takes the kiosk's amount, from the kiosk's own record.
        const [known] = await tx.query<{ fee_fen: number }>('SELECT fee_fen FROM cases WHERE case_number = $1', [request.payable.caseNumber]);
        if (known && Number(known.fee_fen) > 0 && Number(known.fee_fen) !== request.amountFen) {
          return refuse(409, PAYMENT_ERRORS.amountMismatch, `the case fee is ${Number(known.fee_fen)} fen, not ${request.amountFen}`);
        }
      }
      const now = this.iso();
      const expiresAt = new Date(this.now() + request.ttlSeconds * 1000).toISOString();
      const inserted = await tx.execute(
        `INSERT INTO payment_orders (order_id, kiosk_id, payable_key, payable, mode, amount_fen, subject, status, qr_content, expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'created', $8, $9, $10, $10) ON CONFLICT (order_id) DO NOTHING`,
        [request.orderId, kioskId, key, JSON.stringify(request.payable), request.mode, request.amountFen, request.subject, request.mode === 'displayedCode' ? displayedQrContent(request.orderId) : null, expiresAt, now],
      );
      // Another instance created the same order id a moment ago (a retry storm): answer as a repeat.
      if (inserted === 0) return answerExisting((await this.row(tx, request.orderId, true))!);
      return answer(this.toWire((await this.row(tx, request.orderId))!));
    });
  }

  /** The order as the kiosk sees it; a scripted USERPAYING order confirms after a few queries. */
  async queryOrder(kioskId: string, orderId: string): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const found = await this.ownRow(tx, kioskId, orderId);
      if (!found.ok) return found;
      await tx.execute('UPDATE payment_orders SET queries = queries + 1 WHERE order_id = $1', [orderId]);
      let row = await this.refresh(tx, (await this.row(tx, orderId))!);
      if (row.status === 'userPaying' && row.plan === 'userPayingThenSuccess') {
        await tx.execute('UPDATE payment_orders SET paying_queries = paying_queries + 1 WHERE order_id = $1', [orderId]);
        if (row.paying_queries + 1 >= USER_PAYING_QUERIES) row = await this.settle(tx, row, row.channel ?? 'unknown');
        else row = (await this.row(tx, orderId))!;
      }
      return answer(this.toWire(row));
    });
  }

  /**
   * Pays a payment-code order with the citizen's code. Idempotent: a repeated micropay on the same
   * order returns its current state and never charges again (the code is not stored).
   */
  async micropay(kioskId: string, orderId: string, authCode: string): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const found = await this.ownRow(tx, kioskId, orderId);
      if (!found.ok) return found;
      const row = await this.refresh(tx, found.value);
      if (row.mode !== 'paymentCode') return refuse(409, PAYMENT_ERRORS.badState, 'micropay needs a paymentCode order');
      await tx.execute('UPDATE payment_orders SET micropays = micropays + 1 WHERE order_id = $1', [orderId]);
      if (row.status !== 'created') return answer(this.toWire((await this.row(tx, orderId))!));
      const channel = channelForCode(authCode);
      const plan = this.gatewayMode === 'byCode' ? outcomeForCode(authCode) : this.gatewayMode;
      if (await this.liveSettlement(tx, row.payable_key)) return answer(this.toWire(await this.fail(tx, row, channel, 'the payable was already paid; nothing charged')));
      await tx.execute('UPDATE payment_orders SET plan = $1, channel = $2, updated_at = $3 WHERE order_id = $4', [plan, channel, this.iso(), orderId]);
      switch (plan) {
        case 'success':
          return answer(this.toWire(await this.settle(tx, (await this.row(tx, orderId))!, channel)));
        case 'failure':
          return answer(this.toWire(await this.fail(tx, row, channel, 'insufficient balance (simulated gateway)')));
        case 'userPayingThenSuccess':
        case 'timeout':
          await tx.execute("UPDATE payment_orders SET status = 'userPaying', updated_at = $1 WHERE order_id = $2", [this.iso(), orderId]);
          return answer(this.toWire((await this.row(tx, orderId))!));
        default: {
          const never: never = plan;
          throw new Error(`unknown plan ${String(never)}`);
        }
      }
    });
  }

  /** 撤销: an unpaid order can never be paid afterwards; a paid one is refunded. Idempotent. */
  async reverseOrder(kioskId: string, orderId: string): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const found = await this.ownRow(tx, kioskId, orderId);
      if (!found.ok) return found;
      const row = await this.refresh(tx, found.value);
      if (OPEN.has(row.status) || row.status === 'paid') {
        const now = this.iso();
        await tx.execute("UPDATE payment_orders SET status = 'reversed', updated_at = $1 WHERE order_id = $2", [now, orderId]);
        await tx.execute('UPDATE payment_settlements SET reversed_at = $1 WHERE payment_id = $2 AND reversed_at IS NULL', [now, orderId]);
      }
      return answer(this.toWire((await this.row(tx, orderId))!));
    });
  }

  /** Closes an unpaid displayed-code order (citizen canceled); a paid order stays paid. */
  async closeOrder(kioskId: string, orderId: string): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const found = await this.ownRow(tx, kioskId, orderId);
      if (!found.ok) return found;
      const row = await this.refresh(tx, found.value);
      if (OPEN.has(row.status)) await tx.execute("UPDATE payment_orders SET status = 'closed', updated_at = $1 WHERE order_id = $2", [this.iso(), orderId]);
      return answer(this.toWire((await this.row(tx, orderId))!));
    });
  }

  /** Admin/demo: the citizen's app scanned the displayed QR and is confirming (USERPAYING). */
  async markScanned(orderId: string): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const existing = await this.row(tx, orderId, true);
      if (!existing) return refuse(404, PAYMENT_ERRORS.notFound, 'no order with this id');
      const row = await this.refresh(tx, existing);
      if (row.status !== 'created') return refuse(409, PAYMENT_ERRORS.badState, `order is ${row.status}`);
      await tx.execute("UPDATE payment_orders SET status = 'userPaying', updated_at = $1 WHERE order_id = $2", [this.iso(), orderId]);
      return answer(this.toWire((await this.row(tx, orderId))!));
    });
  }

  /** Admin/demo: the payer confirms in their app. Refused unless the order is still open. */
  async payerConfirms(orderId: string, channel: Channel = 'wechatPay'): Promise<LedgerAnswer<PaymentOrder>> {
    return this.db.transaction(async (tx): Promise<LedgerAnswer<PaymentOrder>> => {
      const existing = await this.row(tx, orderId, true);
      if (!existing) return refuse(404, PAYMENT_ERRORS.notFound, 'no order with this id');
      const row = await this.refresh(tx, existing);
      if (!OPEN.has(row.status) || (row.mode === 'paymentCode' && row.status !== 'userPaying')) {
        return refuse(409, PAYMENT_ERRORS.badState, `order is ${row.status}; the payer's confirmation is refused and nothing is charged`);
      }
      if (await this.liveSettlement(tx, row.payable_key)) return refuse(409, PAYMENT_ERRORS.alreadyPaid, 'the payable was already paid; nothing charged');
      return answer(this.toWire(await this.settle(tx, row, row.channel ?? channel)));
    });
  }

  async order(orderId: string): Promise<PaymentOrder | undefined> {
    const row = await this.row(this.db, orderId);
    return row ? this.toWire(row) : undefined;
  }

  /** Gateway counters of one order, for tests: how many micropays and queries it saw. */
  async orderCounters(orderId: string): Promise<{ micropays: number; queries: number } | undefined> {
    const row = await this.row(this.db, orderId);
    return row ? { micropays: row.micropays, queries: row.queries } : undefined;
  }

  /** Settlements, oldest first (one page of at most 1,000; `payable` narrows to one payable). */
  async settlements(payable?: WirePayable): Promise<Array<{ paymentId: string; payableKey: string; amountFen: number; method: string; orderId: string | null; source: string; settledAt: string; reversedAt: string | null }>> {
    const select = 'SELECT payment_id, payable_key, amount_fen, method, order_id, source, settled_at, reversed_at FROM payment_settlements';
    const rows = payable
      ? await this.db.query(`${select} WHERE payable_key = $1 ORDER BY settled_at, payment_id LIMIT 1000`, [payableKey(payable)])
      : await this.db.query(`${select} ORDER BY settled_at, payment_id LIMIT 1000`);
    return rows.map((r) => ({
      paymentId: r.payment_id as string,
      payableKey: r.payable_key as string,
      amountFen: r.amount_fen as number,
      method: r.method as string,
      orderId: (r.order_id as string | null) ?? null,
      source: r.source as string,
      settledAt: isoOf(r.settled_at),
      reversedAt: isoOrNull(r.reversed_at),
    }));
  }

  /** Double payments waiting for a person (one page of at most 1,000). */
  async conflicts(): Promise<Array<{ paymentId: string; payableKey: string; amountFen: number; reason: string }>> {
    const rows = await this.db.query('SELECT payment_id, payable_key, amount_fen, reason FROM payment_conflicts ORDER BY detected_at, payment_id LIMIT 1000');
    return rows.map((r) => ({ paymentId: r.payment_id as string, payableKey: r.payable_key as string, amountFen: r.amount_fen as number, reason: r.reason as string }));
  }

  /**
   * Folds `payment.recorded` events into settlements inside the transaction that stores them
   * (exactly once per event, because the event itself is stored exactly once). A record for a
   * payment already settled (a QR order the gateway settled) is a no-op; a second, different
   * payment of a paid payable is a conflict: the citizen paid twice and is owed a refund, so it is
   * kept for a person, never dropped.
   */
  async projectRecordedPayments(tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[]): Promise<void> {
    for (const event of accepted) {
      if (event.kind !== PAYMENT_RECORDED_KIND) continue;
      const parsed = PaymentRecordedPayload.safeParse(event.payload);
      if (!parsed.success) continue;
      const p = parsed.data;
      const key = payableKey(p.payable);
      if ((await tx.query('SELECT 1 FROM payment_settlements WHERE payment_id = $1', [p.paymentId])).length > 0) continue;
      // The unique live-settlement index decides a race with a gateway settlement on another
      // instance: whichever commits first is the payment, the other is a conflict (refund owed).
      const settled = await tx.execute(
        "INSERT INTO payment_settlements (payment_id, payable_key, notice_number, amount_fen, method, order_id, kiosk_id, source, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'kioskRecord', $8) ON CONFLICT DO NOTHING",
        [p.paymentId, key, p.payable.kind === 'notice' ? p.payable.noticeNumber : null, p.amountFen, p.method, p.orderId ?? null, kioskId, p.paidAt],
      );
      // Nothing inserted: either this very payment was settled meanwhile (the gateway's record of
      // the same QR order committed first; each statement sees what committed before it), or
      // another payment holds the payable.
      if (settled === 0 && (await tx.query('SELECT 1 FROM payment_settlements WHERE payment_id = $1', [p.paymentId])).length === 0) {
        await tx.execute('INSERT INTO payment_conflicts (payment_id, payable_key, amount_fen, kiosk_id, reason, detected_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
          p.paymentId,
          key,
          p.amountFen,
          kioskId,
          'already paid by another payment: refund owed',
          this.iso(),
        ]);
      }
    }
  }

  /** The order row; `forUpdate` locks it for the rest of the transaction. */
  private async row(q: SqlExecutor, orderId: string, forUpdate = false): Promise<OrderRow | undefined> {
    const [r] = await q.query<OrderRow>(`SELECT * FROM payment_orders WHERE order_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [orderId]);
    return r;
  }

  private async ownRow(tx: SqlExecutor, kioskId: string, orderId: string): Promise<LedgerAnswer<OrderRow>> {
    const row = await this.row(tx, orderId, true);
    // Another kiosk's order is "not found": order ids do not leak across kiosks.
    if (!row || row.kiosk_id !== kioskId) return refuse(404, PAYMENT_ERRORS.notFound, 'no order with this id');
    return answer(row);
  }

  /** Applies expiry to an open displayed-code order. */
  private async refresh(tx: SqlExecutor, row: OrderRow): Promise<OrderRow> {
    if (row.mode === 'displayedCode' && OPEN.has(row.status) && new Date(row.expires_at).getTime() <= this.now()) {
      await tx.execute("UPDATE payment_orders SET status = 'expired', updated_at = $1 WHERE order_id = $2", [this.iso(), row.order_id]);
      return (await this.row(tx, row.order_id))!;
    }
    return row;
  }

  /**
   * The money moved: the order is paid and its payable settled, in the caller's transaction. The
   * unique index on live settlements makes a concurrent second settlement a no-op, never a second payment.
   */
  private async settle(tx: SqlExecutor, row: OrderRow, channel: Channel): Promise<OrderRow> {
    const now = this.iso();
    await tx.execute("UPDATE payment_orders SET status = 'paid', channel = $1, paid_at = $2, updated_at = $2 WHERE order_id = $3", [channel, now, row.order_id]);
    await tx.execute(
      "INSERT INTO payment_settlements (payment_id, payable_key, notice_number, amount_fen, method, order_id, kiosk_id, source, settled_at) VALUES ($1, $2, $3, $4, 'qr', $1, $5, 'gateway', $6) ON CONFLICT DO NOTHING",
      [row.order_id, row.payable_key, noticeOf(row), row.amount_fen, row.kiosk_id, now],
    );
    return (await this.row(tx, row.order_id))!;
  }

  private async fail(tx: SqlExecutor, row: OrderRow, channel: Channel, reason: string): Promise<OrderRow> {
    await tx.execute("UPDATE payment_orders SET status = 'failed', channel = $1, failure_reason = $2, updated_at = $3 WHERE order_id = $4", [channel, reason, this.iso(), row.order_id]);
    return (await this.row(tx, row.order_id))!;
  }

  private toWire(row: OrderRow): PaymentOrder {
    return {
      orderId: row.order_id,
      payable: WirePayable.parse(row.payable),
      mode: row.mode,
      amountFen: fen(row.amount_fen),
      status: row.status,
      ...(row.qr_content ? { qrContent: row.qr_content } : {}),
      expiresAt: isoOf(row.expires_at),
      ...(row.channel ? { channel: row.channel } : {}),
      ...(row.paid_at ? { paidAt: isoOf(row.paid_at) } : {}),
      ...(row.failure_reason ? { failureReason: row.failure_reason } : {}),
    };
  }
}

function noticeOf(row: OrderRow): string | null {
  return row.payable_key.startsWith('notice:') ? row.payable_key.slice('notice:'.length) : null;
}

/** What a displayed order's QR encodes: a fictitious wallet URL naming the order (no PII). */
export function displayedQrContent(orderId: string): string {
  return `https://pay.budayang.invalid/qr/${orderId}`;
}
export { SEEDED_NOTICES } from './paymentsSeed';
