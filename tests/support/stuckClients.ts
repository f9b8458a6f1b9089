// Clients that send API commands and never read the answers, against a core process: the load
// behind the "bounded under load" fault test and the server benchmark's memory figure.
import WebSocket from 'ws';
import { redeemCode, residentBytes, waitUntil, type KioskProcess, type ReadyUrl } from './kioskProcess';

export function connectApi(port: number, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['budayang.v1', `bearer.${token}`], { origin: `http://127.0.0.1:${port}` });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** One command, answered: resolves with its completion. */
export function callStatus(ws: WebSocket, requestId: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.type === 'completion' && message.requestId === requestId) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ name: 'Kiosk.Status', requestId, type: 'command', payload: {} }));
  });
}

export interface StuckClientsResult {
  readonly idleBytes: number;
  readonly peakBytes: number;
  /** A fresh client's status call after the load: the core kept serving. */
  readonly answeredAfter: boolean;
}

/**
 * Runs `clients` clients that each send `commands` Kiosk.Status commands without reading, and
 * samples the core's RSS until the core has dropped them all. The core must log to stderr
 * (BUDAYANG_LOG_STDERR=1): its `api.disconnected` lines tell when it let go of them.
 */
export async function runStuckClients(core: KioskProcess & ReadyUrl, clients: number, commands: number): Promise<StuckClientsResult> {
  const token = (await redeemCode(core.baseUrl, core.code!)).body.token as string;
  const probe = await connectApi(core.port, token);
  await callStatus(probe, 'warm');
  const pid = core.child.pid!;
  const idleBytes = residentBytes(pid);
  const disconnectsBefore = (core.output().match(/"event":"api\.disconnected"/g) ?? []).length;
  let peakBytes = idleBytes;
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, residentBytes(pid))), 20);
  try {
    const stuck = await Promise.all(Array.from({ length: clients }, () => connectApi(core.port, token)));
    for (const ws of stuck) {
      ws.pause(); // never read: answers pile up on the core's side
      for (let i = 0; i < commands; i++) ws.send(JSON.stringify({ name: 'Kiosk.Status', requestId: `r${i}`, type: 'command', payload: {} }));
    }
    // A client that reads nothing never sees the close, so the core's log says when it is done.
    await waitUntil('the core to drop the stuck clients', () => (core.output().match(/"event":"api\.disconnected"/g) ?? []).length >= disconnectsBefore + clients, 60_000);
    for (const ws of stuck) ws.terminate();
  } finally {
    clearInterval(sampler);
  }
  peakBytes = Math.max(peakBytes, residentBytes(pid));
  const after = await callStatus(probe, 'after');
  probe.close();
  return { idleBytes, peakBytes, answeredAfter: after.completionCode === 'success' };
}
