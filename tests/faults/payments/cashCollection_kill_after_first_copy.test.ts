// kill -9 during 清机 after the kiosk's copy of the report printed: running it again prints only
// the office copy (the kiosk copy is not printed twice) and records nothing more.
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

it('keeps the collection and finishes its reports when run again without recording it twice', async () => {
  rig = new CollectionCrashRig();
  const run = await rig.crashAt('collection.firstCopyPrinted', { collectionId: 'CC-firstCopyPrinted', physical: PHYSICAL, seedNotesFen: NOTES });
  expect(run.lines).toContain('seeded');
  expect(run.signal, run.stderr).toBe('SIGKILL');

  const core = await rig.reboot();
  const before = rig.state(core);
  expect(before.journalIntact).toBe(true);
  expect(before.journal.filter((e) => e.body.kind === 'cashCollected').map((e) => e.txnId)).toEqual(['CC-firstCopyPrinted']);
  expect(before.collectedJobs).toBe(1);
  expect(before.printJobs).toEqual([{ jobId: 'cashCollection:CC-firstCopyPrinted:kiosk', state: 'printed' }]);

  const again = await rig.client.call('Cash.Collect', { collectionId: 'CC-firstCopyPrinted', technician: 'T0042', physical: PHYSICAL.map((p) => ({ denominationFen: fen(p.denominationFen), count: p.count })) });
  expect(again.ok, JSON.stringify(again)).toBe(true);
  if (!again.ok) return;
  expect(again.value).toMatchObject({ journalTotalFen: 20000, physicalTotalFen: 20000, differenceFen: 0, differences: [], copies: [{ copy: 'kiosk', state: 'printed' }, { copy: 'office', state: 'printed' }] });
  const after = rig.state(core);
  expect(after.journalIntact).toBe(true);
  const collected = after.journal.filter((e) => e.body.kind === 'cashCollected');
  expect(collected.map((e) => e.txnId)).toEqual(['CC-firstCopyPrinted']);
  expect(again.value.closingSeq).toBe(collected[0]!.seq);
  expect(after.collectedJobs).toBe(1);
  expect(after.printJobs.map((j) => j.state).sort()).toEqual(['printed', 'printed']);
  // Reports printed by the rebooted kiosk: only the office copy.
  expect(rig.reportsPrinted(core).map((r) => r[1])).toEqual(['交款联']);
  // The next period starts empty after the collection.
  const next = await rig.client.call('Cash.CollectionPreview', {});
  expect(next.ok && next.value).toMatchObject({ periodStartSeq: collected[0]!.seq, journal: [], journalTotalFen: 0 });
}, 120_000);
