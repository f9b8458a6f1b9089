// kill -9 during 清机 after the kiosk's copy of the report printed: running it again prints only
// the office copy (the kiosk copy is not printed twice) and records nothing more.
import { afterEach, expect, it } from 'vitest';
import { CollectionCrashRig } from './support/collectionCrashRig';

let rig: CollectionCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('keeps the collection and finishes its reports when run again without recording it twice', async () => {
  rig = new CollectionCrashRig();
  const { collectionId, core, before } = await rig.crashedCollection('collection.firstCopyPrinted');
  expect(before.journal.filter((e) => e.body.kind === 'cashCollected').map((e) => e.txnId)).toEqual([collectionId]);
  expect(before.collectedJobs).toBe(1);
  expect(before.printJobs).toEqual([{ jobId: 'cashCollection:CC-firstCopyPrinted:kiosk', state: 'printed' }]);

  // Only the office copy prints now: the kiosk copy is not printed twice.
  expect(await rig.expectCompletedOnce(core, collectionId)).toEqual(['交款联']);
}, 120_000);
