// Foundation figures: core cold start to ready, the renderer's initial JavaScript (gzip), and
// launch to first paint of the kiosk's first screen in Debian Chromium.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { BenchFigure } from './types';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'budayang.mjs');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Spawns a command and resolves with ms until its stdout shows `ready:` (and the URL). */
function timeToReady(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; url: string; stop: () => Promise<void> }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready: (\S+)/.exec(out);
      if (m)
        resolve({
          ms: performance.now() - started,
          url: m[1]!,
          stop: () =>
            new Promise((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}`)));
  });
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const coldStarts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-bench-'));
    const r = await timeToReady(['core', '--port', '0', '--profile', 'demo', '--data', dataDir]);
    coldStarts.push(r.ms);
    await r.stop();
  }
  const cold = median(coldStarts);
  figures.push({ name: 'core cold start to ready (median of 5)', value: Math.round(cold), unit: 'ms', target: '≤ 1000 ms', ratio: cold / 1000 });

  const rendererDir = path.join(ROOT, 'dist', 'renderer');
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = scripts.reduce((sum, s) => sum + gzipSync(fs.readFileSync(path.join(rendererDir, s))).length, 0) / 1024;
  figures.push({ name: 'renderer initial JS (gzip)', value: Math.round(gz * 10) / 10, unit: 'KB', target: '≤ 200 KB', ratio: gz / 200, note: `${scripts.length} file(s)` });

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const paints: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-bench-'));
    const launched = performance.now();
    const kiosk = await timeToReady(['start', '--shell', 'browser', '--headless', '--profile', 'demo', '--data', dataDir]);
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    // The kiosk does not wait for the load event: first paint is the attract screen being visible.
    await page.goto(kiosk.url, { waitUntil: 'commit' });
    await page.locator('[data-testid="attract-screen"], [data-testid="out-of-service"]').first().waitFor({ state: 'visible' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    paints.push(performance.now() - launched);
    await page.close();
    await kiosk.stop();
  }
  await browser.close();
  const paint = median(paints);
  figures.push({ name: 'launch to first paint of the first screen (median of 3)', value: Math.round(paint), unit: 'ms', target: '≤ 1500 ms', ratio: paint / 1500, note: 'budayang start → Chromium shows the attract screen' });
  return figures;
}
