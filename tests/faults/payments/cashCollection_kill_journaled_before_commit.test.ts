// kill -9 during 清机 with the collection entry and its cash.collected job written inside their
// transaction, not committed: SQLite rolls both back together (never an entry without its job),
// the chain is intact, and the same collection run again completes once.
import { afterEach, expect, it } from 'vitest';
import { CollectionCrashRig } from './support/collectionCrashRig';

let rig: CollectionCrashRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

it('leaves the period open and completes the collection when run again', async () => {
  rig = new CollectionCrashRig();
  const { collectionId, core, before } = await rig.crashedCollection('collection.journaledBeforeCommit');
  await rig.expectNothingRecorded(before);

  expect(await rig.expectCompletedOnce(core, collectionId)).toEqual(['存根联', '交款联']);
}, 120_000);
