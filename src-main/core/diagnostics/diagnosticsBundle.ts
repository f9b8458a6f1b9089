// The diagnostics bundle (docs/technicians.md): what a remote engineer needs to understand a kiosk,
// with no personal data — the redacted log tail and its recent errors, device states, self-test
// history, config without secrets, versions, queue and dead-letter stats, disk, memory and OS.
// Everything passes the PII redactor once more on the way out (by key and by shape): the logs
// were redacted when written, but a bundle leaves the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KioskConfig } from '../../../kiosk-config/schema';
import type { DeviceStatus } from '../../../src-common/domain/device';
import type { SelfTestRun } from '../../../src-common/api/technician';
import type { PiiRedactor } from '../../../src-common/privacy/redact';
import type { Outbox } from '../outbox/Outbox';
import { APP_VERSION } from '../version';

/** The log tail a bundle carries: enough for the last hours of a busy kiosk, small enough to upload. */
export const BUNDLE_LOG_TAIL_BYTES = 512 * 1024;
/** Recent errors and warnings listed on their own. */
const RECENT_ERRORS = 100;
/** Config keys whose values are secrets (hashes included: an offline PIN guess needs only the hash). */
const SECRET_KEY = /pin|hash|secret|token|password|privatekey|key$/i;

export interface BundleSources {
  readonly config: KioskConfig;
  readonly profile: string;
  readonly dataDir: string;
  readonly redactor: PiiRedactor;
  readonly devices: readonly DeviceStatus[];
  readonly selfTests: readonly SelfTestRun[];
  readonly outbox?: Outbox;
  readonly startedAt: number;
}

export type DiagnosticsBundle = Readonly<Record<string, unknown>>;

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
export type LogLevelName = keyof typeof LEVELS;

export interface LogViewLine {
  readonly time: string;
  readonly level: LogLevelName;
  readonly module: string;
  readonly event: string;
  /** The other fields, as JSON (already redacted when written). */
  readonly fields: string;
}

/** The newest log lines at or above `level` that contain `search`, newest first, redacted again. */
export function viewLog(dataDir: string, redactor: PiiRedactor, filter: { readonly level: LogLevelName; readonly search: string; readonly limit: number }): LogViewLine[] {
  const needle = filter.search.toLowerCase();
  const out: LogViewLine[] = [];
  const lines = readLogTail(path.join(dataDir, 'logs', 'core.log'), BUNDLE_LOG_TAIL_BYTES);
  for (let i = lines.length - 1; i >= 0 && out.length < filter.limit; i--) {
    const text = redactor.redactString(lines[i]!);
    if (needle && !text.toLowerCase().includes(needle)) continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const { level, time, module, event, ...fields } = parsed;
    const levelName = (Object.keys(LEVELS) as LogLevelName[]).findLast((name) => typeof level === 'number' && level >= LEVELS[name]) ?? 'debug';
    if (LEVELS[levelName] < LEVELS[filter.level]) continue;
    out.push({ time: String(time ?? ''), level: levelName, module: String(module ?? ''), event: String(event ?? ''), fields: JSON.stringify(fields).slice(0, 500) });
  }
  return out;
}

export function buildDiagnosticsBundle(sources: BundleSources): DiagnosticsBundle {
  const { redactor } = sources;
  const logLines = readLogTail(path.join(sources.dataDir, 'logs', 'core.log'), BUNDLE_LOG_TAIL_BYTES).map((line) => redactor.redactString(line));
  const recentErrors = logLines.filter((line) => /"level":(40|50|60)/.test(line)).slice(-RECENT_ERRORS);
  const status = sources.outbox?.status();
  const bundle = {
    format: 'budayang.diagnostics/1',
    generatedAt: new Date().toISOString(),
    kiosk: { code: sources.config.kiosk.code, level: sources.config.kiosk.level, regionCode: sources.config.kiosk.regionCode, profile: sources.profile, mode: sources.config.mode, configId: sources.config.configId },
    versions: { app: APP_VERSION, node: process.versions.node, v8: process.versions.v8, ...(process.versions.electron ? { electron: process.versions.electron } : {}) },
    os: { platform: os.platform(), release: os.release(), arch: os.arch(), uptimeSeconds: Math.round(os.uptime()), loadAverage: os.loadavg(), cpus: os.cpus().length, totalMemoryBytes: os.totalmem(), freeMemoryBytes: os.freemem() },
    process: { pid: process.pid, uptimeSeconds: Math.round((Date.now() - sources.startedAt) / 1000), memory: process.memoryUsage() },
    disk: diskOf(sources.dataDir),
    devices: sources.devices,
    selfTests: sources.selfTests,
    queue: status
      ? {
          pending: status.pending,
          inFlight: status.inFlight,
          deadLetter: status.deadLetter,
          acknowledged: status.acknowledged,
          oldestPendingAgeSeconds: status.oldestPendingAgeSeconds,
          lastSyncAt: status.lastSyncAt,
          deadLetters: (sources.outbox?.deadLetters() ?? []).slice(0, 100).map((d) => ({ jobId: d.jobId, kind: d.kind, streamKey: d.streamKey, reason: d.reason, deadAt: d.deadAt })),
        }
      : null,
    config: withoutSecrets(sources.config),
    recentErrors,
    log: logLines,
  };
  return sources.redactor.redact(bundle) as DiagnosticsBundle;
}

/** The config with every secret replaced and technician accounts reduced to their roles. */
export function withoutSecrets(config: KioskConfig): unknown {
  const strip = (value: unknown, key: string): unknown => {
    if (SECRET_KEY.test(key) && typeof value === 'string') return '[SECRET]';
    if (Array.isArray(value)) return value.map((v) => strip(v, ''));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strip(v, k)]));
    return value;
  };
  const stripped = strip(config, '') as Record<string, unknown> & { diagnostics?: Record<string, unknown> };
  const technicians = config.diagnostics.technicians;
  return { ...stripped, diagnostics: { ...stripped.diagnostics, technicians: technicians.map((t) => ({ role: t.role })) } };
}

/** The last `maxBytes` of a log file as whole lines (the bundle, the screen's log viewer). */
export function readLogTail(file: string, maxBytes: number): string[] {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    fs.readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.length > 0);
    // The first line of a cut tail is usually partial.
    return start > 0 ? lines.slice(1) : lines;
  } catch {
    return [];
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function diskOf(dir: string): { readonly freeBytes: number; readonly totalBytes: number } | null {
  try {
    const s = fs.statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}
