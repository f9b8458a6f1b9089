// The technician's door to a running core (docs/technicians.md), against a real core process (the
// built one when dist/ exists): one CLI-style command through the control channel (read the
// endpoint file, connect with the technician credential, one command, close) against the same
// command on a fresh renderer connection (connect with the token, one command, close), measured in
// the same run; and the diagnostics bundle's size against the platform's upload limit.
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { connectToRunningCore } from '../../src-main/cli/controlClient';
import { MAX_DIAGNOSTICS_BYTES } from '../../platform/server/diagnostics/diagnosticsUploads';
import { redeemCode, REPO, startCore, stopAllKioskProcesses } from '../support/kioskProcess';
import type { BenchFigure } from './types';

const ROUNDS = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Connect with the renderer's token from its own Origin, one Kiosk.Status, close. */
function rendererRoundTrip(port: number, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['budayang.v1', `bearer.${token}`], { headers: { Origin: `http://127.0.0.1:${port}` } });
    ws.once('open', () => ws.send(JSON.stringify({ name: 'Kiosk.Status', requestId: 'b1', type: 'command', payload: {} })));
    ws.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== 'completion') return;
      ws.once('close', () => resolve());
      ws.close();
    });
    ws.once('error', reject);
  });
}

export async function run(): Promise<BenchFigure[]> {
  const built = fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.mjs'));
  const core = await startCore({ profile: 'demo', env: built ? { BUDAYANG_FROM_SOURCE: '' } : {} });
  try {
    const token = String((await redeemCode(core.baseUrl, core.code!)).body.token);
    const baseline: number[] = [];
    const control: number[] = [];
    // Alternating, so both sides share the machine's load.
    for (let i = 0; i < ROUNDS; i++) {
      let start = performance.now();
      await rendererRoundTrip(core.port, token);
      baseline.push(performance.now() - start);
      start = performance.now();
      const channel = await connectToRunningCore(core.dataDir);
      if (!channel.ok || !channel.value) throw new Error(`no control channel: ${channel.ok ? 'no endpoint' : channel.error}`);
      const status = await channel.value.call('Kiosk.Status', {});
      if (!status.ok) throw new Error(`Kiosk.Status failed: ${status.error.description}`);
      await channel.value.close();
      control.push(performance.now() - start);
    }
    const base = median(baseline);
    const through = median(control);

    const channel = await connectToRunningCore(core.dataDir);
    if (!channel.ok || !channel.value) throw new Error('no control channel');
    const bundle = await channel.value.call('Technician.DiagnosticsBundle', {});
    await channel.value.close();
    if (!bundle.ok) throw new Error(`bundle failed: ${bundle.error.description}`);
    return [
      { name: `control channel: endpoint file + connect + one command + close, median of ${ROUNDS}`, value: Math.round(through * 100) / 100, unit: 'ms', target: '≤ 1.5 × a renderer connection doing the same (baseline, same run)', ratio: through / base / 1.5, note: `baseline ${Math.round(base * 100) / 100} ms` },
      { name: 'diagnostics bundle of a freshly started demo kiosk', value: Math.round(bundle.value.byteLength / 1024), unit: 'KiB', target: `≤ the platform's upload limit (${MAX_DIAGNOSTICS_BYTES / 1024 / 1024} MiB)`, ratio: bundle.value.byteLength / MAX_DIAGNOSTICS_BYTES },
    ];
  } finally {
    await stopAllKioskProcesses();
  }
}
