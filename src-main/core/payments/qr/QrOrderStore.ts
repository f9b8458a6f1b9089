// The kiosk's own record of its QR orders: one order id per payable and mode, reused on every
// retry until the order reaches a final state, so a retried create can never charge twice.
import type Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { payableKey, type Channel, type OrderMode, type WirePayable } from '../../../../src-common/wire/paymentsWire';
import { fen, type Fen } from '../../../../src-common/domain/money';

/** The kiosk's view of an order's state. */
export type LocalOrderState =
  // the id is chosen; the platform has not confirmed the order yet (no QR shown, no code sent)
  | 'creating'
  // the platform holds the order; a displayed QR may be on screen
  | 'created'
  // a micropay with the citizen's code was sent; its answer is not known yet
  | 'paying'
  // the payer is confirming in their app
  | 'userPaying'
  // the platform confirmed the money moved (a payment record exists)
  | 'paid'
  // the payer's channel declined
  | 'failed'
  // the displayed QR expired unpaid
  | 'expired'
  // reversed by the kiosk (撤销): nothing charged
  | 'reversed'
  // closed unpaid (citizen canceled, or no code shown)
  | 'closed'
  // the outcome could not be learned: a claim was queued, the reconciler will ask the platform
  | 'unknown';

export interface QrOrder {
  readonly orderId: string;
  readonly payable: WirePayable;
  readonly mode: OrderMode;
  readonly itemName: { readonly zh: string; readonly en: string };
  readonly amountFen: Fen;
  readonly state: LocalOrderState;
  readonly qrContent?: string;
  readonly expiresAt?: string;
  readonly channel?: Channel;
  readonly claimId?: string;
}

interface Row {
  order_id: string;
  payable_json: string;
  mode: OrderMode;
  item_zh: string;
  item_en: string;
  amount_fen: number;
  state: LocalOrderState;
  qr_content: string | null;
  expires_at: string | null;
  channel: Channel | null;
  claim_id: string | null;
}

export class QrOrderStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * The open order of this payable and mode (any non-final state, including `unknown`), or a new
   * one in `creating`. An open order with another amount is never reused: it is left for the
   * reconciler and a new id is chosen.
   */
  reuseOrCreate(payable: WirePayable, mode: OrderMode, amountFen: Fen, itemName: { zh: string; en: string }): { order: QrOrder; reused: boolean } {
    return this.db
      .transaction(() => {
        const open = (this.db.prepare(`SELECT * FROM qr_orders WHERE payable_key = ? AND mode = ? AND state NOT IN ('paid', 'failed', 'expired', 'reversed', 'closed') ORDER BY created_at DESC`).all(payableKey(payable), mode) as Row[]).find(
          (r) => r.amount_fen === amountFen,
        );
        if (open) return { order: toOrder(open), reused: true };
        const orderId = `QR${ulid()}`;
        const now = new Date().toISOString();
        this.db
          .prepare("INSERT INTO qr_orders (order_id, payable_key, payable_json, mode, item_zh, item_en, amount_fen, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?)")
          .run(orderId, payableKey(payable), JSON.stringify(payable), mode, itemName.zh, itemName.en, amountFen, now, now);
        return { order: this.get(orderId)!, reused: false };
      })
      .immediate();
  }

  get(orderId: string): QrOrder | undefined {
    const row = this.db.prepare('SELECT * FROM qr_orders WHERE order_id = ?').get(orderId) as Row | undefined;
    return row ? toOrder(row) : undefined;
  }

  /** Updates the state (and what the platform told); use inside a caller's transaction when paired with a record. */
  update(orderId: string, patch: { state: LocalOrderState; qrContent?: string; expiresAt?: string; channel?: Channel; claimId?: string; lastError?: string }, db: Database.Database = this.db): void {
    db.prepare(
      `UPDATE qr_orders SET state = @state, qr_content = COALESCE(@qr, qr_content), expires_at = COALESCE(@expires, expires_at),
         channel = COALESCE(@channel, channel), claim_id = COALESCE(@claim, claim_id), last_error = @error, updated_at = @now WHERE order_id = @id`,
    ).run({ id: orderId, state: patch.state, qr: patch.qrContent ?? null, expires: patch.expiresAt ?? null, channel: patch.channel ?? null, claim: patch.claimId ?? null, error: patch.lastError ?? null, now: new Date().toISOString() });
  }

  inStates(states: readonly LocalOrderState[]): QrOrder[] {
    if (states.length === 0) return [];
    const rows = this.db.prepare(`SELECT * FROM qr_orders WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at`).all(...states) as Row[];
    return rows.map(toOrder);
  }
}

function toOrder(row: Row): QrOrder {
  return {
    orderId: row.order_id,
    payable: JSON.parse(row.payable_json) as WirePayable,
    mode: row.mode,
    itemName: { zh: row.item_zh, en: row.item_en },
    amountFen: fen(row.amount_fen),
    state: row.state,
    ...(row.qr_content ? { qrContent: row.qr_content } : {}),
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
    ...(row.channel ? { channel: row.channel } : {}),
    ...(row.claim_id ? { claimId: row.claim_id } : {}),
  };
}
