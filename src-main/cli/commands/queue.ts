// `budayang queue status|retry-dead|flush`: the outbox from the technician's terminal. These open
// the data directory's database in-process and take its lock, so they refuse to run beside a
// running core on the same data directory (use the kiosk's Queue.* API then); `status` alone
// falls back to a read-only view.
import path from 'node:path';
import { createLogger } from '../../core/logging/createLogger';
import { describeFailure, PlatformClient } from '../../core/sync/PlatformClient';
import { openSyncStack, openSyncStackReadOnly } from '../../core/sync/openSyncStack';
import { SyncEngine } from '../../core/sync/SyncEngine';
import { parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';

function cliLogger(ctx: CliContext) {
  return createLogger({ logDir: path.join(ctx.dataDir, 'logs') });
}

const status: CliCommand = {
  path: ['queue', 'status'],
  summary: 'Outbox depth, in-flight, dead letters, oldest pending age and last sync time.',
  usage: '[--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, parsed.error);
    const log = cliLogger(ctx);
    const writable = openSyncStack({ dataDir: ctx.dataDir, log });
    const opened = writable.ok ? writable : openSyncStackReadOnly({ dataDir: ctx.dataDir, log });
    if (!opened.ok) {
      println(ctx.stderr, `budayang queue status: ${writable.ok ? opened.error : writable.error}`);
      return 1;
    }
    try {
      const s = opened.value.outbox.status();
      const view = { pending: s.pending, inFlight: s.inFlight, deadLetter: s.deadLetter, oldestPendingAgeSeconds: s.oldestPendingAgeSeconds, lastSyncAt: s.lastSyncAt, acknowledged: s.acknowledged };
      if (parsed.value.values.json) {
        println(ctx.stdout, JSON.stringify(view));
      } else {
        println(ctx.stdout, `pending:        ${view.pending}`);
        println(ctx.stdout, `in flight:      ${view.inFlight}`);
        println(ctx.stdout, `dead letters:   ${view.deadLetter}${view.deadLetter > 0 ? '  (budayang queue retry-dead)' : ''}`);
        println(ctx.stdout, `acknowledged:   ${view.acknowledged}`);
        println(ctx.stdout, `oldest pending: ${view.oldestPendingAgeSeconds === null ? '-' : `${view.oldestPendingAgeSeconds} s`}`);
        println(ctx.stdout, `last sync:      ${view.lastSyncAt ?? 'never'}`);
        if (!writable.ok) println(ctx.stdout, `(read-only view: ${writable.error})`);
      }
      return 0;
    } finally {
      opened.value.close();
    }
  },
};

const retryDead: CliCommand = {
  path: ['queue', 'retry-dead'],
  summary: 'Puts every dead letter back in the queue, in its original order (after the platform-side fix).',
  usage: '[--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, parsed.error);
    const opened = openSyncStack({ dataDir: ctx.dataDir, log: cliLogger(ctx) });
    if (!opened.ok) {
      println(ctx.stderr, `budayang queue retry-dead: ${opened.error}`);
      return 1;
    }
    try {
      const listed = opened.value.outbox.deadLetters();
      const revived = opened.value.outbox.retryDeadLetters();
      if (!revived.ok) {
        println(ctx.stderr, `budayang queue retry-dead: ${revived.error.message}`);
        return 1;
      }
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ revived: revived.value, deadLetters: listed }));
      else {
        for (const d of listed) println(ctx.stdout, `revived job ${d.jobId} ${d.kind} (${d.streamKey}): was ${d.reason}`);
        println(ctx.stdout, `${revived.value} dead letter(s) back in the queue`);
      }
      return 0;
    } finally {
      opened.value.close();
    }
  },
};

/** How long `queue flush` keeps trying before it gives up (it reports what it achieved). */
const FLUSH_DEFAULT_TIMEOUT_SECONDS = 60;

const flush: CliCommand = {
  path: ['queue', 'flush'],
  summary: 'Pushes the queue to the platform now and reports what was delivered.',
  usage: '[--timeout SECONDS] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, timeout: { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, parsed.error);
    const timeoutSeconds = Number(parsed.value.values.timeout ?? FLUSH_DEFAULT_TIMEOUT_SECONDS);
    const log = cliLogger(ctx);
    const opened = openSyncStack({ dataDir: ctx.dataDir, log });
    if (!opened.ok) {
      println(ctx.stderr, `budayang queue flush: ${opened.error}`);
      return 1;
    }
    const { outbox, identity } = opened.value;
    try {
      if (!identity.registration()) {
        println(ctx.stderr, 'budayang queue flush: this kiosk is not provisioned; run `budayang provision --platform URL --code CODE`');
        return 1;
      }
      outbox.recoverInFlight();
      const engine = new SyncEngine({ outbox, client: new PlatformClient({ identity }), log: log.child('sync'), batchSize: 500 });
      const deadline = Date.now() + timeoutSeconds * 1000;
      let delivered = 0;
      let last = await engine.flushNow();
      delivered += last.delivered;
      // Retryable item rejections wait for their backoff; keep going until the deadline.
      while (last.kind === 'drained' && outbox.status().pending > 0 && Date.now() < deadline && !ctx.signal.aborted) {
        const due = outbox.nextDueAt() ?? Date.now();
        await new Promise((r) => setTimeout(r, Math.max(50, Math.min(due - Date.now(), deadline - Date.now()))));
        last = await engine.flushNow();
        delivered += last.delivered;
      }
      const s = outbox.status();
      const detail = last.kind === 'failed' ? describeFailure(last.failure) : last.kind === 'storageError' ? last.message : undefined;
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ outcome: last.kind, delivered, pending: s.pending, deadLetter: s.deadLetter, ...(detail ? { detail } : {}) }));
      else println(ctx.stdout, `${last.kind}: ${delivered} delivered, ${s.pending} pending, ${s.deadLetter} dead letter(s)${detail ? ` — ${detail}` : ''}`);
      return last.kind === 'drained' ? 0 : 1;
    } finally {
      opened.value.close();
    }
  },
};

function usageError(ctx: CliContext, message: string): number {
  println(ctx.stderr, `budayang queue: ${message}`);
  return 2;
}

export const queueCommands: readonly CliCommand[] = [status, retryDead, flush];
