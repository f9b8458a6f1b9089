// Browser-shell releases (docs/release.md, ADR 0020): the size of the tarball `npm run release`
// builds (with its node_modules) against the 50 MB a village line should download in a maintenance
// window, and what a kiosk does before it switches — sha512 against the manifest, the detached
// signature, unpack into staging and rename — against a bare `tar -xzf` of the same tarball
// measured in the same run (the floor: the unpack itself).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBrowserShellRelease } from '../../scripts/release';
import { generateAdminKey } from '../../src-main/core/fleet/fleetKeys';
import { pinKeys } from '../../src-main/core/fleet/keyring';
import { verifyReleaseFile } from '../../src-main/core/updates/releaseSignature';
import { unpackRelease } from '../../src-main/core/updates/versionedInstall';
import type { BenchFigure } from './types';

const ROUNDS = 3;
const SIZE_TARGET_MB = 50;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-bench-release-'));
  try {
    const key = generateAdminKey().key;
    const keyring = pinKeys([], [{ publicKey: key.publicKey, source: 'profile' }], new Date().toISOString()).keyring;
    const started = performance.now();
    const built = await buildBrowserShellRelease({ signingKey: key, version: '9.9.9', outDir: path.join(dir, 'out'), nodeModules: 'bundle', log: () => undefined });
    const buildMs = performance.now() - started;
    const manifestSha512 = crypto.createHash('sha512').update(fs.readFileSync(built.tarball)).digest('base64');
    const signature = fs.readFileSync(`${built.tarball}.sig`, 'utf8');

    const install: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so load on the shared machine hits both alike.
      const plain = fs.mkdtempSync(path.join(dir, 'tar-'));
      let t = performance.now();
      if (spawnSync('tar', ['-xzf', built.tarball, '-C', plain]).status !== 0) throw new Error('tar failed');
      bare.push(performance.now() - t);

      const root = fs.mkdtempSync(path.join(dir, 'root-'));
      t = performance.now();
      const bytes = fs.readFileSync(built.tarball);
      if (crypto.createHash('sha512').update(bytes).digest('base64') !== manifestSha512) throw new Error('sha512 mismatch');
      if (!verifyReleaseFile(path.basename(built.tarball), bytes, signature, keyring).ok) throw new Error('signature refused');
      unpackRelease(root, '9.9.9', built.tarball);
      install.push(performance.now() - t);
      fs.rmSync(plain, { recursive: true, force: true });
      fs.rmSync(root, { recursive: true, force: true });
    }
    const sizeMb = built.tarballBytes / 1024 / 1024;
    return [
      { name: 'browser-shell tarball (with node_modules)', value: Math.round(sizeMb * 10) / 10, unit: 'MB', target: `≤ ${SIZE_TARGET_MB} MB`, ratio: sizeMb / SIZE_TARGET_MB, note: `built in ${Math.round(buildMs)} ms` },
      { name: 'verify + unpack before the switch', value: Math.round(median(install)), unit: 'ms', target: 'bare tar -xzf, same run', ratio: median(install) / median(bare), note: `tar -xzf ${Math.round(median(bare))} ms; median of ${ROUNDS}` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
