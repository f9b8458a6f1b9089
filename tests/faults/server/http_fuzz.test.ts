// Random HTTP (methods, broken paths, headers, upgrade attempts, bodies, raw non-HTTP bytes)
// against a real `budayang core` process: every request is answered or refused with a 4xx, none
// with a 5xx, and the core answers at the end. Random WebSocket frames from an authenticated
// client: each is answered, and the connection keeps working. The 100,000-request run is in `npm run bench`
// (tests/bench/server.bench.ts); this shorter one runs in `npm test`.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { runHttpFuzz } from '../../support/httpFuzz';
import { redeemCode, startCore, stopAllKioskProcesses, waitUntil } from '../../support/kioskProcess';
import { callStatus, connectApi } from '../../support/stuckClients';

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

describe('WebSocket frame fuzz', () => {
  it('answers every random frame from an authenticated client and keeps serving', async () => {
    const core = await startCore();
    const token = (await redeemCode(core.baseUrl, core.code!)).body.token as string;
    const ws = await connectApi(core.port, token);
    const frames = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.json({ maxDepth: 4 }),
        fc.record({ name: fc.oneof(fc.constantFrom('Kiosk.Status', 'Session.Start', 'Common.Cancel', 'Catalog.Search', 'Nope.Nothing'), fc.string()), requestId: fc.string({ maxLength: 20 }), type: fc.constantFrom('command', 'ack', 'event', 'x'), payload: fc.anything({ maxDepth: 3 }) }).map((m) => JSON.stringify(m)),
      ),
      { numRuns: 400, seed: 20261205 },
    );
    let answers = 0;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type?: string };
      if (message.type === 'completion') answers++;
    });
    for (const frame of frames) ws.send(frame);
    ws.send(Buffer.from([0xff, 0x00, 0x13])); // binary: refused with invalidData
    // Every frame is answered (one completion each; commands run at 100/s after a burst).
    await waitUntil('every frame to be answered', () => answers >= frames.length + 1, 60_000);
    expect((await callStatus(ws, 'after-fuzz')).completionCode).toBe('success');
    expect(core.alive()).toBe(true);
    ws.close();
  }, 120_000);
});
