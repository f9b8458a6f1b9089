// Starts a real kiosk through the README's own command (`budayang start --shell browser
// --headless`) on a fresh data directory, and hands the test its launch URL. Screenshots go to
// tests/artifacts/screenshots/ so a person can look at every state.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'artifacts', 'screenshots');

export interface RunningKiosk {
  readonly url: string;
  readonly dataDir: string;
  readonly output: () => string;
  /** The core process's pid (the supervisor writes it to core.pid). */
  corePid(): number;
  stop(): Promise<void>;
}

export async function startKiosk(options: { profile?: string; env?: NodeJS.ProcessEnv; dataDir?: string; packaged?: boolean } = {}): Promise<RunningKiosk> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-e2e-'));
  // A packaged launch takes its profile from its site config (`options.env`), never from the command line.
  const profileArgs = options.packaged ? [] : ['--profile', options.profile ?? 'test'];
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'budayang.mjs'), 'start', '--shell', 'browser', '--headless', ...profileArgs, '--data', dataDir], {
    env: { ...process.env, ...options.env, ...(options.packaged ? { BUDAYANG_PACKAGED: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not print ready within 20 s:\n${output}`)), 20_000);
    const check = () => {
      const m = /ready: (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`kiosk exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    output: () => output,
    corePid: () => Number(fs.readFileSync(path.join(dataDir, 'core.pid'), 'utf8')),
    stop: async () => {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
