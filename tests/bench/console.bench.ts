// Fleet console figures: the console's first JavaScript and its lazily loaded chart (gzip), the
// cost of one sign-in (scrypt), and the overview and a filtered kiosk list over 10,000 kiosks on
// the embedded store, each against a health round trip measured in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPlatformServer } from '../../platform/server/createPlatformServer';
import { hashPassword, verifyPassword } from '../../platform/server/admin/passwords';
import type { BenchFigure } from './types';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const KIOSKS = 10_000;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeRequests(url: string, headers: Record<string, string>, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const dir = path.join(ROOT, 'dist', 'console');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(dir, file))).length / 1024;
  const first = initial.reduce((sum, f) => sum + gz(f), 0);
  figures.push({ name: 'console initial JS (gzip)', value: Math.round(first * 10) / 10, unit: 'KB', target: '≤ 200 KB', ratio: first / 200, note: `${initial.length} file(s)` });
  const chart = fs.readdirSync(path.join(dir, 'assets')).find((f) => f.startsWith('FleetChart-'));
  if (chart) {
    const size = gz(path.join('assets', chart));
    figures.push({ name: 'overview chart chunk, ECharts (gzip, loaded with the chart only)', value: Math.round(size * 10) / 10, unit: 'KB', target: '≤ 200 KB', ratio: size / 200 });
  }

  const hash = await hashPassword('bench password 123');
  const signIns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await verifyPassword('bench password 123', hash);
    signIns.push(performance.now() - started);
  }
  const signIn = median(signIns);
  figures.push({ name: 'password check (scrypt N=2^15 r=8 p=3, median of 5)', value: Math.round(signIn), unit: 'ms', target: '≤ 500 ms', ratio: signIn / 500, note: 'per sign-in, on the thread pool' });

  const platform = await createPlatformServer({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-console-bench-')), adminToken: 'bench', maintenanceIntervalMs: 0, consoleDir: null });
  try {
    // 10,000 tagged kiosks, 95 % with a heartbeat (every 10th of those an hour old, every 7th degraded).
    await platform.store.db.exec(`
      INSERT INTO kiosks (id, kiosk_code, public_key, app_version, created_at, region_code, level, site_kind, site_name, hardware)
      SELECT 'K-bench-' || g, 'B' || g, 'bench-key-' || g, '0.1.1', now() - (g || ' seconds')::interval,
             (ARRAY['420102', '420202', '420281', '420222100', '420281102201'])[1 + g % 5], (ARRAY['city', 'city', 'county', 'township', 'village'])[1 + g % 5],
             CASE WHEN g % 5 < 3 THEN 'hall' ELSE 'village' END, 'site ' || g % 300, (ARRAY['ZZJ-A1', 'ZZJ-B2', 'HK-800'])[1 + g % 3]
      FROM generate_series(1, ${KIOSKS}) g;
      INSERT INTO kiosk_status (kiosk_id, last_heartbeat_at, last_heartbeat, degraded, reported_app_version, reported_config)
      SELECT 'K-bench-' || g, now() - CASE WHEN g % 10 = 0 THEN interval '1 hour' ELSE interval '10 seconds' END, '{"devices":[]}'::jsonb, g % 7 = 0,
             CASE WHEN g % 4 = 0 THEN '0.1.0' ELSE '0.1.1' END, 'site-1'
      FROM generate_series(1, ${Math.round(KIOSKS * 0.95)}) g;
    `);
    const headers = { authorization: 'Bearer bench' };
    const health = await timeRequests(`${platform.url}/v1/health`, {}, 30);
    const overview = await timeRequests(`${platform.url}/admin/fleet/overview`, headers, 15);
    const drill = await timeRequests(`${platform.url}/admin/fleet/overview?region=4202`, headers, 15);
    const list = await timeRequests(`${platform.url}/admin/kiosks?status=offline&region=4202&limit=50`, headers, 15);
    figures.push({ name: 'health round trip (baseline)', value: Math.round(health * 100) / 100, unit: 'ms' });
    figures.push({ name: `fleet overview over ${KIOSKS.toLocaleString('en')} kiosks (median of 15)`, value: Math.round(overview), unit: 'ms', target: '≤ 250 ms', ratio: overview / 250, note: `${Math.round(overview / health)}× a health round trip` });
    figures.push({ name: 'overview of one city (drill-down, median of 15)', value: Math.round(drill), unit: 'ms', target: '≤ 250 ms', ratio: drill / 250 });
    figures.push({ name: 'kiosk list: offline in one city, 50 a page, with total (median of 15)', value: Math.round(list), unit: 'ms', target: '≤ 250 ms', ratio: list / 250 });
  } finally {
    await platform.close();
  }
  return figures;
}
