// Fees and QR payment benchmarks: a payment-code payment end to end against the local reference
// platform (create order + micropay + record) measured against its floor (two signed round trips
// and four durable writes, measured in the same run); the durable payment record (row + outbox
// job) against a bare outbox enqueue; a 100-request create-order retry storm on one order id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import { createPlatformServer } from '../../platform/server/createPlatformServer';
import { PaymentRecords } from '../../src-main/core/payments/fees/PaymentRecords';
import { PaymentGatewayClient } from '../../src-main/core/payments/qr/PaymentGatewayClient';
import { QrOrderStore } from '../../src-main/core/payments/qr/QrOrderStore';
import { QrPaymentService } from '../../src-main/core/payments/qr/QrPaymentService';
import { QrSettlement } from '../../src-main/core/payments/qr/qrSettlement';
import { PlatformClient, provisionKiosk } from '../../src-main/core/sync/PlatformClient';
import { openSyncStack } from '../../src-main/core/sync/openSyncStack';
import type { BenchFigure } from './types';
import { fen } from '../../src-common/domain/money';

const PAYMENTS = 30;
/** Durable writes per side, in alternating blocks (see the record comparison in run()). */
const RECORD_BLOCK = 20;
const RECORD_BLOCKS = 40;
const STORM = 100;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `budayang-bench-${prefix}-`));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const platform = await createPlatformServer({ dataDir: tempDir('fees-platform'), port: 0, adminToken: 'bench' });
  const stack = unwrap(openSyncStack({ dataDir: tempDir('fees-kiosk'), log: silentLogger }));
  try {
    unwrap(await provisionKiosk(stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: 'BENCH1', appVersion: 'bench' }));
    const client = new PlatformClient({ identity: stack.identity });
    const gateway = new PaymentGatewayClient(client);

    const orders = new QrOrderStore(stack.db);
    const records = new PaymentRecords(stack.db, stack.outbox);
    const settlement = new QrSettlement({ orders, records, receipts: { printing: undefined, hallName: '基准大厅', kioskCode: 'BENCH1', verifyBaseUrl: 'https://kiosk.invalid' }, log: silentLogger, alert: () => {} });
    const qr = new QrPaymentService({ gateway, orders, settlement, log: silentLogger, timings: { pollIntervalMs: 100, minConfirmWindowMs: 1000 } });
    const noop = { waitingForCode: () => {}, codeScanned: () => {}, userPaying: () => {} };

    // Each payment-code payment (create order, micropay → success, payment record + outbox job)
    // follows one signed round trip (notice lookup), so both see the same load.
    const pairs: Array<{ trip: number; payment: number }> = [];
    for (let i = 0; i < PAYMENTS; i++) {
      let t = performance.now();
      unwrap(await gateway.notice('42020026112600012346'));
      const trip = performance.now() - t;
      const resolved = { payable: { kind: 'case' as const, caseNumber: `BENCH1-20261126-${String(i).padStart(4, '0')}` }, itemName: { zh: '基准', en: 'Bench' }, payee: { zh: '基准', en: 'Bench' }, payerMasked: '—', amountFen: fen(100), status: 'unpaid' as const };
      t = performance.now();
      const outcome = unwrap(await qr.payByPaymentCode(resolved, 10_000, new AbortController().signal, noop, async () => ({ text: '134567890123456700', channel: 'wechatPay' })));
      pairs.push({ trip, payment: performance.now() - t });
      if (outcome.status !== 'paid') throw new Error(`bench payment ${i} ended ${outcome.status}`);
    }
    // Durable payment record (row + outbox job) vs a bare outbox enqueue, one fsynced transaction
    // each, on the same database in alternating blocks; the ratio is the median over adjacent
    // pairs (fsync latency on a shared disk drifts; adjacent blocks share the drift). Payment ids
    // come from cash txn ids made before the cash-in ends, so they are made before the timing.
    const paymentIds = Array.from({ length: RECORD_BLOCK * RECORD_BLOCKS }, () => `CASH-${ulid()}`);
    const enqueueOne = (i: number) => void unwrap(stack.outbox.enqueue({ streamKey: `bench:${i}`, kind: 'dev.synthetic', payload: { i } }));
    const recordOne = (i: number) =>
      void unwrap(records.recordPaid({ paymentId: paymentIds[i]!, payable: { kind: 'case', caseNumber: `BENCHR-${i}` }, itemName: { zh: '基准', en: 'Bench' }, amountFen: fen(100), method: 'cash', cashTxnId: paymentIds[i]!.slice(5), paidAt: new Date().toISOString() }));
    const timed = (work: (i: number) => void, from: number) => {
      const started = performance.now();
      for (let i = from; i < from + RECORD_BLOCK; i++) work(i);
      return performance.now() - started;
    };
    let enqueueMs = 0;
    let recordMs = 0;
    const pairRatios: number[] = [];
    for (let block = 0; block < RECORD_BLOCKS; block++) {
      const from = block * RECORD_BLOCK;
      let e: number;
      let r: number;
      if (block % 2 === 0) {
        e = timed(enqueueOne, from);
        r = timed(recordOne, from);
      } else {
        r = timed(recordOne, from);
        e = timed(enqueueOne, from);
      }
      enqueueMs += e;
      recordMs += r;
      pairRatios.push(e / r);
    }
    const written = RECORD_BLOCK * RECORD_BLOCKS;
    const mid = { enqueue: written / (enqueueMs / 1000), record: written / (recordMs / 1000), ratio: median(pairRatios) };
    figures.push({ name: 'bare outbox enqueue (one tx each)', value: Math.round(mid.enqueue), unit: 'jobs/s', note: 'baseline, same run' });
    figures.push({
      name: 'payment record + outbox job (one tx each)',
      value: Math.round(mid.record),
      unit: 'records/s',
      target: '≥ 0.7 × baseline',
      ratio: Number(mid.ratio.toFixed(2)),
      note: `median of ${RECORD_BLOCKS} adjacent block pairs (${RECORD_BLOCK} commits each side); pair ratios ${Math.min(...pairRatios).toFixed(2)}–${Math.max(...pairRatios).toFixed(2)}`,
    });

    // The floor of one payment: its two platform calls plus its four durable kiosk writes (order
    // id chosen, order confirmed, micropay about to be sent, record + job), each one fsync.
    const trip = median(pairs.map((p) => p.trip));
    const payment = median(pairs.map((p) => p.payment));
    const writeMs = 1000 / mid.enqueue;
    const floor = 2 * trip + 4 * writeMs;
    figures.push({ name: 'signed platform round trip (notice lookup, loopback)', value: Number(trip.toFixed(2)), unit: 'ms', note: `median of ${PAYMENTS}; baseline, same run` });
    figures.push({
      name: 'payment-code payment end to end (create + micropay + record)',
      value: Number(payment.toFixed(2)),
      unit: 'ms',
      target: `≤ 1.5 × floor (2 round trips + 4 durable writes = ${floor.toFixed(1)} ms)`,
      ratio: Number((payment / (1.5 * floor)).toFixed(2)),
      note: `median of ${PAYMENTS} runs, each after a round trip`,
    });

    // Retry storm: 100 concurrent creates of one order id, then 100 micropays.
    const request = { orderId: `QR${ulid()}`, payable: { kind: 'notice' as const, noticeNumber: '42020026112600012345' }, mode: 'paymentCode' as const, amountFen: fen(5000), subject: '不动产登记费', ttlSeconds: 60 };
    const t = performance.now();
    const creates = await Promise.all(Array.from({ length: STORM }, () => gateway.createOrder(request)));
    const pays = await Promise.all(Array.from({ length: STORM }, () => gateway.micropay(request.orderId, '134567890123456700')));
    const stormMs = performance.now() - t;
    const distinct = new Set(creates.map((c) => (c.ok ? c.value.orderId : 'error'))).size;
    const [{ n: settled }] = (await platform.store.db.query("SELECT COUNT(*) AS n FROM payment_settlements WHERE notice_number = '42020026112600012345' AND reversed_at IS NULL")) as [{ n: number }];
    figures.push({
      name: `retry storm: ${STORM} creates + ${STORM} micropays on one order id`,
      value: Number(stormMs.toFixed(1)),
      unit: 'ms',
      note: `${distinct} order, ${pays.filter((p) => p.ok && p.value.status === 'paid').length} answers "paid", ${settled} settlement (must be 1)`,
    });
  } finally {
    stack.close();
    await platform.close();
  }
  return figures;
}
