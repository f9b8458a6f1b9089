// Argument parsing for CLI commands, on node:util parseArgs, with errors as values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { err, ok, type Result } from '../../src-common/result';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals, strict: true });
    return ok(parsed) as Result<typeof parsed, string>;
  } catch (e) {
    return err((e as Error).message) as Result<never, string>;
  }
}

/** Parses a required positive integer option such as `--due 3000`. */
export function intOption(value: string | undefined, name: string, fallback?: number): Result<number, string> {
  if (value === undefined) return fallback === undefined ? err(`--${name} is required`) : ok(fallback);
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? ok(n) : err(`--${name} must be a whole number, got "${value}"`);
}
