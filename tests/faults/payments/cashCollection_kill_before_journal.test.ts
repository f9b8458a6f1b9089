// kill -9 during 清机 after the count was compared, before the collection entry was written:
// nothing was recorded (no entry, no job, no report), the period is still open with every note,
// and running the same collection again completes it once.
import { afterEach, expect, it } from 'vitest';
import { CollectionCrashRig, COUNTED } from './support/collectionCrashRig';

let rig: CollectionCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('leaves the period open and completes the collection when run again', async () => {
  rig = new CollectionCrashRig();
  const { collectionId, core, before } = await rig.crashedCollection('collection.beforeJournal');
  expect(before.journal.filter((e) => e.body.kind === 'cashCollected')).toEqual([]);
  expect(before.collectedJobs).toBe(0);
  expect(before.printJobs).toEqual([]);
  const preview = await rig.client.call('Cash.CollectionPreview', {});
  expect(preview.ok && preview.value).toMatchObject({ periodStartSeq: 0, journalTotalFen: 20000, journal: COUNTED });

  expect(await rig.expectCompletedOnce(core, collectionId)).toEqual(['存根联', '交款联']);
}, 120_000);
