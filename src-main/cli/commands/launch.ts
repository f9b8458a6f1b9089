// `budayang launch` and `budayang install-release`: the browser shell's versioned installs
// (docs/shell-and-server.md, "Browser-shell updates"; ADR 0020). The launcher is what the watchdog
// unit runs: before each start it finishes whatever a killed install step left, counts the start
// of a release on trial in `boot-attempts.json` and, after a crash loop, switches `current` back
// by itself; then it starts `current`'s `budayang start` and starts it again whenever it exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { activateFirstVersion, CURRENT_LINK, currentVersion, DEFAULT_CRASH_LOOP_POLICY, readReleaseInfo, recordStart, recoverInstall, unpackRelease, type CrashLoopPolicy, type StartDecision } from '../../core/updates/versionedInstall';
import { defaultSiteConfigPath, INSTALL_ROOT_ENV, readSiteConfig } from '../../shell/siteConfig';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';
import { EXIT_RESTART } from './start';

/** A start that lasted less than this counts as a failed one for the backoff. */
const SHORT_RUN_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Recovery and the start count, or — when the install root's own files cannot be read (a hand
 * edit, a disk error) — `current` started all the same: a launcher that exits on bad state leaves
 * the kiosk dark, one that starts the current version keeps it serving.
 */
function decideStart(root: string, policy: CrashLoopPolicy, warn: (line: string) => void): StartDecision & { readonly notes?: readonly string[] } {
  try {
    const { notes } = recoverInstall(root);
    const decision = recordStart(root, new Date(), policy);
    return decision.kind === 'start' ? { ...decision, notes } : decision;
  } catch (e) {
    const version = currentVersion(root);
    warn(`launch: the install state at ${root} cannot be read (${(e as Error).message}); starting ${version ?? 'nothing'} without counting starts`);
    return version === undefined ? { kind: 'nothingInstalled' } : { kind: 'start', version, attempt: 0 };
  }
}

const launchCommand: CliCommand = {
  path: ['launch'],
  summary: 'Runs the browser shell from a versioned install (the watchdog unit runs this): starts current, counts starts of a new release, rolls a crash loop back.',
  usage: '[--install-root DIR] [--max-starts N] [--window-seconds S] [--headless] [--port N]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { 'install-root': { type: 'string' }, 'max-starts': { type: 'string' }, 'window-seconds': { type: 'string' }, headless: { type: 'boolean' }, port: { type: 'string' } });
    if (!parsed.ok) {
      println(ctx.stderr, `budayang launch: ${parsed.error}`);
      return 2;
    }
    const values = parsed.value.values;
    // Else the site config's `installRoot` (the same file that names the profile and data directory).
    const site = readSiteConfig(defaultSiteConfigPath(process.platform, ctx.env));
    const rootOption = (values['install-root'] as string | undefined) ?? (site.kind === 'found' ? site.config.installRoot : undefined);
    if (!rootOption) {
      println(ctx.stderr, `budayang launch: --install-root DIR is required (or installRoot in the site config ${defaultSiteConfigPath(process.platform, ctx.env)})`);
      return 2;
    }
    const root = path.resolve(rootOption);
    const maxStarts = intOption(values['max-starts'] as string | undefined, 'max-starts', DEFAULT_CRASH_LOOP_POLICY.maxStarts);
    const windowSeconds = intOption(values['window-seconds'] as string | undefined, 'window-seconds', DEFAULT_CRASH_LOOP_POLICY.windowMs / 1000);
    if (!maxStarts.ok || !windowSeconds.ok) {
      println(ctx.stderr, `budayang launch: ${!maxStarts.ok ? maxStarts.error : !windowSeconds.ok ? windowSeconds.error : ''}`);
      return 2;
    }
    const policy = { maxStarts: Math.max(1, maxStarts.value), windowMs: windowSeconds.value * 1000 };
    const startArgs = ['start', '--shell', 'browser', ...(values.headless ? ['--headless'] : []), ...(values.port ? ['--port', values.port as string] : [])];
    let failures = 0;
    while (!ctx.signal.aborted) {
      const decision = decideStart(root, policy, (line) => println(ctx.stderr, line));
      if (decision.kind === 'start' && decision.notes) for (const note of decision.notes) println(ctx.stdout, `launch: ${note}`);
      if (decision.kind === 'nothingInstalled') {
        println(ctx.stderr, `budayang launch: nothing is installed at ${root} (no ${CURRENT_LINK}); run: budayang install-release --install-root ${root} TARBALL`);
        return 1;
      }
      if (decision.kind === 'rolledBack') {
        println(ctx.stdout, `launch: rolled back ${decision.rollback.version} → ${decision.rollback.to}: ${decision.rollback.detail}`);
        failures = 0;
        continue;
      }
      println(ctx.stdout, `launch: starting ${decision.version}${decision.attempt > 0 ? ` (on trial, start ${decision.attempt} of at most ${policy.maxStarts})` : ''}`);
      const startedAt = Date.now();
      const child = spawn(process.execPath, [path.join(root, CURRENT_LINK, 'bin', 'budayang.mjs'), ...startArgs], { stdio: 'inherit', env: { ...ctx.env, [INSTALL_ROOT_ENV]: root } });
      const stop = () => child.kill('SIGTERM');
      ctx.signal.addEventListener('abort', stop, { once: true });
      const code = await new Promise<number | null>((resolve) => {
        child.once('error', (e) => {
          println(ctx.stderr, `launch: cannot start ${decision.version}: ${e.message}`);
          resolve(null);
        });
        child.once('exit', (exitCode) => resolve(exitCode));
      });
      ctx.signal.removeEventListener('abort', stop);
      if (ctx.signal.aborted) break;
      // A requested restart (a release installed, a config applied) starts again at once.
      if (code === EXIT_RESTART) {
        println(ctx.stdout, `launch: ${decision.version} asked for a restart`);
        failures = 0;
        continue;
      }
      failures = Date.now() - startedAt < SHORT_RUN_MS ? failures + 1 : 0;
      const delay = failures === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
      println(ctx.stderr, `launch: ${decision.version} exited (code ${code}); starting again in ${delay} ms`);
      await sleep(delay, ctx.signal);
    }
    println(ctx.stdout, 'launch: stopped');
    return 0;
  },
};

const installReleaseCommand: CliCommand = {
  path: ['install-release'],
  summary: 'Unpacks a browser-shell release tarball into a versioned install root; the first one becomes current (later ones arrive through rollouts).',
  usage: '--install-root DIR TARBALL',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { 'install-root': { type: 'string' } }, true);
    if (!parsed.ok || !parsed.value.values['install-root'] || parsed.value.positionals.length !== 1) {
      println(ctx.stderr, `budayang install-release: ${parsed.ok ? '--install-root DIR and one TARBALL are required' : parsed.error}`);
      return 2;
    }
    const root = path.resolve(parsed.value.values['install-root'] as string);
    const tarball = path.resolve(parsed.value.positionals[0]!);
    const match = /^budayang-(.+)-browser-shell\.tar\.gz$/.exec(path.basename(tarball));
    if (!match || !fs.existsSync(tarball)) {
      println(ctx.stderr, `budayang install-release: ${tarball} is not a budayang-<version>-browser-shell.tar.gz file`);
      return 2;
    }
    try {
      fs.mkdirSync(root, { recursive: true, mode: 0o755 });
      const dir = unpackRelease(root, match[1]!, tarball);
      const version = readReleaseInfo(dir).version;
      if (currentVersion(root) === undefined) {
        activateFirstVersion(root, version);
        println(ctx.stdout, `installed ${version} at ${dir}; current → ${version}`);
      } else {
        println(ctx.stdout, `unpacked ${version} at ${dir}; current stays ${currentVersion(root)} (new versions switch through a rollout)`);
      }
      return 0;
    } catch (e) {
      println(ctx.stderr, `budayang install-release: ${(e as Error).message}`);
      return 1;
    }
  },
};

export const launchCommands: readonly CliCommand[] = [launchCommand, installReleaseCommand];
