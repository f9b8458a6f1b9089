// Chromium's fake camera for 人证核验 e2e tests: one-frame Y4M clips of the reference platform's
// test faces (platform/server/identity/referenceAuthority.ts), written to the OS temp directory and
// passed with --use-file-for-fake-video-capture. The whole run sees the demo residents' face (so
// 取证 and marked items pass); a file that needs someone else's face launches its own browser
// with `chromiumLaunchArgs('stranger')` (docs/platform.md, "人证核验").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REFERENCE_FACES } from '../../../platform/server/identity/referenceAuthority';
import { faceY4m } from '../../support/faceImages';

export type TestFace = keyof typeof REFERENCE_FACES;

/** Debian's Chromium, never a downloaded browser (no `playwright install` anywhere). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The clip of `face`, written once per content (an atomic rename, so parallel loads agree). */
export function faceFeedFile(face: TestFace): string {
  const dir = path.join(os.tmpdir(), 'budayang-face-feeds');
  const file = path.join(dir, `${face}.y4m`);
  const clip = faceY4m(REFERENCE_FACES[face]);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(clip)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, clip);
  fs.renameSync(temp, file);
  return file;
}

/** The kiosk's Chromium flags for tests, its fake camera showing `face`. */
export function chromiumLaunchArgs(face: TestFace): string[] {
  return [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${faceFeedFile(face)}`,
    '--autoplay-policy=no-user-gesture-required',
  ];
}
