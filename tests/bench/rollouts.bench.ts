// Platform fleet benchmarks (docs/fleet.md, "Rollouts") on the embedded store, each against a
// baseline measured in the same run on the same database: creating a rollout to 10,000 village
// kiosks (selector resolved, rings planned, targets written, canary told) against bare inserts of
// the same 10,000 target rows; telling the last ring (9,999 desired versions set) against a bare
// update of those rows; and the twin's write on every heartbeat against the status write every
// heartbeat already does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PlatformStore } from '../../platform/server/platformStore';
import { valuesClause } from '../../platform/server/store/eventStore';
import { generateAdminKey, signBundle } from '../../src-main/core/fleet/fleetKeys';
import { unwrap } from '../../src-common/result';
import type { HeartbeatRequest } from '../../src-common/wire/wire';
import type { BenchFigure } from './types';

const KIOSKS = 10_000;
const BEATS = 500;
const CHUNK = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-bench-rollouts-'));
  const store = await PlatformStore.open({ location: { kind: 'embedded', dataDir: dir }, maintenanceIntervalMs: 0 });
  const figures: BenchFigure[] = [];
  try {
    const db = store.db;
    const now = new Date();
    const ids = Array.from({ length: KIOSKS }, (_, i) => `K-${String(i).padStart(6, '0')}`);
    for (let i = 0; i < KIOSKS; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      await db.execute(`INSERT INTO kiosks (created_at, id, kiosk_code, public_key, app_version) VALUES ${valuesClause(part.length, 4, 2, [1])}`, [now.toISOString(), ...part.flatMap((id) => [id, 'BENCH', id, 'bench'])]);
      await db.execute(`INSERT INTO kiosk_status (kiosk_id, last_heartbeat_at, last_heartbeat) SELECT id, $1, '{}'::jsonb FROM kiosks WHERE id = ANY($2)`, [now.toISOString(), part]);
      await db.execute(`UPDATE kiosks SET level = 'village', region_code = '420222101201', site_kind = 'village' WHERE id = ANY($1)`, [part]);
      await db.execute(`INSERT INTO kiosk_twins (kiosk_id) SELECT id FROM kiosks WHERE id = ANY($1)`, [part]);
    }
    const signer = generateAdminKey().key;
    const bundle = unwrap(signBundle('config', 1, { ui: { idleWarningSeconds: 90 } }, signer));
    await store.bundles.publish(bundle, now);

    // Baselines: the same rows, written bare into tables of the same shape and indexes.
    await db.exec('CREATE TABLE bench_targets (LIKE rollout_kiosks INCLUDING ALL); CREATE TABLE bench_twin (LIKE kiosk_twins INCLUDING ALL); INSERT INTO bench_twin SELECT * FROM kiosk_twins');
    const bare = await timeMs(async () => {
      for (let i = 0; i < KIOSKS; i += CHUNK) {
        const part = ids.slice(i, i + CHUNK).map((id, j) => [id, i + j === 0 ? 0 : 1]);
        await db.execute(`INSERT INTO bench_targets (rollout_id, updated_at, kiosk_id, ring) VALUES ${valuesClause(part.length, 2, 3, [1, 2])}`, ['R-bare', now.toISOString(), ...part.flat()]);
      }
    });
    let rolloutId = '';
    const create = await timeMs(async () => {
      const created = await store.rollouts.create({ kind: 'config', version: 1, target: { levels: ['village'] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0, abort: { failurePercent: 10, minKiosks: 1 }, offlineAfterSeconds: 600 }, now);
      if (!('status' in created)) throw new Error(`rollout refused: ${JSON.stringify(created.refused)}`);
      rolloutId = created.status.rolloutId;
    });
    figures.push({ name: `create a rollout to ${KIOSKS.toLocaleString('en')} kiosks (selector, rings, targets, canary told), embedded store`, value: Number(create.toFixed(0)), unit: 'ms', target: '≤ 3 × bare inserts of the same target rows', ratio: Number((create / bare / 3).toFixed(2)), note: `bare inserts ${bare.toFixed(0)} ms` });

    // Telling the last ring: 9,999 desired versions set, against bare updates of the same rows
    // (the ring's target rows and the kiosks' twin rows: what telling must write at the least).
    await db.execute("UPDATE rollout_kiosks SET state = 'applied' WHERE rollout_id = $1 AND ring = 0", [rolloutId]);
    const bareUpdate = await timeMs(async () => {
      await db.execute("UPDATE bench_targets SET state = 'told', previous_desired = NULL WHERE ring = 1");
      await db.execute("UPDATE bench_twin SET config_desired = 1, config_desired_by = 'R-bare' WHERE kiosk_id <> 'K-000000'");
    });
    const evaluate = async () => store.rollouts.evaluate(rolloutId, now);
    await evaluate(); // settled
    const advance = await timeMs(evaluate);
    figures.push({ name: `tell a ring of ${(KIOSKS - 1).toLocaleString('en')} kiosks (desired versions set under the rollout's lock)`, value: Number(advance.toFixed(0)), unit: 'ms', target: '≤ 3 × bare updates of the ring and twin rows', ratio: Number((advance / bareUpdate / 3).toFixed(2)), note: `bare updates ${bareUpdate.toFixed(0)} ms` });

    // Every heartbeat: the twin write (reported attributes and versions, desired answered).
    const beat: HeartbeatRequest = {
      sentAt: now.toISOString(),
      devices: [],
      queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
      versions: { app: 'bench', config: 'bench', configVersion: 1, catalogVersion: null },
      diskFreeBytes: null,
      commandResults: [],
      site: { level: 'village', regionCode: '420222101201', hardware: ['receiptPrinter/escpos', 'billAcceptor/ssp'] },
    };
    const statusMs: number[] = [];
    const twinMs: number[] = [];
    for (let i = 0; i < BEATS; i++) {
      const id = ids[crypto.randomInt(KIOSKS)]!;
      statusMs.push(await timeMs(() => store.heartbeats.record(id, beat, new Date(), { nonce: crypto.randomUUID(), expiresAt: new Date(Date.now() + 60_000) })));
      twinMs.push(await timeMs(() => store.fleetKiosks.report(id, beat, new Date())));
    }
    const status = median(statusMs);
    const twin = median(twinMs);
    figures.push({ name: `twin write per heartbeat (attributes, versions; desired answered), median of ${BEATS}`, value: Number(twin.toFixed(2)), unit: 'ms', target: '≤ 1.5 × the status write every heartbeat already does', ratio: Number((twin / status / 1.5).toFixed(2)), note: `status write ${status.toFixed(2)} ms` });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
