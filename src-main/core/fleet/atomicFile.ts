// Crash-safe file replacement: write a temporary file, fsync it, rename it over the target, fsync
// the directory. After a kill -9 or a power cut at any instant the target holds the old bytes or
// the new ones, never a torn mix (POSIX rename is atomic; the directory fsync makes it durable).
import fs from 'node:fs';
import path from 'node:path';

/** Where a write can be paused in fault tests (a kill lands between two of these). */
export type AtomicWriteStep = 'tmpWritten' | 'tmpSynced' | 'renamed';

export interface AtomicWriteOptions {
  readonly mode?: number;
  /** Fault tests only: called after each step. */
  readonly onStep?: (step: AtomicWriteStep, file: string) => void;
}

/** Opens and fsyncs a directory (a no-op where the platform cannot, e.g. Windows). */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Windows cannot open a directory; EISDIR/EPERM/EINVAL there mean "not supported", not failure.
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Replaces `file` with `data` atomically and durably. Throws on I/O failure (disk full…), leaving the old file. */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', options.mode ?? 0o600);
  try {
    fs.writeFileSync(fd, data);
    options.onStep?.('tmpWritten', file);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  options.onStep?.('tmpSynced', file);
  fs.renameSync(tmp, file);
  options.onStep?.('renamed', file);
  fsyncDirectory(dir);
}

/** Removes temporary files a killed writer left behind in `dir`. */
export function removeStaleTemporaries(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('.') && name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
  }
}
