// The print-job journal in the kiosk database (real SQLite file): ids that printed or may have
// printed are refused, a failed one may retry, jobs a crash left open become unknown at the next
// open, the listing is newest change first, and a legacy JSONL journal is imported exactly once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { PrintJobJournal } from '../../../src-main/core/printing/PrintJobJournal';
import { openKioskDatabase, type KioskDatabase } from '../../../src-main/core/storage/openKioskDatabase';

const dirs: string[] = [];
const open: KioskDatabase[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-print-journal-'));
  dirs.push(dir);
  return dir;
}

function database(dir: string): KioskDatabase {
  const opened = unwrap(openKioskDatabase({ dataDir: dir }));
  open.push(opened);
  return opened;
}

const base = { deviceId: 'r', printerClass: 'receiptPrinter', document: 'acceptance', createdAt: '2026-11-26T00:00:00Z' } as const;

describe('print job journal', () => {
  it('refuses an id that printed or may have printed, allows a retry after failure, and survives a restart', () => {
    const dir = dataDir();
    const first = database(dir);
    const journal = PrintJobJournal.open(first.db);
    journal.write({ ...base, jobId: 'a', state: 'printed' });
    journal.write({ ...base, jobId: 'b', state: 'failed', reason: 'paper out' });
    journal.write({ ...base, jobId: 'c', state: 'printing' });
    expect(journal.refusalFor('a')).toMatch(/already printed/);
    expect(journal.refusalFor('b')).toBeUndefined();
    expect(journal.refusalFor('new')).toBeUndefined();
    first.close();
    open.splice(0);

    const reopened = PrintJobJournal.open(database(dir).db, { now: () => '2026-11-26T01:00:00Z' });
    expect(reopened.get('c')).toMatchObject({ state: 'unknown', finishedAt: '2026-11-26T01:00:00Z' });
    expect(reopened.refusalFor('c')).toMatch(/already unknown/);
    expect(reopened.get('b')).toEqual({ ...base, jobId: 'b', state: 'failed', reason: 'paper out' });
    expect(reopened.list(10).map((r) => r.jobId)).toEqual(['c', 'b', 'a']);
  });

  it('lists by last change and by device', () => {
    const journal = PrintJobJournal.open(database(dataDir()).db);
    journal.write({ ...base, jobId: 'x', state: 'queued' });
    journal.write({ ...base, jobId: 'y', deviceId: 'a4', printerClass: 'a4Printer', document: 'proof', state: 'queued' });
    journal.write({ ...base, jobId: 'x', state: 'printed', finishedAt: '2026-11-26T00:00:05Z' });
    expect(journal.list(10).map((r) => `${r.jobId}:${r.state}`)).toEqual(['x:printed', 'y:queued']);
    expect(journal.list(10, 'a4').map((r) => r.jobId)).toEqual(['y']);
    expect(journal.list(1)).toHaveLength(1);
  });

  it('imports a legacy JSONL journal once (last line per job wins, a torn line is skipped) and renames it aside', () => {
    const dir = dataDir();
    const legacy = path.join(dir, 'printing', 'jobs.jsonl');
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    const line = (r: object) => `${JSON.stringify({ ...base, ...r })}\n`;
    fs.writeFileSync(
      legacy,
      line({ jobId: 'payment:CASH-1', document: 'payment', state: 'queued' }) +
        line({ jobId: 'payment:CASH-1', document: 'payment', state: 'printed', finishedAt: '2026-11-26T00:00:02Z' }) +
        line({ jobId: 'acceptance:A-1', state: 'printing' }) +
        '{"jobId":"torn',
    );
    const db = database(dir).db;
    const journal = PrintJobJournal.open(db, { dataDir: dir, now: () => '2026-11-26T02:00:00Z' });
    expect(journal.get('payment:CASH-1')).toMatchObject({ state: 'printed', document: 'payment' });
    expect(journal.refusalFor('payment:CASH-1')).toMatch(/already printed/);
    // Open when the old version stopped: closed as unknown like any crash leftover.
    expect(journal.get('acceptance:A-1')).toMatchObject({ state: 'unknown', finishedAt: '2026-11-26T02:00:00Z' });
    expect(fs.existsSync(legacy)).toBe(false);
    expect(fs.existsSync(`${legacy}.imported`)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM print_jobs').pluck().get()).toBe(2);

    // Imported once: a later state change stays, the renamed file is never read again.
    journal.write({ ...base, jobId: 'payment:CASH-1', document: 'payment', state: 'failed', reason: 'test' });
    const again = PrintJobJournal.open(db, { dataDir: dir });
    expect(again.get('payment:CASH-1')).toMatchObject({ state: 'failed' });
  });

  it('keeps rows already in the table when the same legacy file is met again (a crash before the rename)', () => {
    const dir = dataDir();
    const db = database(dir).db;
    const journal = PrintJobJournal.open(db);
    journal.write({ ...base, jobId: 'a', state: 'printed' });
    const legacy = path.join(dir, 'printing', 'jobs.jsonl');
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    fs.writeFileSync(legacy, `${JSON.stringify({ ...base, jobId: 'a', state: 'queued' })}\n`);
    expect(PrintJobJournal.open(db, { dataDir: dir }).get('a')).toMatchObject({ state: 'printed' });
  });
});
