// The data-directory lock used to be a pid file: a lock naming a live unrelated process (the pid
// reused after a power cut), a zombie, or the core's own old pid kept the kiosk refusing to start
// ("in use by process N") and `budayang start` exited 1. The lock is now one the OS releases with
// its holder, so such leftovers are ignored and the kiosk starts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReadyLine, READY_LINE, redeemCode, startShell, stopAllKioskProcesses, tempDataDir, waitUntil } from '../../support/kioskProcess';

const helpers: ChildProcess[] = [];
afterEach(async () => {
  await stopAllKioskProcesses();
  for (const h of helpers.splice(0)) h.kill('SIGKILL');
});

/** Leaves the lock files an earlier version (and this one) write, naming `pid`. */
function leaveStaleLock(dataDir: string, pid: number): void {
  fs.writeFileSync(path.join(dataDir, 'kiosk.lock'), `${pid}\n`);
  fs.writeFileSync(path.join(dataDir, 'kiosk.lock.owner'), JSON.stringify({ pid, command: 'core', since: '2026-01-01T00:00:00Z' }));
}

/** A live process that has nothing to do with the kiosk. */
function unrelatedProcess(): number {
  const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  helpers.push(sleeper);
  return sleeper.pid!;
}

/** A zombie: a child of `sleep`, which never reaps it. */
async function zombieProcess(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0 & exec sleep 300'], { stdio: 'ignore' });
  helpers.push(parent);
  let zombie = 0;
  await waitUntil('the zombie to appear', () => {
    const children = fs.readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    zombie = children.find((pid) => / Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) ?? 0;
    return zombie > 0;
  });
  return zombie;
}

async function expectStarts(dataDir: string): Promise<void> {
  const shell = startShell(dataDir);
  const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
  expect((await redeemCode(ready.baseUrl, ready.code!)).status).toBe(200);
  expect(shell.output()).not.toMatch(/in use by/);
  await shell.stop();
}

describe('a stale data-directory lock', () => {
  it('naming a live unrelated process does not stop the kiosk from starting', async () => {
    const dataDir = tempDataDir();
    leaveStaleLock(dataDir, unrelatedProcess());
    await expectStarts(dataDir);
  }, 90_000);

  it('naming a zombie does not stop the kiosk from starting', async () => {
    const dataDir = tempDataDir();
    leaveStaleLock(dataDir, await zombieProcess());
    await expectStarts(dataDir);
  }, 90_000);

  it('naming this very process (a pid reused by the new core\'s shell) does not stop the kiosk from starting', async () => {
    const dataDir = tempDataDir();
    leaveStaleLock(dataDir, process.pid);
    await expectStarts(dataDir);
  }, 90_000);
});
