// One writer per database: a lock file holding the owner's pid. A second process (a CLI beside a
// running core) is refused with a clear message; a lock left by a killed process is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../../src-common/result';

export const LOCK_FILE_NAME = 'kiosk.lock';

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): Result<DataDirLock, string> {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return ok({
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return err(`cannot create ${file}: ${(e as Error).message}`);
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        return err(`the data directory ${dataDir} is in use by process ${owner} (a running kiosk core or another budayang command); stop it first, or use its API`);
      }
      if (owner === process.pid) return err(`the data directory ${dataDir} is already open in this process`);
      fs.rmSync(file, { force: true }); // stale: its owner was killed
    }
  }
  return err(`cannot take the lock ${file}`);
}
