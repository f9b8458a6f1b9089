// kill -9 of the browser shell's supervisor and its core (a power cut, an OOM killer), then
// `budayang start` again on the same data directory: it starts every time. The data-directory
// lock dies with the process that held it; an orphaned core (only its supervisor killed) notices
// that its shell is gone and stops by itself instead of holding the data directory forever.
import { afterEach, describe, expect, it } from 'vitest';
import { corePidOf, parseReadyLine, processExists, READY_LINE, redeemCode, startShell, stopAllKioskProcesses, tempDataDir, waitUntil } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

const ROUNDS = 3;

async function startReady(dataDir: string) {
  const shell = startShell(dataDir);
  const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
  return { shell, ready, core: corePidOf(dataDir) };
}

describe('kill -9 of the supervisor and its core', () => {
  it(`starts again every time (${ROUNDS} rounds on one data directory)`, async () => {
    const dataDir = tempDataDir();
    for (let round = 0; round < ROUNDS; round++) {
      const { shell, core } = await startReady(dataDir);
      process.kill(shell.child.pid!, 'SIGKILL');
      process.kill(core, 'SIGKILL');
      await waitUntil('both processes to be gone', () => !shell.alive() && !processExists(core));
    }
    const { ready, shell } = await startReady(dataDir);
    expect((await redeemCode(ready.baseUrl, ready.code!)).status).toBe(200);
    expect(shell.output()).not.toMatch(/in use by|failed to start/);
  }, 180_000);

  it('an orphaned core stops by itself once its supervisor is killed, and the next start works', async () => {
    const dataDir = tempDataDir();
    const { shell, core } = await startReady(dataDir);
    process.kill(shell.child.pid!, 'SIGKILL');
    await waitUntil('the orphaned core to stop', () => !processExists(core), 30_000);
    const again = await startReady(dataDir);
    expect(again.core).not.toBe(core);
    expect((await redeemCode(again.ready.baseUrl, again.ready.code!)).status).toBe(200);
  }, 120_000);
});
