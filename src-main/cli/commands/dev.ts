// `budayang dev enqueue --count N`: synthetic outbox records for tests and demos, refused in
// production profiles.
import path from 'node:path';
import { loadConfig } from '../../core/config/loadConfig';
import { createLogger } from '../../core/logging/createLogger';
import { openSyncStack } from '../../core/sync/openSyncStack';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';

const enqueue: CliCommand = {
  path: ['dev', 'enqueue'],
  summary: 'Queues N synthetic `dev.synthetic` records over --streams streams (not in production).',
  usage: '--count N [--streams K] [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { count: { type: 'string' }, streams: { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok) {
      println(ctx.stderr, `budayang dev enqueue: ${parsed.error}`);
      return 2;
    }
    const count = intOption(parsed.value.values.count, 'count');
    const streams = intOption(parsed.value.values.streams, 'streams', 10);
    if (!count.ok || !streams.ok || streams.value < 1) {
      println(ctx.stderr, `budayang dev enqueue: ${!count.ok ? count.error : !streams.ok ? streams.error : '--streams must be at least 1'}`);
      return 2;
    }
    const config = loadConfig({ profile: parsed.value.values.profile ?? ctx.env.BUDAYANG_PROFILE ?? 'demo' });
    if (!config.ok) {
      println(ctx.stderr, `budayang dev enqueue: ${config.error}`);
      return 1;
    }
    if (config.value.mode === 'production') {
      println(ctx.stderr, 'budayang dev enqueue: refused: synthetic records are not allowed in a production profile');
      return 1;
    }
    const opened = openSyncStack({ dataDir: ctx.dataDir, log: createLogger({ logDir: path.join(ctx.dataDir, 'logs') }) });
    if (!opened.ok) {
      println(ctx.stderr, `budayang dev enqueue: ${opened.error}`);
      return 1;
    }
    try {
      const { outbox } = opened.value;
      for (let i = 0; i < count.value; i++) {
        const written = outbox.enqueue({ streamKey: `dev:${i % streams.value}`, kind: 'dev.synthetic', payload: { index: i } });
        if (!written.ok) {
          println(ctx.stderr, `budayang dev enqueue: stopped after ${i}: ${written.error.message}`);
          return 1;
        }
      }
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ enqueued: count.value }));
      else println(ctx.stdout, `${count.value} synthetic record(s) queued`);
      return 0;
    } finally {
      opened.value.close();
    }
  },
};

export const devCommands: readonly CliCommand[] = [enqueue];
