// A stand-in for a kiosk core process in the kill -9 tests: opens the data directory's outbox,
// queues a few new records while syncing, and drains to the platform. Prints `ready` once the
// engine runs, `pushing N` as each batch leaves, and `done` when nothing is left; the parent kills
// it at random moments.
import { silentLogger } from '../../../../src-common/logging';
import { PlatformClient } from '../../../../src-main/core/sync/PlatformClient';
import { openSyncStack } from '../../../../src-main/core/sync/openSyncStack';
import { SyncEngine } from '../../../../src-main/core/sync/SyncEngine';

const [dataDir, extraArg, tagArg] = process.argv.slice(2);
const extra = Number(extraArg ?? 0);
const opened = openSyncStack({ dataDir: dataDir!, log: silentLogger });
if (!opened.ok) {
  process.stderr.write(`worker: ${opened.error}\n`);
  process.exit(3);
}
const { outbox, identity } = opened.value;
const recovered = outbox.recoverInFlight();
const client = new PlatformClient({ identity });
// Announce each push as it leaves, so the parent can also kill exactly while one is in flight.
const push = client.pushEvents.bind(client);
client.pushEvents = (events) => {
  process.stdout.write(`pushing ${events.length}\n`);
  return push(events);
};
const engine = new SyncEngine({ outbox, client, log: silentLogger, batchSize: 25 });
engine.start();
process.stdout.write(`ready recovered=${recovered}\n`);

let queued = 0;
const tag = tagArg ?? 'w';
function queueSome(): void {
  if (queued >= extra) return;
  const written = outbox.enqueue({ streamKey: `case:W${queued % 7}`, kind: 'dev.synthetic', payload: { tag, n: queued } });
  if (!written.ok) process.exit(4);
  queued++;
  setImmediate(queueSome);
}
queueSome();

const poll = setInterval(() => {
  const s = outbox.status();
  if (queued >= extra && s.pending === 0 && s.inFlight === 0) {
    clearInterval(poll);
    process.stdout.write('done\n');
    void engine.stop().then(() => {
      opened.value.close();
      process.exit(0);
    });
  }
}, 20);
