// A real pseudo-terminal pair made by socat: a simulator opens one end, the driver under test
// opens the other through the real `serialport` package. `unplug()` kills socat (both ends
// vanish, like pulling a USB-serial adapter); `replug()` starts it again on the same paths.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How long socat may take to start (a loaded CI machine, not a working one). */
const SOCAT_START_TIMEOUT_MS = 10_000;

export interface PtyPair {
  /** The driver's end. */
  readonly hostPath: string;
  /** The simulator's end. */
  readonly devicePath: string;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function createPtyPair(name = 'pty'): Promise<PtyPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-${name}-`));
  const hostPath = path.join(dir, 'host');
  const devicePath = path.join(dir, 'device');
  let child: ChildProcess | undefined;

  const start = async () => {
    const started = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    // With -d -d socat says "starting data transfer loop" once both PTYs and their links exist.
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`socat did not create the PTY pair within ${SOCAT_START_TIMEOUT_MS} ms: ${log}`)), SOCAT_START_TIMEOUT_MS);
      started.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('starting data transfer loop')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run socat (is it installed?): ${error.message}`));
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`socat exited with ${code} before the PTY pair was ready: ${log}`));
      });
    });
    if (!(fs.existsSync(hostPath) && fs.existsSync(devicePath))) throw new Error('socat reported ready but the PTY links are missing');
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
    // socat removes its links on clean exit only; after SIGKILL we remove them.
    for (const p of [hostPath, devicePath]) fs.rmSync(p, { force: true });
  };

  await start();
  return {
    hostPath,
    devicePath,
    unplug: stop,
    replug: start,
    close: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
