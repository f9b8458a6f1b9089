// kill -9 during 清机 after the count was compared, before the collection entry was written:
// nothing was recorded (no entry, no job, no report), the period is still open with every note,
// and running the same collection again completes it once.
import { afterEach, expect, it } from 'vitest';
import { CollectionCrashRig } from './support/collectionCrashRig';

let rig: CollectionCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('leaves the period open and completes the collection when run again', async () => {
  rig = new CollectionCrashRig();
  const { collectionId, core, before } = await rig.crashedCollection('collection.beforeJournal');
  await rig.expectNothingRecorded(before);

  expect(await rig.expectCompletedOnce(core, collectionId)).toEqual(['存根联', '交款联']);
}, 120_000);
