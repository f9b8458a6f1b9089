// The reference platform's payment ledger: seeded payment notices (缴款通知书), QR orders keyed by
// the kiosk's order id, the gateway simulator that decides each order's fate, and settlements (at
// most one live settlement per notice: a notice is marked paid exactly once). Kiosk-recorded
// payments (`payment.recorded` events, e.g. cash) are folded into settlements from the event store.
import type Database from 'better-sqlite3';
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

/** Which wallet a code belongs to (protocols.md §4.4); the platform never rejects on this alone. */
export function channelForCode(authCode: string): Channel {
  if (/^1[0-5]\d{16}$/.test(authCode)) return 'wechatPay';
  if (/^62\d{17}$/.test(authCode)) return 'unionPay';
  if (/^(2[5-9]|30)\d{14,22}$/.test(authCode)) return 'alipay';
  return 'unknown';
}

/** The fictitious notices every reference platform starts with (docs/payments-qr.md). */
export const SEEDED_NOTICES = [
  { noticeNumber: '42020026112600012345', itemZh: '不动产登记费', itemEn: 'Real estate registration fee', payeeZh: '黄石市自然资源和规划局', payeeEn: 'Huangshi Natural Resources and Planning Bureau', payerMasked: '王**', amountFen: 5000, paid: false },
  { noticeNumber: '42020026112600012346', itemZh: '出入境证件工本费', itemEn: 'Exit-entry document fee', payeeZh: '黄石市公安局出入境管理支队', payeeEn: 'Huangshi Exit-Entry Administration', payerMasked: '李*', amountFen: 12000, paid: false },
  { noticeNumber: '42020026112600012347', itemZh: '不动产权证书工本费', itemEn: 'Property certificate fee', payeeZh: '黄石市不动产登记中心', payeeEn: 'Huangshi Real Estate Registration Centre', payerMasked: '张**', amountFen: 1000, paid: true },
] as const;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS payment_notices (
    notice_number TEXT PRIMARY KEY, item_zh TEXT NOT NULL, item_en TEXT NOT NULL, payee_zh TEXT NOT NULL, payee_en TEXT NOT NULL,
    payer_masked TEXT NOT NULL, amount_fen INTEGER NOT NULL CHECK (amount_fen > 0), issued_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS payment_orders (
    order_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, payable_key TEXT NOT NULL, payable_json TEXT NOT NULL, mode TEXT NOT NULL,
    amount_fen INTEGER NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL, qr_content TEXT, expires_at TEXT NOT NULL,
    channel TEXT, paid_at TEXT, failure_reason TEXT, plan TEXT, queries INTEGER NOT NULL DEFAULT 0, paying_queries INTEGER NOT NULL DEFAULT 0, micropays INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS payment_orders_payable ON payment_orders (payable_key);
  CREATE TABLE IF NOT EXISTS payment_settlements (
    payment_id TEXT PRIMARY KEY, payable_key TEXT NOT NULL, notice_number TEXT, amount_fen INTEGER NOT NULL, method TEXT NOT NULL,
    order_id TEXT, kiosk_id TEXT, source TEXT NOT NULL, settled_at TEXT NOT NULL, reversed_at TEXT);
  -- A notice is paid at most once: one live (unreversed) settlement per notice.
  CREATE UNIQUE INDEX IF NOT EXISTS payment_settlements_one_per_notice ON payment_settlements (notice_number)
    WHERE notice_number IS NOT NULL AND reversed_at IS NULL;
  CREATE TABLE IF NOT EXISTS payment_conflicts (
    payment_id TEXT PRIMARY KEY, payable_key TEXT NOT NULL, amount_fen INTEGER NOT NULL, kiosk_id TEXT, reason TEXT NOT NULL, detected_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS payment_event_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL);
`;

interface OrderRow {
  order_id: string;
  kiosk_id: string;
  payable_key: string;
  payable_json: string;
  mode: OrderMode;
  amount_fen: number;
  subject: string;
  status: OrderStatus;
  qr_content: string | null;
  expires_at: string;
  channel: Channel | null;
  paid_at: string | null;
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
  /** The gateway switch (admin/test); `byCode` unless set. */
  gatewayMode: GatewayMode = 'byCode';

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    db.exec(SCHEMA);
    this.seed();
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private seed(): void {
    const count = this.db.prepare('SELECT COUNT(*) FROM payment_notices').pluck().get() as number;
    if (count > 0) return;
    const issuedAt = '2026-11-26T01:00:00.000Z';
    this.db.transaction(() => {
      const insert = this.db.prepare('INSERT INTO payment_notices VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const n of SEEDED_NOTICES) {
        insert.run(n.noticeNumber, n.itemZh, n.itemEn, n.payeeZh, n.payeeEn, n.payerMasked, n.amountFen, issuedAt);
        if (n.paid) {
          this.db
            .prepare("INSERT INTO payment_settlements (payment_id, payable_key, notice_number, amount_fen, method, source, settled_at) VALUES (?, ?, ?, ?, 'counter', 'seed', ?)")
            .run(`SEED-${n.noticeNumber}`, `notice:${n.noticeNumber}`, n.noticeNumber, n.amountFen, issuedAt);
        }
      }
      this.db.prepare('INSERT OR IGNORE INTO payment_event_cursor (id, last_seq) VALUES (1, 0)').run();
    })();
  }

  notice(noticeNumber: string): NoticeDetail | undefined {
    this.applyRecordedPayments();
    const row = this.db.prepare('SELECT * FROM payment_notices WHERE notice_number = ?').get(noticeNumber) as
      | { notice_number: string; item_zh: string; item_en: string; payee_zh: string; payee_en: string; payer_masked: string; amount_fen: number }
      | undefined;
    if (!row) return undefined;
    const settled = this.liveNoticeSettlement(noticeNumber);
    return {
      noticeNumber: row.notice_number,
      itemName: { zh: row.item_zh, en: row.item_en },
      payee: { zh: row.payee_zh, en: row.payee_en },
      payerMasked: row.payer_masked,
      amountFen: fen(row.amount_fen),
      status: settled ? 'paid' : 'unpaid',
      ...(settled ? { paidAt: settled.settled_at } : {}),
    };
  }

  private liveNoticeSettlement(noticeNumber: string): { payment_id: string; settled_at: string } | undefined {
    return this.liveSettlement(`notice:${noticeNumber}`);
  }

  /** The live (unreversed) settlement of any payable: a payable is paid at most once. */
  private liveSettlement(key: string): { payment_id: string; settled_at: string } | undefined {
    return this.db.prepare('SELECT payment_id, settled_at FROM payment_settlements WHERE payable_key = ? AND reversed_at IS NULL').get(key) as
      | { payment_id: string; settled_at: string }
      | undefined;
  }

  /** Creates the order, or returns it unchanged when the same order id was created before. */
  createOrder(kioskId: string, request: CreateOrderRequest): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const key = payableKey(request.payable);
      const existing = this.row(request.orderId);
      if (existing) {
        if (existing.kiosk_id !== kioskId || existing.payable_key !== key || existing.mode !== request.mode || existing.amount_fen !== request.amountFen) {
          return refuse(409, PAYMENT_ERRORS.orderConflict, `order ${request.orderId} exists with another payable, mode or amount`);
        }
        return answer(this.toWire(this.refresh(existing)));
      }
      if (request.payable.kind === 'notice') {
        const notice = this.notice(request.payable.noticeNumber);
        if (!notice) return refuse(404, PAYMENT_ERRORS.notFound, 'no payment notice with this number');
        if (notice.status === 'paid') return refuse(409, PAYMENT_ERRORS.alreadyPaid, 'this payment notice is already paid');
        if (notice.amountFen !== request.amountFen) return refuse(409, PAYMENT_ERRORS.amountMismatch, `the notice is for ${notice.amountFen} fen, not ${request.amountFen}`);
      } else if (this.liveSettlement(key)) {
        return refuse(409, PAYMENT_ERRORS.alreadyPaid, 'this case fee is already paid');
      }
      const now = this.iso();
      const expiresAt = new Date(this.now() + request.ttlSeconds * 1000).toISOString();
      this.db
        .prepare(
          `INSERT INTO payment_orders (order_id, kiosk_id, payable_key, payable_json, mode, amount_fen, subject, status, qr_content, expires_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?)`,
        )
        .run(request.orderId, kioskId, key, JSON.stringify(request.payable), request.mode, request.amountFen, request.subject, request.mode === 'displayedCode' ? displayedQrContent(request.orderId) : null, expiresAt, now, now);
      return answer(this.toWire(this.row(request.orderId)!));
    }).immediate();
  }

  /** The order as the kiosk sees it; a scripted USERPAYING order confirms after a few queries. */
  queryOrder(kioskId: string, orderId: string): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const found = this.ownRow(kioskId, orderId);
      if (!found.ok) return found;
      this.db.prepare('UPDATE payment_orders SET queries = queries + 1 WHERE order_id = ?').run(orderId);
      let row = this.refresh(this.row(orderId)!);
      if (row.status === 'userPaying' && row.plan === 'userPayingThenSuccess') {
        this.db.prepare('UPDATE payment_orders SET paying_queries = paying_queries + 1 WHERE order_id = ?').run(orderId);
        if (row.paying_queries + 1 >= USER_PAYING_QUERIES) row = this.settle(row, row.channel ?? 'unknown');
        else row = this.row(orderId)!;
      }
      return answer(this.toWire(row));
    }).immediate();
  }

  /**
   * Pays a payment-code order with the citizen's code. Idempotent: a repeated micropay on the same
   * order returns its current state and never charges again (the code is not stored).
   */
  micropay(kioskId: string, orderId: string, authCode: string): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const found = this.ownRow(kioskId, orderId);
      if (!found.ok) return found;
      const row = this.refresh(found.value);
      if (row.mode !== 'paymentCode') return refuse(409, PAYMENT_ERRORS.badState, 'micropay needs a paymentCode order');
      this.db.prepare('UPDATE payment_orders SET micropays = micropays + 1 WHERE order_id = ?').run(orderId);
      if (row.status !== 'created') return answer(this.toWire(this.row(orderId)!));
      const channel = channelForCode(authCode);
      const plan = this.gatewayMode === 'byCode' ? outcomeForCode(authCode) : this.gatewayMode;
      if (this.liveSettlement(row.payable_key)) return answer(this.toWire(this.fail(row, channel, 'the payable was already paid; nothing charged')));
      this.db.prepare('UPDATE payment_orders SET plan = ?, channel = ?, updated_at = ? WHERE order_id = ?').run(plan, channel, this.iso(), orderId);
      switch (plan) {
        case 'success':
          return answer(this.toWire(this.settle(this.row(orderId)!, channel)));
        case 'failure':
          return answer(this.toWire(this.fail(row, channel, 'insufficient balance (simulated gateway)')));
        case 'userPayingThenSuccess':
        case 'timeout':
          this.db.prepare("UPDATE payment_orders SET status = 'userPaying', updated_at = ? WHERE order_id = ?").run(this.iso(), orderId);
          return answer(this.toWire(this.row(orderId)!));
        default: {
          const never: never = plan;
          throw new Error(`unknown plan ${String(never)}`);
        }
      }
    }).immediate();
  }

  /** 撤销: an unpaid order can never be paid afterwards; a paid one is refunded. Idempotent. */
  reverseOrder(kioskId: string, orderId: string): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const found = this.ownRow(kioskId, orderId);
      if (!found.ok) return found;
      const row = this.refresh(found.value);
      if (OPEN.has(row.status) || row.status === 'paid') {
        const now = this.iso();
        this.db.prepare("UPDATE payment_orders SET status = 'reversed', updated_at = ? WHERE order_id = ?").run(now, orderId);
        this.db.prepare('UPDATE payment_settlements SET reversed_at = ? WHERE payment_id = ? AND reversed_at IS NULL').run(now, orderId);
      }
      return answer(this.toWire(this.row(orderId)!));
    }).immediate();
  }

  /** Closes an unpaid displayed-code order (citizen canceled); a paid order stays paid. */
  closeOrder(kioskId: string, orderId: string): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const found = this.ownRow(kioskId, orderId);
      if (!found.ok) return found;
      const row = this.refresh(found.value);
      if (OPEN.has(row.status)) this.db.prepare("UPDATE payment_orders SET status = 'closed', updated_at = ? WHERE order_id = ?").run(this.iso(), orderId);
      return answer(this.toWire(this.row(orderId)!));
    }).immediate();
  }

  /** Admin/demo: the citizen's app scanned the displayed QR and is confirming (USERPAYING). */
  markScanned(orderId: string): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const existing = this.row(orderId);
      if (!existing) return refuse(404, PAYMENT_ERRORS.notFound, 'no order with this id');
      const row = this.refresh(existing);
      if (row.status !== 'created') return refuse(409, PAYMENT_ERRORS.badState, `order is ${row.status}`);
      this.db.prepare("UPDATE payment_orders SET status = 'userPaying', updated_at = ? WHERE order_id = ?").run(this.iso(), orderId);
      return answer(this.toWire(this.row(orderId)!));
    }).immediate();
  }

  /** Admin/demo: the payer confirms in their app. Refused unless the order is still open. */
  payerConfirms(orderId: string, channel: Channel = 'wechatPay'): LedgerAnswer<PaymentOrder> {
    return this.db.transaction((): LedgerAnswer<PaymentOrder> => {
      const existing = this.row(orderId);
      if (!existing) return refuse(404, PAYMENT_ERRORS.notFound, 'no order with this id');
      const row = this.refresh(existing);
      if (!OPEN.has(row.status) || (row.mode === 'paymentCode' && row.status !== 'userPaying')) {
        return refuse(409, PAYMENT_ERRORS.badState, `order is ${row.status}; the payer's confirmation is refused and nothing is charged`);
      }
      if (this.liveSettlement(row.payable_key)) return refuse(409, PAYMENT_ERRORS.alreadyPaid, 'the payable was already paid; nothing charged');
      return answer(this.toWire(this.settle(row, row.channel ?? channel)));
    }).immediate();
  }

  order(orderId: string): PaymentOrder | undefined {
    const row = this.row(orderId);
    return row ? this.toWire(row) : undefined;
  }

  /** Gateway counters of one order, for tests: how many micropays and queries it saw. */
  orderCounters(orderId: string): { micropays: number; queries: number } | undefined {
    const row = this.row(orderId);
    return row ? { micropays: row.micropays, queries: row.queries } : undefined;
  }

  settlements(payable?: WirePayable): Array<{ paymentId: string; payableKey: string; amountFen: number; method: string; orderId: string | null; source: string; settledAt: string; reversedAt: string | null }> {
    this.applyRecordedPayments();
    const rows = this.db
      .prepare('SELECT * FROM payment_settlements WHERE (@key IS NULL OR payable_key = @key) ORDER BY settled_at, payment_id')
      .all({ key: payable ? payableKey(payable) : null }) as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      paymentId: r.payment_id as string,
      payableKey: r.payable_key as string,
      amountFen: r.amount_fen as number,
      method: r.method as string,
      orderId: r.order_id as string | null,
      source: r.source as string,
      settledAt: r.settled_at as string,
      reversedAt: r.reversed_at as string | null,
    }));
  }

  conflicts(): Array<{ paymentId: string; payableKey: string; amountFen: number; reason: string }> {
    this.applyRecordedPayments();
    return (this.db.prepare('SELECT payment_id, payable_key, amount_fen, reason FROM payment_conflicts ORDER BY detected_at').all() as Array<Record<string, string | number>>).map((r) => ({
      paymentId: r.payment_id as string,
      payableKey: r.payable_key as string,
      amountFen: r.amount_fen as number,
      reason: r.reason as string,
    }));
  }

  /**
   * Folds `payment.recorded` events (stored exactly once per idempotency key by the event store)
   * into settlements, in event order. A record for a payment already settled (a QR order the
   * gateway settled) is a no-op; a second, different payment of a paid payable is a conflict: the
   * citizen paid twice and is owed a refund, so it is kept for a person, never dropped.
   */
  applyRecordedPayments(): number {
    return this.db.transaction(() => {
      const cursor = (this.db.prepare('SELECT last_seq FROM payment_event_cursor WHERE id = 1').pluck().get() as number | undefined) ?? 0;
      const events = this.db.prepare('SELECT seq, kiosk_id, payload_json FROM events WHERE kind = ? AND seq > ? ORDER BY seq').all(PAYMENT_RECORDED_KIND, cursor) as Array<{ seq: number; kiosk_id: string; payload_json: string }>;
      let applied = 0;
      for (const event of events) {
        const parsed = PaymentRecordedPayload.safeParse(JSON.parse(event.payload_json));
        if (!parsed.success) continue;
        const p = parsed.data;
        const known = this.db.prepare('SELECT 1 FROM payment_settlements WHERE payment_id = ?').pluck().get(p.paymentId);
        if (known) continue;
        const notice = p.payable.kind === 'notice' ? p.payable.noticeNumber : null;
        const key = payableKey(p.payable);
        if (this.liveSettlement(key)) {
          this.db.prepare('INSERT OR IGNORE INTO payment_conflicts VALUES (?, ?, ?, ?, ?, ?)').run(p.paymentId, key, p.amountFen, event.kiosk_id, 'already paid by another payment: refund owed', this.iso());
          continue;
        }
        this.db
          .prepare("INSERT INTO payment_settlements (payment_id, payable_key, notice_number, amount_fen, method, order_id, kiosk_id, source, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'kioskRecord', ?)")
          .run(p.paymentId, key, notice, p.amountFen, p.method, p.orderId ?? null, event.kiosk_id, p.paidAt);
        applied++;
      }
      const last = events.at(-1)?.seq;
      if (last !== undefined) this.db.prepare('UPDATE payment_event_cursor SET last_seq = ? WHERE id = 1').run(last);
      return applied;
    }).immediate();
  }

  private row(orderId: string): OrderRow | undefined {
    return this.db.prepare('SELECT * FROM payment_orders WHERE order_id = ?').get(orderId) as OrderRow | undefined;
  }

  private ownRow(kioskId: string, orderId: string): LedgerAnswer<OrderRow> {
    const row = this.row(orderId);
    // Another kiosk's order is "not found": order ids do not leak across kiosks.
    if (!row || row.kiosk_id !== kioskId) return refuse(404, PAYMENT_ERRORS.notFound, 'no order with this id');
    return answer(row);
  }

  /** Applies expiry to an open displayed-code order. */
  private refresh(row: OrderRow): OrderRow {
    if (row.mode === 'displayedCode' && OPEN.has(row.status) && Date.parse(row.expires_at) <= this.now()) {
      this.db.prepare("UPDATE payment_orders SET status = 'expired', updated_at = ? WHERE order_id = ?").run(this.iso(), row.order_id);
      return this.row(row.order_id)!;
    }
    return row;
  }

  /** The money moved: the order is paid and its payable settled, in one transaction (the caller's). */
  private settle(row: OrderRow, channel: Channel): OrderRow {
    const now = this.iso();
    this.db.prepare("UPDATE payment_orders SET status = 'paid', channel = ?, paid_at = ?, updated_at = ? WHERE order_id = ?").run(channel, now, now, row.order_id);
    this.db
      .prepare("INSERT OR IGNORE INTO payment_settlements (payment_id, payable_key, notice_number, amount_fen, method, order_id, kiosk_id, source, settled_at) VALUES (?, ?, ?, ?, 'qr', ?, ?, 'gateway', ?)")
      .run(row.order_id, row.payable_key, noticeOf(row), row.amount_fen, row.order_id, row.kiosk_id, now);
    return this.row(row.order_id)!;
  }

  private fail(row: OrderRow, channel: Channel, reason: string): OrderRow {
    this.db.prepare("UPDATE payment_orders SET status = 'failed', channel = ?, failure_reason = ?, updated_at = ? WHERE order_id = ?").run(channel, reason, this.iso(), row.order_id);
    return this.row(row.order_id)!;
  }

  private toWire(row: OrderRow): PaymentOrder {
    return {
      orderId: row.order_id,
      payable: WirePayable.parse(JSON.parse(row.payable_json)),
      mode: row.mode,
      amountFen: fen(row.amount_fen),
      status: row.status,
      ...(row.qr_content ? { qrContent: row.qr_content } : {}),
      expiresAt: row.expires_at,
      ...(row.channel ? { channel: row.channel } : {}),
      ...(row.paid_at ? { paidAt: row.paid_at } : {}),
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
