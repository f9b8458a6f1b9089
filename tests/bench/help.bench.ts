// Help and struggle counts (#16 item 15, ADR 0018), on a real kiosk database: counting one signal
// (an upsert of its hour's row) against queueing one event per signal in the outbox, measured in
// the same run; and what an hour of signals costs the uplink aggregated (one event per hour)
// against one event per signal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import { hourStartOf, STRUGGLE_COUNTS_KIND, type StruggleSignal } from '../../src-common/wire/helpWire';
import { StruggleCounts } from '../../src-main/core/help/StruggleCounts';
import { openSyncStack } from '../../src-main/core/sync/openSyncStack';
import type { BenchFigure } from './types';

const SIGNALS = 2000;
/** A busy hall's hour: signals spread over this many (service, step, signal) places. */
const PLACES = 40;
const SIGNAL_NAMES: readonly StruggleSignal[] = ['longDwell', 'validationErrors', 'backAndForth', 'idleWarnings', 'helpRequested'];

function place(i: number): { service: string; step: string; signal: StruggleSignal } {
  const p = i % PLACES;
  return { service: ['apply', 'pay', 'query', 'proof'][p % 4]!, step: `step-${p % 10}`, signal: SIGNAL_NAMES[p % SIGNAL_NAMES.length]! };
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-help-bench-'));
  const stack = unwrap(openSyncStack({ dataDir: dir, log: silentLogger }));
  try {
    const counts = new StruggleCounts(stack.db, stack.outbox, () => Date.now());
    const perSignalPayloads: string[] = [];
    let counting = 0;
    let queueing = 0;
    // Alternating, so both share the machine's load and the database's state.
    for (let i = 0; i < SIGNALS; i++) {
      const at = place(i);
      let start = performance.now();
      unwrap(counts.add(at.service, at.step, at.signal));
      counting += performance.now() - start;
      const payload = { hourStart: hourStartOf(Date.now()), counts: [{ ...at, count: 1 }] };
      perSignalPayloads.push(JSON.stringify(payload));
      start = performance.now();
      unwrap(stack.outbox.enqueue({ streamKey: 'bench:per-signal', kind: STRUGGLE_COUNTS_KIND, payload }));
      queueing += performance.now() - start;
    }
    const rows = stack.db.prepare('SELECT hour_start, service, step, signal, count FROM struggle_counts').all() as Array<{ hour_start: string; service: string; step: string; signal: string; count: number }>;
    const aggregated = JSON.stringify({ hourStart: rows[0]!.hour_start, counts: rows.map((r) => ({ service: r.service, step: r.step, signal: r.signal, count: r.count })) });
    const perSignalBytes = perSignalPayloads.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
    const flushStart = performance.now();
    const events = unwrap(counts.flush());
    const flushMs = performance.now() - flushStart;
    const countUs = (counting / SIGNALS) * 1000;
    const queueUs = (queueing / SIGNALS) * 1000;
    return [
      { name: 'count one struggle signal', value: Number(countUs.toFixed(1)), unit: 'µs', target: 'one outbox event per signal (same run)', ratio: countUs / queueUs, note: `${queueUs.toFixed(1)} µs to queue an event per signal instead` },
      {
        name: 'uplink per hour, aggregated',
        value: Buffer.byteLength(aggregated),
        unit: 'B',
        target: 'one event per signal (same run)',
        ratio: Buffer.byteLength(aggregated) / perSignalBytes,
        note: `${SIGNALS} signals over ${rows.length} (service, step, signal) rows: ${events} event(s) vs ${SIGNALS}, ${perSignalBytes} B of payload`,
      },
      { name: 'flush an hour of counts into the outbox', value: Number(flushMs.toFixed(2)), unit: 'ms', note: `${rows.length} rows, one transaction` },
    ];
  } finally {
    stack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
