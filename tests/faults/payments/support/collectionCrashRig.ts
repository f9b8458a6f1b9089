// The rig of the 清机 crash tests: a kiosk core in a child process (collectionCrashWorker.ts) that
// takes a citizen's cash and SIGKILLs itself at one step of a collection; then the reboot, a core
// in this process on the same data directory, which runs the same collection again as the
// technician would, and a look at what it left: journal, outbox jobs, print jobs, printed reports.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { fen } from '../../../../src-common/domain/money';
import { ApiClient, type ClientSocket } from '../../../../src-common/api/client';
import { createInMemorySocket } from '../../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../../src-main/core/createKioskCore';
import { verifyChain, type JournalBody } from '../../../../src-main/core/payments/cashJournal';
import { PrintServiceId } from '../../../../src-main/core/printing/PrintService';
import { KioskDatabaseId } from '../../../../src-main/core/storage/storageServices';
import { until } from '../../../support/until';
import { COLLECTION_CRASH_MODULES, type CollectionCrashPoint } from './collectionCrashPoints';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');

let bundled: Promise<string> | undefined;
function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = path.join(repo, 'node_modules', '.cache', 'budayang-collection-crash-tests', `collectionCrashWorker-${process.pid}.mjs`);
    await build({ entryPoints: [path.join(here, 'collectionCrashWorker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, packages: 'external', logLevel: 'silent' });
    process.once('exit', () => fs.rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}

/** What the citizen inserts before the collection (¥200), and what the technician then counts. */
export const SEED_NOTES_FEN = [10000, 5000, 2000, 2000, 1000];
export const COUNTED = [
  { denominationFen: 10000, count: 1 },
  { denominationFen: 5000, count: 1 },
  { denominationFen: 2000, count: 2 },
  { denominationFen: 1000, count: 1 },
];

export interface CollectionRun {
  readonly signal: NodeJS.Signals | null;
  readonly lines: readonly string[];
  readonly stderr: string;
}

export interface KioskCollectionState {
  readonly journal: ReadonlyArray<{ seq: number; txnId: string; body: JournalBody }>;
  readonly journalIntact: boolean;
  readonly collectedJobs: number;
  readonly printJobs: ReadonlyArray<{ jobId: string; state: string }>;
}

export class CollectionCrashRig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collection-crash-'));
  readonly dataDir = path.join(this.dir, 'kiosk');
  private core: KioskCore | undefined;
  private technician: ApiClient | undefined;

  /** Runs the worker: a cash-in of `seedNotesFen`, then the collection killed at `crashPoint`. */
  async crashAt(crashPoint: CollectionCrashPoint, input: { collectionId: string; physical: Array<{ denominationFen: number; count: number }>; seedNotesFen: number[] }): Promise<CollectionRun> {
    const bundle = await workerBundle();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bundle, JSON.stringify({ dataDir: this.dataDir, crashPoint, ...input })], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('exit', (_code, signal) => resolve({ signal, lines: out.split('\n').slice(0, -1), stderr }));
    });
  }

  /** The kiosk again on the same data directory, as its supervisor would start it after the kill. */
  async reboot(): Promise<KioskCore> {
    const core = await createKioskCore({ dataDir: this.dataDir, profile: 'test', modules: COLLECTION_CRASH_MODULES, logger: { logDir: false } });
    this.core = core;
    this.technician = new ApiClient(() => createInMemorySocket(core.router, 'technician') as ClientSocket);
    await this.technician.whenOpen();
    await until(() => ['bill-acceptor', 'receipt-printer'].every((id) => core.context.deviceStatuses.get(id)?.state === 'online'), 'devices online after the reboot', 20_000);
    return core;
  }

  /**
   * The common start of every 清机 crash test: a citizen's cash-in, the collection `CC-<point's
   * step>` killed at `crashPoint` (asserted), then the reboot and the state it found.
   */
  async crashedCollection(crashPoint: CollectionCrashPoint): Promise<{ collectionId: string; core: KioskCore; before: KioskCollectionState }> {
    const collectionId = `CC-${crashPoint.replace(/^collection\./, '')}`;
    const run = await this.crashAt(crashPoint, { collectionId, physical: COUNTED, seedNotesFen: SEED_NOTES_FEN });
    expect(run.lines).toContain('seeded');
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const core = await this.reboot();
    const before = this.state(core);
    expect(before.journalIntact).toBe(true);
    return { collectionId, core, before };
  }

  get client(): ApiClient {
    if (!this.technician) throw new Error('reboot first');
    return this.technician;
  }

  state(core: KioskCore): KioskCollectionState {
    const db = core.service(KioskDatabaseId)!;
    const journal = (db.prepare('SELECT seq, txn_id, body FROM cash_journal ORDER BY seq').all() as Array<{ seq: number; txn_id: string; body: string }>).map((r) => ({ seq: r.seq, txnId: r.txn_id, body: JSON.parse(r.body) as JournalBody }));
    const collectedJobs = (db.prepare("SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'cash.collected'").get() as { n: number }).n;
    const printJobs = core.service(PrintServiceId)!.jobs(50).filter((j) => j.jobId.startsWith('cashCollection:')).map((j) => ({ jobId: j.jobId, state: j.state }));
    return { journal, journalIntact: verifyChain(db).ok, collectedJobs, printJobs };
  }

  /** Collection reports the rebooted kiosk's printer printed, as text lines each. */
  reportsPrinted(core: KioskCore): string[][] {
    const printer = core.service(PrintServiceId)!.receiptPrinter('receipt-printer')!;
    const lines = printer.simulator!.textLines();
    const reports: string[][] = [];
    for (const line of lines) {
      if (line.includes('清机报告')) reports.push([]);
      reports.at(-1)?.push(line);
    }
    return reports;
  }

  /**
   * Runs the same collection again after the reboot, as the technician does, and checks that it
   * completed once: one entry (closing the period), one job, both copies printed — and returns
   * which copies this run printed.
   */
  /** Nothing of the collection stands after the kill: no entry, no job, no report, and the period still holds every seeded note. */
  async expectNothingRecorded(before: KioskCollectionState): Promise<void> {
    expect(before.journal.filter((e) => e.body.kind === 'cashCollected')).toEqual([]);
    expect(before.collectedJobs).toBe(0);
    expect(before.printJobs).toEqual([]);
    const preview = await this.client.call('Cash.CollectionPreview', {});
    expect(preview.ok && preview.value).toMatchObject({ periodStartSeq: 0, journalTotalFen: 20000, journal: COUNTED });
  }

  async expectCompletedOnce(core: KioskCore, collectionId: string): Promise<string[]> {
    const again = await this.client.call('Cash.Collect', { collectionId, technician: 'T0042', physical: COUNTED.map((p) => ({ denominationFen: fen(p.denominationFen), count: p.count })) });
    expect(again.ok, JSON.stringify(again)).toBe(true);
    if (!again.ok) return [];
    expect(again.value).toMatchObject({ journalTotalFen: 20000, physicalTotalFen: 20000, differenceFen: 0, differences: [], copies: [{ copy: 'kiosk', state: 'printed' }, { copy: 'office', state: 'printed' }] });
    const after = this.state(core);
    expect(after.journalIntact).toBe(true);
    const collected = after.journal.filter((e) => e.body.kind === 'cashCollected');
    expect(collected.map((e) => e.txnId)).toEqual([collectionId]);
    expect(again.value.closingSeq).toBe(collected[0]!.seq);
    expect(after.collectedJobs).toBe(1);
    expect(after.printJobs.map((j) => j.state).sort()).toEqual(['printed', 'printed']);
    // The next period starts empty after the collection.
    const next = await this.client.call('Cash.CollectionPreview', {});
    expect(next.ok && next.value).toMatchObject({ periodStartSeq: collected[0]!.seq, journal: [], journalTotalFen: 0 });
    return this.reportsPrinted(core).map((r) => r[1] ?? '');
  }

  async close(): Promise<void> {
    this.technician?.close();
    await this.core?.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
