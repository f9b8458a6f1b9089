// Under the browser shell's launcher the supervisor does not restart the core: the core's exit
// ends the shell, so the launcher sees it, counts the start of a release on trial and starts
// `current` again (ADR 0020). Without the launcher the supervisor restarts as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreSupervisor } from '../../../src-main/shell/CoreSupervisor';
import { until } from '../../support/until';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A "core" that exits at once with code 70, counting its spawns in a file. */
function dyingCore(): { script: string; spawns: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-supervisor-'));
  dirs.push(dir);
  const count = path.join(dir, 'spawns');
  const script = path.join(dir, 'core.mjs');
  fs.writeFileSync(script, `import fs from 'node:fs';\nfs.appendFileSync(${JSON.stringify(count)}, 'x');\nprocess.exit(70);\n`);
  return { script, spawns: () => (fs.existsSync(count) ? fs.readFileSync(count, 'utf8').length : 0) };
}

const launch = () => ({ type: 'launch' as const, token: 'a'.repeat(64) });

describe('CoreSupervisor under the launcher', () => {
  it('exitWithCore: the first exit ends supervision, start() resolves false, onGone gets the code, no restart', async () => {
    const core = dyingCore();
    const gone: Array<number | null> = [];
    const supervisor = new CoreSupervisor({ script: core.script, args: () => [], env: process.env, launch, exitWithCore: true, onGone: ({ code }) => gone.push(code), policy: { baseMs: 1, capMs: 1, floorMs: 1, jitter: 'full', healthyAfterMs: 60_000 } });
    expect(await supervisor.start()).toBe(false);
    expect(gone).toEqual([70]);
    // A restarting supervisor (below) spawns again within milliseconds; this one must not have.
    const other = dyingCore();
    const restarting = new CoreSupervisor({ script: other.script, args: () => [], env: process.env, launch, policy: { baseMs: 1, capMs: 1, floorMs: 1, jitter: 'full', healthyAfterMs: 60_000 } });
    void restarting.start();
    await until(() => other.spawns() >= 3, 'the restarting supervisor to spawn three times');
    await restarting.stop();
    expect(core.spawns()).toBe(1);
  });
});
