// The logger seam every layer logs through. The core supplies an implementation that redacts
// PII (src-common/privacy/redact.ts) before anything is written; drivers only see this interface.

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger for a sub-module: its events carry `module`. */
  child(module: string): Logger;
}

/** A logger that drops everything: for pure code paths and tests that assert on other effects. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
