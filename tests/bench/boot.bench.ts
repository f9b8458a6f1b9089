// Boot speed (issue #14 item 7): launch → the attract screen painted, as a ratio to bare Chromium
// launched and painting a static page from a loopback server, both measured in this run (the
// absolute time depends too much on the machine). The kiosk side is what the browser shell does:
// `budayang start` opens Chromium on its starting page while the core starts, then the kiosk's
// page, until the attract screen is visible and one animation frame has run. Median of 3 each; target ratio ≤ 1.3. Two
// kiosks: the `test` profile (simulated devices, no embedded platform: what a site starts) and
// the `demo` profile of `npm start`, whose core first starts the reference platform (PGlite).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { BenchFigure } from './types';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'budayang.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const RUNS = 3;
const TARGET_RATIO = 1.3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Chromium launched cold, a page opened, the marker visible and one frame run: ms from `started`. */
async function chromiumPaints(url: string, marker: string, started: number): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(marker).first().waitFor({ state: 'visible' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    return performance.now() - started;
  } finally {
    await browser.close();
  }
}

async function staticPageBaseline(): Promise<number> {
  const html = '<!doctype html><meta charset="utf-8"><title>static</title><div id="static" style="font:48px sans-serif">轻触屏幕开始办理</div>';
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await chromiumPaints(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, '#static', performance.now());
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/**
 * What the browser shell does: `budayang start` opens Chromium at once on its starting page while
 * the core starts, and hands it the kiosk's page once the core is ready. `--headless-window` is
 * that same window headless with a DevTools port, which this bench attaches to (the attaching
 * overlaps the core's start, and any cost of it counts against the kiosk).
 */
async function kioskLaunch(profile: string): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-boot-'));
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start', '--shell', 'browser', '--headless-window', '--profile', profile, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`budayang start exited ${code}: ${output}`))));
  exited.catch(() => undefined);
  try {
    const portFile = path.join(dataDir, 'chromium', 'DevToolsActivePort');
    const devToolsPort = await Promise.race([exited, until(() => (fs.existsSync(portFile) ? /^\d+\n/.exec(fs.readFileSync(portFile, 'utf8'))?.[0].trim() : undefined))]);
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${devToolsPort}`);
    try {
      const page = await Promise.race([exited, until(() => browser.contexts()[0]?.pages()[0])]);
      await page.locator('[data-testid="attract-screen"], [data-testid="out-of-service"]').first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      return performance.now() - started;
    } finally {
      await browser.close();
    }
  } finally {
    await new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The shell before the starting page, for comparison in the same run: Chromium launched only once
 * the core printed `ready:` (as `--headless` leaves it to whoever opens the URL).
 */
async function kioskLaunchSequential(profile: string): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-boot-'));
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start', '--shell', 'browser', '--headless', '--profile', profile, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /ready: (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`budayang start exited ${code} before ready: ${out}`)));
    });
    return await chromiumPaints(url, '[data-testid="attract-screen"], [data-testid="out-of-service"]', started);
  } finally {
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls `probe` every 10 ms until it gives a value (60 s at most). */
async function until<T>(probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('boot bench: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function run(): Promise<BenchFigure[]> {
  const baselines: number[] = [];
  const site: number[] = [];
  const demo: number[] = [];
  const sequential: number[] = [];
  // Interleaved, so a slower moment of a shared machine weighs on every side alike.
  for (let i = 0; i < RUNS; i++) {
    baselines.push(await staticPageBaseline());
    site.push(await kioskLaunch('test'));
    sequential.push(await kioskLaunchSequential('test'));
    demo.push(await kioskLaunch('demo'));
  }
  const baseline = median(baselines);
  const figure = (name: string, values: number[]): BenchFigure => {
    const value = median(values);
    return { name, value: Math.round(value), unit: 'ms', target: `≤ ${TARGET_RATIO} × baseline`, ratio: value / baseline / TARGET_RATIO, note: `${(value / baseline).toFixed(2)} × the baseline (${Math.round(baseline)} ms)` };
  };
  return [
    figure(`launch → attract screen painted, site profile (median of ${RUNS})`, site),
    figure(`launch → attract screen painted, site profile, Chromium opened only after the core (the old way, median of ${RUNS})`, sequential),
    figure(`launch → attract screen painted, demo profile with the embedded platform (median of ${RUNS})`, demo),
    { name: 'bare Chromium: launch → static page painted (baseline, median)', value: Math.round(baseline), unit: 'ms', note: 'Chromium launched cold, a static page from a loopback server' },
  ];
}
