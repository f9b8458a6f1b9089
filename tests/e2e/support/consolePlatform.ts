// A real platform process for the fleet console's e2e tests: accounts created with the README's
// own CLI (`budayang platform admin add`, password on stdin), then `budayang platform serve` with
// a short heartbeat interval, and a fleet seeded through the signed kiosk API that keeps beating.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedFleet, type SeededFleet } from '../../../scripts/seedFleet';
import type { Page } from '@playwright/test';
import { expectAccessible } from './journey';
import { ROOT, screenshot } from './kiosk';

export const CONSOLE_PASSWORD = 'console e2e password 1';
const BIN = path.join(ROOT, 'bin', 'budayang.mjs');

export interface ConsolePlatform {
  readonly url: string;
  readonly consoleUrl: string;
  readonly adminToken: string;
  readonly fleet: SeededFleet;
  /** The platform's heartbeat interval: kiosks planned offline are offline after 3 of them. */
  readonly heartbeatSeconds: number;
  stop(): Promise<void>;
}

/** `budayang platform admin add` with the password piped in, as an operator would script it. */
export function addAccount(dataDir: string, username: string, role: string, password = CONSOLE_PASSWORD): void {
  const run = spawnSync(process.execPath, [BIN, '--data', dataDir, 'platform', 'admin', 'add', '--user', username, '--role', role], { input: `${password}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`admin add ${username}: ${run.status} ${run.stderr}`);
}

export async function startConsolePlatform(options: { readonly kiosks: number; readonly accounts: ReadonlyArray<readonly [string, string]> }): Promise<ConsolePlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-console-e2e-'));
  for (const [username, role] of options.accounts) addAccount(dataDir, username, role);
  const adminToken = crypto.randomBytes(24).toString('hex');
  const heartbeatSeconds = 4;
  // The suite signs in more than the default 20 times a minute from one address; the limit itself
  // is tested in tests/integration/platform/consoleAuth.test.ts.
  const child: ChildProcess = spawn(process.execPath, [BIN, '--data', dataDir, 'platform', 'serve', '--port', '0', '--admin-token', adminToken, '--heartbeat-seconds', String(heartbeatSeconds), '--provisioning-per-minute', '1000', '--sign-in-per-minute', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const m = /platform listening on (\S+)/.exec(output);
      if (m && /fleet console: /.test(output)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`platform exited with ${code}:\n${output}`)));
  });
  if (!/fleet console: http/.test(output)) throw new Error(`the platform serves no console (run npm run build):\n${output}`);
  const fleet = await seedFleet({ platformUrl: url, adminToken, kiosks: options.kiosks });
  const stopBeating = fleet.keepAlive((heartbeatSeconds * 1000) / 2);
  return {
    url,
    consoleUrl: `${url}/console/`,
    adminToken,
    fleet,
    heartbeatSeconds,
    stop: async () => {
      await stopBeating();
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/** Axe (no serious or critical violation) and a screenshot `console-<name>` of the console page as it is now. */
export async function captureConsole(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, `console-${name}`);
}
