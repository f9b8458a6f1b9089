// A real reference platform process and a kiosk provisioned with it through the README's own
// commands (`budayang platform serve`, `budayang provision`), for tests that drive the kiosk the
// way an admin does: remote commands queued with `POST /admin/commands`, delivered in a heartbeat.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startKiosk, type RunningKiosk } from './kiosk';

const BIN = path.join(ROOT, 'bin', 'budayang.mjs');

export interface FleetRig {
  readonly kiosk: RunningKiosk;
  readonly kioskId: string;
  /** An admin API call with the platform's admin token (the back office's API); throws on a non-2xx answer. */
  admin(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown>;
  /** Queues a remote command for the kiosk; it arrives with the kiosk's next heartbeat. */
  command(action: Record<string, unknown>, options?: { readonly urgent?: boolean }): Promise<string>;
  /** Events the platform received from the kiosk (outbox), as JSON text. */
  events(): Promise<string>;
  stop(): Promise<void>;
}

function cli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the match once `pattern` appears in the process's standard output. */
function outputMatching(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no ${pattern} within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The platform, then a kiosk on `profile` (a test profile's JSON) provisioned with it, beating every 5 s. */
export async function startFleetRig(profile: Record<string, unknown>): Promise<FleetRig> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-fleet-e2e-'));
  const platformData = path.join(work, 'platform');
  const kioskData = path.join(work, 'kiosk');
  fs.mkdirSync(kioskData);
  const platform = cli(['platform', 'serve', '--port', '0', '--data', platformData]);
  const [listening, code] = await Promise.all([outputMatching(platform, /platform listening on (\S+)/, 'platform'), outputMatching(platform, /one-time provisioning code: (\S+)/, 'platform')]);
  const url = listening[1]!;
  const adminToken = fs.readFileSync(path.join(platformData, 'admin-token'), 'utf8').trim();
  const profilePath = path.join(work, 'profile.json');
  fs.writeFileSync(profilePath, JSON.stringify({ ...profile, sync: { platformUrl: url, heartbeatSeconds: 5 } }));
  const provision = cli(['provision', '--platform', url, '--code', code[1]!, '--profile', profilePath, '--data', kioskData]);
  const provisioned = await outputMatching(provision, /provisioned as (\S+)/, 'provision');
  const kiosk = await startKiosk({ profile: profilePath, dataDir: kioskData });
  const admin = async (method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const kioskId = provisioned[1]!;
  return {
    kiosk,
    kioskId,
    admin,
    command: async (action, options = {}) => ((await admin('POST', '/admin/commands', { kioskId, action, ...options })) as { commandId: string }).commandId,
    events: async () => JSON.stringify(await admin('GET', '/admin/events')),
    stop: async () => {
      await kiosk.stop();
      await stopProcess(platform);
    },
  };
}
