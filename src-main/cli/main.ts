// The `budayang` command: the technician's and the tests' door to the core (design.md §7).
// Global flags: `--data DIR` (or $BUDAYANG_DATA) for the data directory, `--help`. On a packaged
// install the default data directory is the one its site config names (docs/shell-and-server.md).
import os from 'node:os';
import path from 'node:path';
import { defaultSiteConfigPath, readSiteConfig } from '../shell/siteConfig';
import type { CliCommand, CliContext } from './command';
import { exitQuietlyOnBrokenPipe, println } from './command';
import { loadCommands } from './commands/index';
import { runsPackaged } from './packageRoot';

/** Without `--data` or $BUDAYANG_DATA: the site config's data directory when packaged, else ~/.budayang. */
export function defaultDataDir(env: NodeJS.ProcessEnv, packaged: boolean): string {
  if (packaged) {
    const site = readSiteConfig(defaultSiteConfigPath(process.platform, env));
    if (site.kind === 'found') return site.config.dataDir;
  }
  return path.join(os.homedir(), '.budayang');
}

export function resolveDataDir(args: string[], env: NodeJS.ProcessEnv, fallback: () => string = () => path.join(os.homedir(), '.budayang')): { dataDir: string; rest: string[] } {
  const rest: string[] = [];
  let dataDir = env.BUDAYANG_DATA;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--data') {
      dataDir = args[++i];
    } else if (a.startsWith('--data=')) {
      dataDir = a.slice('--data='.length);
    } else {
      rest.push(a);
    }
  }
  return { dataDir: path.resolve(dataDir ?? fallback()), rest };
}

export function findCommand(all: readonly CliCommand[], words: readonly string[]): { command: CliCommand; args: string[] } | undefined {
  let best: CliCommand | undefined;
  for (const c of all) {
    if (c.path.length <= words.length && c.path.every((w, i) => words[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, args: words.slice(best.path.length) } : undefined;
}

function usage(all: readonly CliCommand[]): string {
  const lines = ['usage: budayang [--data DIR] <command> [options]', '', 'commands:'];
  for (const c of [...all].sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')))) {
    lines.push(`  ${c.path.join(' ')} ${c.usage}`.trimEnd());
    lines.push(`      ${c.summary}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[], io: Pick<CliContext, 'stdout' | 'stderr'> = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (io.stdout === process.stdout) exitQuietlyOnBrokenPipe(process.stdout);
  const { dataDir, rest } = resolveDataDir(argv, process.env, () => defaultDataDir(process.env, runsPackaged(process.env)));
  if (rest.length === 0 || rest[0] === '--help' || rest[0] === 'help') {
    println(io.stdout, usage(await loadCommands()));
    return rest.length === 0 ? 2 : 0;
  }
  const found = findCommand(await loadCommands(rest[0]), rest);
  if (!found) {
    println(io.stderr, `budayang: unknown command "${rest.join(' ')}"\n\n${usage(await loadCommands())}`);
    return 2;
  }
  if (found.args.includes('--help')) {
    println(io.stdout, `usage: budayang ${found.command.path.join(' ')} ${found.command.usage}\n${found.command.summary}`);
    return 0;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await found.command.run(found.args, { dataDir, stdout: io.stdout, stderr: io.stderr, env: process.env, signal: controller.signal });
  } catch (e) {
    println(io.stderr, `budayang ${found.command.path.join(' ')}: ${(e as Error).message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
