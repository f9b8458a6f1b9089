// Schema of payment records and QR orders, in the fees/QR range (150–199) of the payments block of
// the kiosk database's migration list (src-main/core/storage/migrations/index.ts).
import type { Migration } from '../../storage/migration';

export const feesMigrations: readonly Migration[] = [
  {
    version: 150,
    name: 'payment_records_and_qr_orders',
    up(db) {
      db.exec(`
        -- One paid record per payable: the unique payable key makes a second record impossible.
        CREATE TABLE payment_records (
          payment_id TEXT PRIMARY KEY,
          payable_key TEXT NOT NULL UNIQUE,
          payable_json TEXT NOT NULL,
          item_zh TEXT NOT NULL,
          item_en TEXT NOT NULL,
          amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
          method TEXT NOT NULL CHECK (method IN ('cash', 'qr')),
          channel TEXT,
          order_id TEXT,
          cash_txn_id TEXT,
          paid_at TEXT NOT NULL,
          recorded_at TEXT NOT NULL
        );
        -- QR orders by the kiosk's own order id (reused on every retry of the same payable).
        CREATE TABLE qr_orders (
          order_id TEXT PRIMARY KEY,
          payable_key TEXT NOT NULL,
          payable_json TEXT NOT NULL,
          mode TEXT NOT NULL CHECK (mode IN ('displayedCode', 'paymentCode')),
          item_zh TEXT NOT NULL,
          item_en TEXT NOT NULL,
          amount_fen INTEGER NOT NULL,
          state TEXT NOT NULL,
          qr_content TEXT,
          expires_at TEXT,
          channel TEXT,
          claim_id TEXT,
          last_error TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX qr_orders_payable ON qr_orders (payable_key, mode, state);
        CREATE INDEX qr_orders_state ON qr_orders (state);
      `);
    },
  },
];
