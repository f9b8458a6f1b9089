// A real pseudo-terminal pair made by socat: a simulator opens one end, the driver under test
// opens the other through the real `serialport` package. `unplug()` kills socat (both ends
// vanish, like pulling a USB-serial adapter); `replug()` starts it again on the same paths.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
    child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.on('error', () => {});
    const deadline = Date.now() + 5000;
    while (!(fs.existsSync(hostPath) && fs.existsSync(devicePath))) {
      if (Date.now() > deadline) throw new Error('socat did not create the PTY pair within 5 s (is socat installed?)');
      await new Promise((r) => setTimeout(r, 20));
    }
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
