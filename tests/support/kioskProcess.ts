// Runs the real `budayang` command as child processes for fault tests: the core alone (`budayang
// core`, run by hand: it prints a one-time URL) or the browser shell (`budayang start --shell
// browser --headless`, a supervisor with its core). From the sources (tsx), so a test always
// exercises the code under test, built or not.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from './until';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'budayang.mjs');
/** Starting a core from source on a shared 2-core machine takes a few seconds; this is the ceiling. */
const READY_TIMEOUT_MS = 60_000;

export interface KioskProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  output(): string;
  /** Resolves with the first match of `pattern` in the output (stdout and stderr). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<KioskProcess>();

export function tempDataDir(prefix = 'budayang-fault-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Runs `budayang ARGS` with `--data dataDir` (none when `dataDir` is null: the command finds its
 * own, e.g. from a site config); output is collected for waitForOutput.
 */
export function runBudayang(args: readonly string[], dataDir: string | null, env: NodeJS.ProcessEnv = {}): KioskProcess {
  const child = spawn(process.execPath, [BIN, ...args, ...(dataDir === null ? [] : ['--data', dataDir])], {
    env: { ...process.env, BUDAYANG_FROM_SOURCE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc: KioskProcess = {
    child,
    dataDir: dataDir ?? '',
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    waitForOutput: (pattern, timeoutMs = READY_TIMEOUT_MS) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match);
        };
        const onExit = () => setImmediate(() => finish(new Error(`exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`)));
        const finish = (error?: Error, match?: RegExpExecArray) => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
          if (match) resolve(match);
          else reject(error);
        };
        waiters.add(check);
        child.once('exit', onExit);
        check();
      }),
    stop: async (graceMs = 10_000) => {
      running.delete(proc);
      if (!proc.alive()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

/** Stops every process this module started and that is still running (for afterEach). */
export async function stopAllKioskProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

export interface ReadyUrl {
  /** http://127.0.0.1:PORT/ */
  readonly baseUrl: string;
  readonly port: number;
  /** The one-time bootstrap code from the `ready:` line, if it carried one. */
  readonly code?: string;
  readonly line: string;
}

export function parseReadyLine(match: RegExpExecArray): ReadyUrl {
  const url = new URL(match[1]!);
  const code = new URLSearchParams(url.hash.slice(1)).get('code') ?? undefined;
  return { baseUrl: `${url.origin}/`, port: Number(url.port), line: match[0], ...(code ? { code } : {}) };
}

export const READY_LINE = /ready: (\S+)/;

/** `budayang core --port 0` on a fresh or given data directory, ready to answer. */
export async function startCore(options: { dataDir?: string; profile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<KioskProcess & ReadyUrl> {
  const proc = runBudayang(['core', '--port', '0', '--profile', options.profile ?? 'test'], options.dataDir ?? tempDataDir(), options.env);
  const ready = parseReadyLine(await proc.waitForOutput(READY_LINE));
  return Object.assign(proc, ready);
}

/** `budayang start --shell browser --headless` (the supervisor and its core). */
export function startShell(dataDir: string, profile = 'test'): KioskProcess {
  return runBudayang(['start', '--shell', 'browser', '--headless', '--profile', profile], dataDir);
}

/** The core pid the browser shell wrote for the ready core. */
export function corePidOf(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'core.pid'), 'utf8'));
}

/** Resident set size of a process, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` holds, polling; for conditions on other processes (exits, files). */
export const waitUntil = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, pollMs = 25): Promise<void> => until(check, what, timeoutMs, pollMs);

/** Trades a one-time code for the session token, as the renderer does. */
export async function redeemCode(baseUrl: string, code: string, origin = baseUrl.replace(/\/$/, '')): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/api/bootstrap', baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) }, body: JSON.stringify({ code }) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}
