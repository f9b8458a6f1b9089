// The durable record of print jobs: one JSON line per state change in
// `<dataDir>/printing/jobs.jsonl`, appended and fsynced before the job's bytes go out. At start,
// jobs a crash left `queued` or `printing` are closed as `unknown` — never printed again by
// surprise. A job id that printed (or may have) is refused when it comes again.
import fs from 'node:fs';
import path from 'node:path';
import type { PrintJobRecord } from '../../../src-common/api/printing';

export class PrintJobJournal {
  private readonly records = new Map<string, PrintJobRecord>();
  private readonly file: string;

  constructor(dataDir: string, now: () => string = () => new Date().toISOString()) {
    const dir = path.join(dataDir, 'printing');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, 'jobs.jsonl');
    if (fs.existsSync(this.file)) {
      for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const record = JSON.parse(line) as PrintJobRecord;
          this.records.set(record.jobId, record);
        } catch {
          // A torn last line from a power cut: the job it described stays in its previous state.
        }
      }
    }
    for (const record of [...this.records.values()]) {
      if (record.state === 'queued' || record.state === 'printing') {
        this.write({ ...record, state: 'unknown', reason: 'the core stopped while this job was pending; it is not printed again', finishedAt: now() });
      }
    }
  }

  get(jobId: string): PrintJobRecord | undefined {
    return this.records.get(jobId);
  }

  /** Why a job id may not be used again, or undefined when it may (new, or failed before). */
  refusalFor(jobId: string): string | undefined {
    const previous = this.records.get(jobId);
    if (!previous || previous.state === 'failed') return undefined;
    return `job ${jobId} was already ${previous.state}; a reprint needs a new job id`;
  }

  /** Appends a state change and fsyncs it. */
  write(record: PrintJobRecord): void {
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(record)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.records.delete(record.jobId);
    this.records.set(record.jobId, record);
  }

  /** Newest first. */
  list(limit: number, deviceId?: string): PrintJobRecord[] {
    const all = [...this.records.values()].reverse();
    return (deviceId ? all.filter((r) => r.deviceId === deviceId) : all).slice(0, limit);
  }
}
