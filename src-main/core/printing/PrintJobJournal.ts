// The durable record of print jobs, in the kiosk database (`print_jobs`, migration 300): a job's
// row is written (synchronous=FULL) before its bytes go out and on every state change. At start,
// jobs a crash left `queued` or `printing` are closed as `unknown` — never printed again by
// surprise. A job id that printed (or may have) is refused when it comes again.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { PrintJobRecord } from '../../../src-common/api/printing';
import type { Logger } from '../../../src-common/logging';

/** The journal of earlier versions: one JSON line per state change, imported once (see importJsonl). */
export const LEGACY_JSONL_JOURNAL = path.join('printing', 'jobs.jsonl');

interface Row {
  job_id: string;
  device_id: string;
  printer_class: PrintJobRecord['printerClass'];
  document: PrintJobRecord['document'];
  state: PrintJobRecord['state'];
  reason: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface PrintJobJournalOptions {
  /** When given, a legacy `printing/jobs.jsonl` in it is imported once and renamed aside. */
  readonly dataDir?: string;
  readonly now?: () => string;
  readonly log?: Logger;
}

export class PrintJobJournal {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      get: db.prepare('SELECT * FROM print_jobs WHERE job_id = ?'),
      // updated_seq orders the listing by last change, as the file's append order did.
      upsert: db.prepare(`INSERT INTO print_jobs (job_id, device_id, printer_class, document, state, reason, created_at, finished_at, updated_seq)
        VALUES (@jobId, @deviceId, @printerClass, @document, @state, @reason, @createdAt, @finishedAt, (SELECT COALESCE(MAX(updated_seq), 0) + 1 FROM print_jobs))
        ON CONFLICT (job_id) DO UPDATE SET device_id = excluded.device_id, printer_class = excluded.printer_class, document = excluded.document, state = excluded.state,
          reason = excluded.reason, created_at = excluded.created_at, finished_at = excluded.finished_at, updated_seq = excluded.updated_seq`),
      insertImported: db.prepare(`INSERT OR IGNORE INTO print_jobs (job_id, device_id, printer_class, document, state, reason, created_at, finished_at, updated_seq)
        VALUES (@jobId, @deviceId, @printerClass, @document, @state, @reason, @createdAt, @finishedAt, (SELECT COALESCE(MAX(updated_seq), 0) + 1 FROM print_jobs))`),
      interrupted: db.prepare("SELECT * FROM print_jobs WHERE state IN ('queued', 'printing') ORDER BY updated_seq"),
      recent: db.prepare('SELECT * FROM print_jobs ORDER BY updated_seq DESC LIMIT ?'),
      recentOfDevice: db.prepare('SELECT * FROM print_jobs WHERE device_id = ? ORDER BY updated_seq DESC LIMIT ?'),
    };
  }

  /**
   * Opens the journal on the kiosk database (migration 300 applied): imports a legacy JSONL
   * journal once, then closes the jobs a crash left open as `unknown`.
   */
  static open(db: Database.Database, options: PrintJobJournalOptions = {}): PrintJobJournal {
    const journal = new PrintJobJournal(db);
    const now = options.now ?? (() => new Date().toISOString());
    if (options.dataDir) journal.importJsonl(path.join(options.dataDir, LEGACY_JSONL_JOURNAL), options.log);
    db.transaction(() => {
      for (const row of journal.statements.interrupted.all() as Row[]) {
        journal.write({ ...toRecord(row), state: 'unknown', reason: 'the core stopped while this job was pending; it is not printed again', finishedAt: now() });
      }
    })();
    return journal;
  }

  get(jobId: string): PrintJobRecord | undefined {
    const row = this.statements.get.get(jobId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Why a job id may not be used again, or undefined when it may (new, or failed before). */
  refusalFor(jobId: string): string | undefined {
    const previous = this.get(jobId);
    if (!previous || previous.state === 'failed') return undefined;
    return `job ${jobId} was already ${previous.state}; a reprint needs a new job id`;
  }

  /** Records a state change durably (one committed row; the database runs synchronous=FULL). */
  write(record: PrintJobRecord): void {
    this.statements.upsert.run(toParams(record));
  }

  /** Newest change first. */
  list(limit: number, deviceId?: string): PrintJobRecord[] {
    const rows = (deviceId ? this.statements.recentOfDevice.all(deviceId, limit) : this.statements.recent.all(limit)) as Row[];
    return rows.map(toRecord);
  }

  /**
   * Imports the JSONL journal of earlier versions once: the last line of each job wins, a torn
   * or invalid line is skipped, a job already in the table is kept. The file is then renamed
   * `jobs.jsonl.imported` (not deleted: it is the only copy until the import is verified by
   * use). Kept rather than dropped because those rows are what refuses a second print of a
   * receipt or certificate that already printed before the upgrade.
   */
  private importJsonl(file: string, log: Logger | undefined): void {
    if (!fs.existsSync(file)) return;
    const latest = new Map<string, PrintJobRecord>();
    let skipped = 0;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = PrintJobRecord.safeParse(JSON.parse(line));
        if (!parsed.success) {
          skipped++;
          continue;
        }
        latest.delete(parsed.data.jobId);
        latest.set(parsed.data.jobId, parsed.data);
      } catch {
        // A torn last line from a power cut: the job it described stays in its previous state.
        skipped++;
      }
    }
    this.db.transaction(() => {
      for (const record of latest.values()) this.statements.insertImported.run(toParams(record));
    })();
    fs.renameSync(file, `${file}.imported`);
    log?.info('printing.journal_imported', { jobs: latest.size, skippedLines: skipped });
  }
}

function toParams(record: PrintJobRecord): Record<string, string | null> {
  return {
    jobId: record.jobId,
    deviceId: record.deviceId,
    printerClass: record.printerClass,
    document: record.document,
    state: record.state,
    reason: record.reason ?? null,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt ?? null,
  };
}

function toRecord(row: Row): PrintJobRecord {
  return {
    jobId: row.job_id,
    deviceId: row.device_id,
    printerClass: row.printer_class,
    document: row.document,
    state: row.state,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    createdAt: row.created_at,
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
  };
}
