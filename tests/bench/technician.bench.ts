// The technician's door to a running core (docs/technicians.md), against a real core process (the
// built one when dist/ exists): one CLI-style command through the control channel (read the
// endpoint file, connect with the technician credential, one command, close) against the same
// command on a fresh renderer connection (connect with the token, one command, close), measured in
// the same run; how soon a citizen's screen hears that a leased device's service is off (lease
// taken on the control channel → `Kiosk.CapabilitiesChanged` with the maintenance reason on the
// renderer connection) against another audited write command on the same control channel
// (`Queue.RetryDead`, nothing to retry: the audit's commit plus one write) — the audit's durable
// commit before every command is the floor of both; and the diagnostics bundle's size against
// the platform's upload limit.
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

/** A renderer connection kept open, waiting for the next capability summary matching `test`. */
async function openRenderer(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['budayang.v1', `bearer.${token}`], { headers: { Origin: `http://127.0.0.1:${port}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    nextSummary(test: (services: Array<{ service: string; available: boolean; reasonKey?: string }>) => boolean): Promise<void> {
      return new Promise((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const m = JSON.parse(String(data)) as { type: string; name: string; payload: { services?: Array<{ service: string; available: boolean; reasonKey?: string }> } };
          if (m.type !== 'unsolicited' || m.name !== 'Kiosk.CapabilitiesChanged' || !m.payload.services || !test(m.payload.services)) return;
          ws.off('message', onMessage);
          resolve();
        };
        ws.on('message', onMessage);
      });
    },
    close: () => ws.close(),
  };
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

    // Lease → the citizen's screen hears the service is off, beside a command round trip on the same renderer connection.
    const renderer = await openRenderer(core.port, token);
    const leaseToScreen: number[] = [];
    const roundTrip: number[] = [];
    const pickupOff = (services: Array<{ service: string; available: boolean; reasonKey?: string }>) => services.some((x) => x.service === 'pickup' && !x.available && x.reasonKey === 'reason.maintenance');
    const pickupOn = (services: Array<{ service: string; available: boolean }>) => services.some((x) => x.service === 'pickup' && x.available);
    for (let i = 0; i < ROUNDS; i++) {
      let start = performance.now();
      const retried = await channel.value.call('Queue.RetryDead', {});
      if (!retried.ok) throw new Error(`Queue.RetryDead failed: ${retried.error.description}`);
      roundTrip.push(performance.now() - start);
      start = performance.now();
      // Timed to the event itself: the lease's own completion comes after its audit entry is written.
      const heardAt = renderer.nextSummary(pickupOff).then(() => performance.now());
      const lease = await channel.value.call('Technician.LeaseDevice', { deviceId: 'certificate-printer', minutes: 1 });
      if (!lease.ok) throw new Error(`lease refused: ${lease.error.description}`);
      leaseToScreen.push((await heardAt) - start);
      const back = renderer.nextSummary(pickupOn);
      await channel.value.call('Technician.ReleaseLease', { leaseId: lease.value.leaseId });
      await back;
    }
    renderer.close();
    await channel.value.close();
    const heardMs = median(leaseToScreen);
    const commandMs = median(roundTrip);
    if (!bundle.ok) throw new Error(`bundle failed: ${bundle.error.description}`);
    return [
      { name: `control channel: endpoint file + connect + one command + close, median of ${ROUNDS}`, value: Math.round(through * 100) / 100, unit: 'ms', target: '≤ 1.5 × a renderer connection doing the same (baseline, same run)', ratio: through / base / 1.5, note: `baseline ${Math.round(base * 100) / 100} ms` },
      { name: `lease taken on the control channel → the citizen screen told the service is off, median of ${ROUNDS}`, value: Math.round(heardMs * 100) / 100, unit: 'ms', target: '≤ 1.5 × an audited write command on the control channel (Queue.RetryDead, baseline, same run)', ratio: heardMs / commandMs / 1.5, note: `baseline ${Math.round(commandMs * 100) / 100} ms` },
      { name: 'diagnostics bundle of a freshly started demo kiosk', value: Math.round(bundle.value.byteLength / 1024), unit: 'KiB', target: `≤ the platform's upload limit (${MAX_DIAGNOSTICS_BYTES / 1024 / 1024} MiB)`, ratio: bundle.value.byteLength / MAX_DIAGNOSTICS_BYTES },
    ];
  } finally {
    await stopAllKioskProcesses();
  }
}
