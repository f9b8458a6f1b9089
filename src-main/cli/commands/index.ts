// Every `budayang` command, gathered from the domain files (one line per domain).
import type { CliCommand } from '../command';

export const commands: readonly CliCommand[] = [];
