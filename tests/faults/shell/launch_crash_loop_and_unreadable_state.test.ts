// `budayang launch` as the watchdog unit runs it, over stand-in releases (a bin/budayang.mjs that
// records how it was started, or dies at once): a release on trial that dies at every start is
// switched back by the launcher itself after the allowed starts, and the previous version is
// started; an install state that cannot be read does not stop the launcher — it starts `current`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activateFirstVersion, currentVersion, readInstallState, switchToRelease, unpackRelease } from '../../../src-main/core/updates/versionedInstall';
import { releaseTarball, removeTempRoots, tempRoot } from '../../unit/updates/support/installRoots';
import { until } from '../../support/until';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'budayang.mjs');
const running: Array<ReturnType<typeof spawn>> = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  removeTempRoots();
});

/** A release whose "app" writes its version, arguments and install root to $MARK and waits. */
const healthy = (version: string) =>
  releaseTarball(version, {
    extra: (dir) =>
      fs.writeFileSync(path.join(dir, 'bin', 'budayang.mjs'), `import fs from 'node:fs';\nfs.writeFileSync(process.env.MARK, JSON.stringify({ version: '${version}', args: process.argv.slice(2), root: process.env.BUDAYANG_INSTALL_ROOT }));\nprocess.on('SIGTERM', () => process.exit(0));\nsetInterval(() => undefined, 1000);\n`),
  });
/** A release whose app dies as it starts. */
const dying = (version: string) => releaseTarball(version, { extra: (dir) => fs.writeFileSync(path.join(dir, 'bin', 'budayang.mjs'), 'process.exit(70);\n') });

function launch(root: string, mark: string, extra: readonly string[] = []): { output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [BIN, 'launch', '--install-root', root, '--headless', ...extra], { env: { ...process.env, MARK: mark }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  running.push(child);
  return { output: () => output };
}

const marked = (mark: string) => (fs.existsSync(mark) ? (JSON.parse(fs.readFileSync(mark, 'utf8')) as { version: string; args: string[]; root: string }) : undefined);

describe('budayang launch', () => {
  it('rolls a release that dies at every start back by itself and starts the previous one', async () => {
    const root = tempRoot();
    unpackRelease(root, '1.0.0', healthy('1.0.0'));
    activateFirstVersion(root, '1.0.0');
    unpackRelease(root, '1.1.0', dying('1.1.0'));
    switchToRelease(root, '1.1.0', new Date());
    const mark = path.join(tempRoot('mark'), 'mark.json');
    const launcher = launch(root, mark, ['--max-starts', '2', '--window-seconds', '300']);
    await until(() => marked(mark) !== undefined, 'the previous version to be started', 30_000);
    expect(marked(mark)).toEqual({ version: '1.0.0', args: ['start', '--shell', 'browser', '--headless'], root });
    expect(currentVersion(root)).toBe('1.0.0');
    expect(readInstallState(root)).toMatchObject({ trial: null, rolledBack: [{ version: '1.1.0', to: '1.0.0', reason: 'crashLoop' }] });
    expect(launcher.output()).toMatch(/starting 1\.1\.0 \(on trial, start 1 of at most 2\)[\s\S]*start 2 of at most 2[\s\S]*rolled back 1\.1\.0 → 1\.0\.0/);
  });

  it('starts current when its install state cannot be read, and says so', async () => {
    const root = tempRoot();
    unpackRelease(root, '1.0.0', healthy('1.0.0'));
    activateFirstVersion(root, '1.0.0');
    fs.writeFileSync(path.join(root, 'install.json'), '{ torn');
    const mark = path.join(tempRoot('mark'), 'mark.json');
    const launcher = launch(root, mark);
    await until(() => marked(mark) !== undefined, 'current to be started', 30_000);
    expect(marked(mark)?.version).toBe('1.0.0');
    expect(launcher.output()).toContain('cannot be read');
  });

  it('refuses to run an empty install root, naming the command that installs the first version', async () => {
    const root = tempRoot();
    const launcher = launch(root, path.join(root, 'mark.json'));
    await until(() => launcher.output().includes('nothing is installed'), 'the refusal', 30_000);
    expect(launcher.output()).toContain(`budayang install-release --install-root ${root} TARBALL`);
  });
});
