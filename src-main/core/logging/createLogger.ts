// The core's structured logger: pino underneath, with every field and message passed through the
// PII redactor first, so no caller can leak an ID number, name or payment code into a log file.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { LogFields, Logger } from '../../../src-common/logging';
import { PiiRedactor } from '../../../src-common/privacy/redact';

export interface LoggerOptions {
  /** Directory for `core.log`; absent = stderr only. */
  readonly logDir?: string;
  readonly level?: 'debug' | 'info' | 'warn' | 'error';
  /** Also write to stderr (development, CLI `--verbose`). */
  readonly toStderr?: boolean;
  /** Extra sink for tests: receives each already-redacted line. */
  readonly sink?: (line: string) => void;
}

export interface CoreLogger extends Logger {
  readonly redactor: PiiRedactor;
  flush(): void;
}

export function createLogger(options: LoggerOptions = {}): CoreLogger {
  const redactor = new PiiRedactor();
  const level = options.level ?? 'info';
  // Each stream takes the logger's level (multistream defaults every stream to info).
  const streams: pino.StreamEntry[] = [];
  if (options.logDir) {
    fs.mkdirSync(options.logDir, { recursive: true, mode: 0o700 });
    // 0600 even without the core's umask (CLI commands log here too): redacted, but still ours.
    streams.push({ level, stream: pino.destination({ dest: path.join(options.logDir, 'core.log'), sync: true, mkdir: true, mode: 0o600 }) });
  }
  if (options.toStderr) streams.push({ level, stream: pino.destination({ fd: 2, sync: true }) });
  if (options.sink) {
    const sink = options.sink;
    streams.push({ level, stream: { write: (line: string) => sink(line) } });
  }
  const base = pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'event' },
    streams.length > 0 ? pino.multistream(streams) : pino.destination({ dest: '/dev/null', sync: true }),
  );

  const wrap = (p: pino.Logger): CoreLogger => {
    const write = (level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: LogFields) => {
      const safeFields = fields ? (redactor.redact(fields) as Record<string, unknown>) : {};
      p[level](safeFields, redactor.redactString(event));
    };
    return {
      redactor,
      debug: (e, f) => write('debug', e, f),
      info: (e, f) => write('info', e, f),
      warn: (e, f) => write('warn', e, f),
      error: (e, f) => write('error', e, f),
      child: (module) => wrap(p.child({ module })),
      flush: () => p.flush(),
    };
  };
  return wrap(base);
}
