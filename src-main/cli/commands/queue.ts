// `budayang queue status|retry-dead|flush`: the outbox from the technician's terminal. With a core
// running on the data directory they go through its control channel (its Queue.* methods, the core
// keeps running); without one they open the database in-process and take its lock.
import path from 'node:path';
import { createLogger } from '../../core/logging/createLogger';
import { describeFailure, PlatformClient } from '../../core/sync/PlatformClient';
import { openSyncStack, openSyncStackReadOnly } from '../../core/sync/openSyncStack';
import { SyncEngine } from '../../core/sync/SyncEngine';
import { parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { connectToRunningCore, describeCallError, type TechnicianChannel } from '../controlClient';

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
    const remote = await throughRunningCore(ctx, 'status', async (channel) => {
      const s = await channel.call('Queue.Status', {});
      if (!s.ok) return s;
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ ...s.value, via: channel.kind }));
      else println(ctx.stdout, `pending ${s.value.pending}, in flight ${s.value.inFlight}, dead letters ${s.value.deadLetter}, acknowledged ${s.value.acknowledged}, platform ${s.value.platformOnline ? 'online' : 'offline'}, last sync ${s.value.lastSyncAt ?? 'never'} (via ${channel.via})`);
      return { ok: true, value: 0 };
    });
    if (remote !== undefined) return remote;
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
    const remote = await throughRunningCore(ctx, 'retry-dead', async (channel) => {
      const r = await channel.call('Queue.RetryDead', {});
      if (!r.ok) return r;
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ revived: r.value.revived, via: channel.kind }));
      else println(ctx.stdout, `${r.value.revived} dead letter(s) back in the queue (via ${channel.via})`);
      return { ok: true, value: 0 };
    });
    if (remote !== undefined) return remote;
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
    const remote = await throughRunningCore(ctx, 'flush', async (channel) => {
      // The running core's engine pushes now; its own backoff handles what stays pending.
      const r = await channel.call('Queue.Flush', {}, { signal: ctx.signal });
      if (!r.ok) return r;
      const s = await channel.call('Queue.Status', {});
      const pending = s.ok ? s.value.pending : null;
      const dead = s.ok ? s.value.deadLetter : null;
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ outcome: r.value.outcome, delivered: r.value.delivered, pending, deadLetter: dead, via: channel.kind, ...(r.value.detail ? { detail: r.value.detail } : {}) }));
      else println(ctx.stdout, `${r.value.outcome}: ${r.value.delivered} delivered, ${pending ?? '?'} pending, ${dead ?? '?'} dead letter(s)${r.value.detail ? ` — ${r.value.detail}` : ''} (via ${channel.via})`);
      return { ok: true, value: r.value.outcome === 'drained' ? 0 : 1 };
    });
    if (remote !== undefined) return remote;
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

/**
 * Runs `work` through the running core's control channel; undefined when no core runs (the caller
 * then works in-process), else the exit code.
 */
async function throughRunningCore(ctx: CliContext, command: string, work: (channel: TechnicianChannel) => Promise<{ ok: true; value: number } | { ok: false; error: { code: string; description?: string; errorCode?: string } }>): Promise<number | undefined> {
  const running = await connectToRunningCore(ctx.dataDir);
  if (!running.ok) {
    println(ctx.stderr, `budayang queue ${command}: ${running.error}`);
    return 1;
  }
  if (!running.value) return undefined;
  try {
    const result = await work(running.value);
    if (result.ok) return result.value;
    println(ctx.stderr, `budayang queue ${command}: ${describeCallError(result.error)}`);
    return 1;
  } finally {
    await running.value.close();
  }
}

function usageError(ctx: CliContext, message: string): number {
  println(ctx.stderr, `budayang queue: ${message}`);
  return 2;
}

export const queueCommands: readonly CliCommand[] = [status, retryDead, flush];
