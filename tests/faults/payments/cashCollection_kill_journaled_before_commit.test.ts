// kill -9 during 清机 with the collection entry and its cash.collected job written inside their
// transaction, not committed: SQLite rolls both back together (never an entry without its job),
// the chain is intact, and the same collection run again completes once.
import { afterEach, expect, it } from 'vitest';
import { fen } from '../../../src-common/domain/money';
import { CollectionCrashRig } from './support/collectionCrashRig';

let rig: CollectionCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const NOTES = [10000, 5000, 2000, 2000, 1000];
const PHYSICAL = [{ denominationFen: 10000, count: 1 }, { denominationFen: 5000, count: 1 }, { denominationFen: 2000, count: 2 }, { denominationFen: 1000, count: 1 }];

it('leaves the period open and completes the collection when run again', async () => {
  rig = new CollectionCrashRig();
  const run = await rig.crashAt('collection.journaledBeforeCommit', { collectionId: 'CC-journaledBeforeCommit', physical: PHYSICAL, seedNotesFen: NOTES });
  expect(run.lines).toContain('seeded');
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const before = rig.state(core);
  expect(before.journalIntact).toBe(true);
  expect(before.journal.filter((e) => e.body.kind === 'cashCollected')).toEqual([]);
  expect(before.collectedJobs).toBe(0);
  expect(before.printJobs).toEqual([]);
  const preview = await rig.client.call('Cash.CollectionPreview', {});
  expect(preview.ok && preview.value).toMatchObject({ periodStartSeq: 0, journalTotalFen: 20000, journal: [{ denominationFen: 10000, count: 1 }, { denominationFen: 5000, count: 1 }, { denominationFen: 2000, count: 2 }, { denominationFen: 1000, count: 1 }] });

  const again = await rig.client.call('Cash.Collect', { collectionId: 'CC-journaledBeforeCommit', technician: 'T0042', physical: PHYSICAL.map((p) => ({ denominationFen: fen(p.denominationFen), count: p.count })) });
  expect(again.ok, JSON.stringify(again)).toBe(true);
  if (!again.ok) return;
  expect(again.value).toMatchObject({ journalTotalFen: 20000, physicalTotalFen: 20000, differenceFen: 0, differences: [], copies: [{ copy: 'kiosk', state: 'printed' }, { copy: 'office', state: 'printed' }] });
  const after = rig.state(core);
  expect(after.journalIntact).toBe(true);
  const collected = after.journal.filter((e) => e.body.kind === 'cashCollected');
  expect(collected.map((e) => e.txnId)).toEqual(['CC-journaledBeforeCommit']);
  expect(again.value.closingSeq).toBe(collected[0]!.seq);
  expect(after.collectedJobs).toBe(1);
  expect(after.printJobs.map((j) => j.state).sort()).toEqual(['printed', 'printed']);
  // Reports printed by the rebooted kiosk: both copies.
  expect(rig.reportsPrinted(core).map((r) => r[1])).toEqual(['存根联', '交款联']);
  // The next period starts empty after the collection.
  const next = await rig.client.call('Cash.CollectionPreview', {});
  expect(next.ok && next.value).toMatchObject({ periodStartSeq: collected[0]!.seq, journal: [], journalTotalFen: 0 });
}, 120_000);
