// After a power cut the first start of the core can fail (here: the data directory still held by
// another process). `budayang start` used to exit 1 and leave the kiosk dark; now it retries with
// backoff and comes up once the cause is gone. A CLI command that would open the database beside
// the running core is still refused, with a clear message.
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../../src-main/core/storage/dataDirLock';
import { parseReadyLine, READY_LINE, redeemCode, runBudayang, startShell, stopAllKioskProcesses, tempDataDir } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

describe('the first start of the core fails', () => {
  it('is retried with backoff until it works, instead of exiting', async () => {
    const dataDir = tempDataDir();
    const held = acquireDataDirLock(dataDir);
    expect(held.ok).toBe(true);
    const shell = startShell(dataDir);
    await shell.waitForOutput(/core: failed to start \(code \d+, signal null\); retrying in \d+ ms/);
    await shell.waitForOutput(/core: cannot start: .*in use by process/);
    expect(shell.alive()).toBe(true);
    if (held.ok) held.value.release();
    const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
    expect((await redeemCode(ready.baseUrl, ready.code!)).status).toBe(200);
  }, 120_000);

  it('a CLI command that writes the database beside a running core goes through it, or is refused clearly', async () => {
    const dataDir = tempDataDir();
    const shell = startShell(dataDir);
    await shell.waitForOutput(READY_LINE);
    // Queue commands go through the running core's control channel (docs/technicians.md).
    const through = runBudayang(['queue', 'retry-dead'], dataDir);
    await new Promise((resolve) => through.child.once('exit', resolve));
    expect(through.child.exitCode).toBe(0);
    expect(through.output()).toMatch(/via running core \(pid \d+\)/);
    // A command with no such door still opens the database itself, and the lock refuses it.
    const cli = runBudayang(['dev', 'enqueue', '--count', '1'], dataDir);
    await new Promise((resolve) => cli.child.once('exit', resolve));
    expect(cli.child.exitCode).toBe(1);
    expect(cli.output()).toMatch(/the data directory .* is in use by process \d+ \(core, since /);
    expect(shell.alive()).toBe(true);
  }, 90_000);
});
