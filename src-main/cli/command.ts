// The shape of one `budayang` sub-command. Each domain exports its commands from
// src-main/cli/commands/<domain>.ts; src-main/cli/commands/index.ts gathers them.
import type { Writable } from 'node:stream';

export interface CliContext {
  /** Data directory: `--data DIR`, else $BUDAYANG_DATA, else ~/.budayang. */
  readonly dataDir: string;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
}

export interface CliCommand {
  /** Words after `budayang`, e.g. ['devices', 'read-id']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Usage line shown by `--help`, e.g. `--port PATH [--timeout SECONDS] [--json]`. */
  readonly usage: string;
  /** Runs with the arguments after the path; resolves to the process exit code. */
  run(args: readonly string[], ctx: CliContext): Promise<number>;
}

/** Writes one line; the CLI is the only place that prints to stdout. */
export function println(stream: Writable, text = ''): void {
  if (!stream.writable) return;
  stream.write(`${text}\n`);
}

/** A reader that closes the pipe early (`budayang catalog list | head`) is not an error. */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
