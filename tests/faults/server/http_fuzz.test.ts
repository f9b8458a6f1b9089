// Random HTTP (methods, broken paths, headers, upgrade attempts, bodies, raw non-HTTP bytes)
// against a real `budayang core` process: every request is answered or refused with a 4xx, none
// with a 5xx, and the core answers at the end. The 100,000-request run is in `npm run bench`
// (tests/bench/server.bench.ts); this shorter one runs in `npm test`.
import { afterEach, describe, expect, it } from 'vitest';
import { runHttpFuzz } from '../../support/httpFuzz';
import { startCore, stopAllKioskProcesses } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

const REQUESTS = 10_000;

describe('HTTP fuzz', () => {
  it(`survives ${REQUESTS} random requests and still answers`, async () => {
    const core = await startCore();
    const report = await runHttpFuzz({ port: core.port, count: REQUESTS, seed: 20261205 });
    const statuses = Object.fromEntries(report.statuses);
    expect(Object.keys(statuses).map(Number).filter((s) => s >= 500), JSON.stringify(statuses)).toEqual([]);
    // Most requests get a real answer (not a dropped connection).
    expect((report.statuses.get(400) ?? 0) + (report.statuses.get(404) ?? 0) + (report.statuses.get(200) ?? 0) + (report.statuses.get(405) ?? 0)).toBeGreaterThan(REQUESTS / 2);
    expect(core.alive()).toBe(true);
    const health = await fetch(new URL('/healthz', core.baseUrl));
    expect(health.status).toBe(200);
    expect(core.output()).not.toMatch(/URIError|uncaught|TypeError/i);
  }, 120_000);
});
