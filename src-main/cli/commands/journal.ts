// `budayang journal verify`: recomputes the cash journal's hash chain and exits non-zero on a break.
// Through the running core's control channel when one runs, else on the database opened read-only.
import fs from 'node:fs';
import { openJournalReadOnly } from '../../core/payments/openJournalReadOnly';
import { parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';
import { connectToRunningCore, describeCallError } from '../controlClient';

const verify: CliCommand = {
  path: ['journal', 'verify'],
  summary: 'Checks the cash journal\'s hash chain; exit 0 when intact, 1 on a break (naming the first bad entry).',
  usage: '[--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) {
      println(ctx.stderr, `budayang journal verify: ${parsed.error}`);
      return 2;
    }
    const json = parsed.value.values.json === true;
    const running = await connectToRunningCore(ctx.dataDir);
    if (!running.ok) {
      println(ctx.stderr, `budayang journal verify: ${running.error}`);
      return 1;
    }
    if (running.value) {
      try {
        const verified = await running.value.call('Technician.JournalVerify', {});
        if (!verified.ok) {
          println(ctx.stderr, `budayang journal verify: ${describeCallError(verified.error)}`);
          return 1;
        }
        const v = verified.value;
        if (json) println(ctx.stdout, JSON.stringify(v.intact ? { ok: true, entries: v.entries, lastHash: v.headHash } : { ok: false, seq: v.seq, reason: v.reason }));
        else println(ctx.stdout, v.intact ? `journal intact: ${v.entries} entries, head ${v.headHash.slice(0, 16)}… (via ${running.value.via})` : `journal BROKEN at entry ${v.seq}: ${v.reason}`);
        return v.intact ? 0 : 1;
      } finally {
        await running.value.close();
      }
    }
    const opened = openJournalReadOnly(ctx.dataDir);
    if (!opened.ok) {
      println(ctx.stderr, `budayang journal verify: ${opened.error}`);
      return fs.existsSync(ctx.dataDir) ? 1 : 2;
    }
    try {
      const result = opened.value.verify();
      if (result.ok) {
        if (json) println(ctx.stdout, JSON.stringify({ ok: true, entries: result.value.entries, lastHash: result.value.lastHash }));
        else println(ctx.stdout, `journal intact: ${result.value.entries} entries, head ${result.value.lastHash.slice(0, 16)}…`);
        return 0;
      }
      if (json) println(ctx.stdout, JSON.stringify({ ok: false, seq: result.error.seq, reason: result.error.reason }));
      else println(ctx.stdout, `journal BROKEN at entry ${result.error.seq}: ${result.error.reason}`);
      return 1;
    } finally {
      opened.value.close();
    }
  },
};

export const journalCommands: readonly CliCommand[] = [verify];
