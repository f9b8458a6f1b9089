// A client that sends commands and never reads its answers used to grow the core from ~200 MB to
// over 1 GB (three of them: 2 GB). Now the core stops reading a connection whose output backs up
// or whose commands pile up, closes one whose unsent output passes the cap, and refuses
// connections past the limit: a real core process stays within +64 MiB of idle under three such
// clients sending 20,000 commands each, and keeps serving.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { startApiServer, type ApiServer } from '../../../src-main/server/ApiServer';
import { startCore, stopAllKioskProcesses } from '../../support/kioskProcess';
import { connectApi as connect, runStuckClients } from '../../support/stuckClients';

const CLIENTS = 3;
const COMMANDS_PER_CLIENT = 20_000;
const RSS_BUDGET_BYTES = 64 * 1024 * 1024;

let inProcess: { core: KioskCore; server: ApiServer } | undefined;
afterEach(async () => {
  await stopAllKioskProcesses();
  await inProcess?.server.close();
  await inProcess?.core.stop();
  inProcess = undefined;
});

describe('a client that never reads its answers', () => {
  it(`keeps a real core within +64 MiB of idle under ${CLIENTS} such clients × ${COMMANDS_PER_CLIENT} commands, and the core keeps serving`, async () => {
    const core = await startCore({ env: { BUDAYANG_LOG_STDERR: '1' } });
    const result = await runStuckClients(core, CLIENTS, COMMANDS_PER_CLIENT);
    expect(result.peakBytes - result.idleBytes, `idle ${result.idleBytes} B, peak ${result.peakBytes} B`).toBeLessThanOrEqual(RSS_BUDGET_BYTES);
    expect(core.alive()).toBe(true);
    expect(result.answeredAfter).toBe(true);
  }, 120_000);

  it('closes a connection whose unsent output passes the cap (unsolicited events to a client that reads nothing)', async () => {
    const core = await createKioskCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-overrun-')), profile: 'test', logger: { logDir: false }, modules: [] });
    const lines: string[] = [];
    const log = { ...silentLogger, warn: (event: string, fields?: Record<string, unknown>) => lines.push(`${event} ${JSON.stringify(fields)}`), child: () => log };
    const server = await startApiServer({ router: core.router, log, limits: { maxBufferedBytes: 256 * 1024, pauseBufferedBytes: 64 * 1024 } });
    inProcess = { core, server };
    const ws = await connect(server.port, server.token);
    ws.pause();
    const summary = core.context.capabilities.current();
    // The kernel takes megabytes before the server's own buffer grows: push until the cap bites.
    for (let i = 0; i < 200_000 && server.connectionCount() > 0; i++) {
      core.router.broadcast('Kiosk.CapabilitiesChanged', summary);
      if (i % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(server.connectionCount()).toBe(0);
    expect(lines.some((l) => l.startsWith('api.connection_overrun'))).toBe(true);
  });

  it('runs at most the allowed commands of one connection at once; the rest wait unread, none is lost', async () => {
    const core = await createKioskCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-inflight-')), profile: 'test', logger: { logDir: false }, modules: [] });
    let running = 0;
    let maxRunning = 0;
    const releases: Array<() => void> = [];
    core.router.register('Devices.List', async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return { ok: true, value: { devices: [] } };
    });
    const server = await startApiServer({ router: core.router, log: silentLogger, limits: { maxCommandsInFlight: 4 } });
    inProcess = { core, server };
    const ws = await connect(server.port, server.token);
    const completions: string[] = [];
    const allDone = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { type: string; requestId: string };
        if (m.type === 'completion') completions.push(m.requestId);
        if (completions.length === 20) resolve();
      }),
    );
    for (let i = 0; i < 20; i++) ws.send(JSON.stringify({ name: 'Devices.List', requestId: `d${i}`, type: 'command', payload: {} }));
    // Release the handlers as they start, one at a time, until all twenty have completed.
    const releaser = setInterval(() => releases.shift()?.(), 5);
    await allDone;
    clearInterval(releaser);
    expect(maxRunning).toBeLessThanOrEqual(4);
    expect(new Set(completions).size).toBe(20);
    ws.close();
  });

  it('refuses connections past the limit with 503, and accepts again once one closes', async () => {
    const core = await createKioskCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-conns-')), profile: 'test', logger: { logDir: false }, modules: [] });
    const server = await startApiServer({ router: core.router, log: silentLogger, limits: { maxConnections: 2 } });
    inProcess = { core, server };
    const first = await connect(server.port, server.token);
    await connect(server.port, server.token);
    await expect(connect(server.port, server.token)).rejects.toThrow(/503/);
    const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
    first.close();
    await closed;
    await expect.poll(() => server.connectionCount()).toBe(1);
    const again = await connect(server.port, server.token);
    again.close();
  });
});
