// kill -9 during 清机 after the entry and its job committed, before any report printed: the
// collection stands (one entry, one job, the period closed); running it again prints both copies
// without a second entry.
import { afterEach, expect, it } from 'vitest';
import { CollectionCrashRig } from './support/collectionCrashRig';

let rig: CollectionCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('keeps the collection and finishes its reports when run again without recording it twice', async () => {
  rig = new CollectionCrashRig();
  const { collectionId, core, before } = await rig.crashedCollection('collection.committedBeforePrint');
  expect(before.journal.filter((e) => e.body.kind === 'cashCollected').map((e) => e.txnId)).toEqual([collectionId]);
  expect(before.collectedJobs).toBe(1);
  expect(before.printJobs).toEqual([]);

  expect(await rig.expectCompletedOnce(core, collectionId)).toEqual(['存根联', '交款联']);
}, 120_000);
