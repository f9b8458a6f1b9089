// The technician's commands that run inside the core's services (docs/technicians.md): through the
// running core's control channel when one runs on the data directory, else in a core built
// in-process. `devices selftest`, `diag bundle`, `cash collect`.
import fs from 'node:fs';
import path from 'node:path';
import { fen, formatFen } from '../../../src-common/domain/money';
import type { SelfTestRun } from '../../../src-common/api/technician';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { describeCallError, openTechnicianChannel } from '../controlClient';
import { newUlid } from '../../core/ids/ulids';

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang ${command}: ${message}`);
  return 2;
}

function printRun(ctx: CliContext, run: SelfTestRun): void {
  println(ctx.stdout, `${run.deviceId} (${run.deviceClass}, ${run.driver}): ${run.outcome.toUpperCase()}`);
  for (const s of run.steps) println(ctx.stdout, `  ${s.action.padEnd(16)} ${s.outcome.padEnd(8)} ${String(s.durationMs).padStart(6)} ms  ${s.detail ?? ''}`.trimEnd());
}

const selftest: CliCommand = {
  path: ['devices', 'selftest'],
  summary: 'Runs the self-test table of one device (or every device) under a diagnostics lease; results are kept and sent in the heartbeat.',
  usage: '[DEVICE] [--wait SECONDS] [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, wait: { type: 'string' }, profile: { type: 'string' } }, true);
    if (!parsed.ok) return usageError(ctx, 'devices selftest', parsed.error);
    const wait = intOption(parsed.value.values.wait, 'wait', 5);
    if (!wait.ok || wait.value < 0 || wait.value > 120) return usageError(ctx, 'devices selftest', wait.ok ? '--wait must be 0–120 seconds' : wait.error);
    const deviceId = parsed.value.positionals[0];
    const channel = await openTechnicianChannel(ctx, parsed.value.values.profile);
    if (!channel.ok) {
      println(ctx.stderr, `budayang devices selftest: ${channel.error}`);
      return 1;
    }
    try {
      const result = await channel.value.call('Technician.SelfTest', { ...(deviceId ? { deviceId } : {}), mediaWaitSeconds: wait.value, requestedBy: 'cli' }, { signal: ctx.signal });
      if (!result.ok) {
        println(ctx.stderr, `budayang devices selftest: ${describeCallError(result.error)}`);
        return 1;
      }
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ via: channel.value.kind, runs: result.value.runs }));
      else for (const run of result.value.runs) printRun(ctx, run);
      return result.value.runs.every((r) => r.outcome === 'passed') ? 0 : 3;
    } finally {
      await channel.value.close();
    }
  },
};

const bundle: CliCommand = {
  path: ['diag', 'bundle'],
  summary: 'Writes the PII-free diagnostics bundle (redacted logs, devices, self-tests, config without secrets, versions, queue, disk, memory, OS) to FILE.',
  usage: '--out FILE [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { out: { type: 'string' }, json: { type: 'boolean' }, profile: { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, 'diag bundle', parsed.error);
    const out = parsed.value.values.out;
    if (!out) return usageError(ctx, 'diag bundle', '--out FILE is required');
    const channel = await openTechnicianChannel(ctx, parsed.value.values.profile);
    if (!channel.ok) {
      println(ctx.stderr, `budayang diag bundle: ${channel.error}`);
      return 1;
    }
    try {
      const result = await channel.value.call('Technician.DiagnosticsBundle', {}, { signal: ctx.signal });
      if (!result.ok) {
        println(ctx.stderr, `budayang diag bundle: ${describeCallError(result.error)}`);
        return 1;
      }
      const file = path.resolve(out);
      fs.writeFileSync(file, `${JSON.stringify(result.value.bundle, null, 2)}\n`, { mode: 0o600 });
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ via: channel.value.kind, file, byteLength: result.value.byteLength }));
      else println(ctx.stdout, `diagnostics bundle written to ${file} (${result.value.byteLength} bytes, via ${channel.value.via})`);
      return 0;
    } finally {
      await channel.value.close();
    }
  },
};

/** `--count 10000:3,5000:2` (fen:count) or yuan with `--count-yuan 100:3,50:2`. */
function parseCounts(text: string, unitFen: number): { denominationFen: number; count: number }[] | string {
  const rows: { denominationFen: number; count: number }[] = [];
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [value, count] = part.split(':').map((v) => Number(v.trim()));
    if (!Number.isFinite(value) || !Number.isSafeInteger(count) || value! <= 0 || count! < 0) return `"${part}" is not VALUE:COUNT`;
    const denominationFen = Math.round(value! * unitFen);
    if (!Number.isSafeInteger(denominationFen)) return `"${part}" is not a whole number of fen`;
    rows.push({ denominationFen, count: count! });
  }
  return rows;
}

const collect: CliCommand = {
  path: ['cash', 'collect'],
  summary: '清机: without --count shows notes per denomination since the last collection (journal vs acceptor counter); with the physical count records it, closes the period and prints two reports.',
  usage: '[--count-yuan 100:3,50:2,...] [--technician ID] [--collection-id ID] [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { 'count-yuan': { type: 'string' }, technician: { type: 'string' }, 'collection-id': { type: 'string' }, json: { type: 'boolean' }, profile: { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, 'cash collect', parsed.error);
    const v = parsed.value.values;
    const physical = v['count-yuan'] === undefined ? undefined : parseCounts(v['count-yuan'], 100);
    if (typeof physical === 'string') return usageError(ctx, 'cash collect', `--count-yuan: ${physical}`);
    const channel = await openTechnicianChannel(ctx, v.profile);
    if (!channel.ok) {
      println(ctx.stderr, `budayang cash collect: ${channel.error}`);
      return 1;
    }
    try {
      if (!physical) {
        const preview = await channel.value.call('Cash.CollectionPreview', {});
        if (!preview.ok) {
          println(ctx.stderr, `budayang cash collect: ${describeCallError(preview.error)}`);
          return 1;
        }
        const p = preview.value;
        if (v.json) println(ctx.stdout, JSON.stringify(p));
        else {
          println(ctx.stdout, `period since ${p.periodStartAt ?? 'the first note'} (after journal entry ${p.periodStartSeq})`);
          for (const row of p.journal) println(ctx.stdout, `  ${formatFen(row.denominationFen).padStart(10)} × ${row.count}`);
          println(ctx.stdout, `journal total ${formatFen(p.journalTotalFen)}; acceptor counted ${p.acceptorNotesInPeriod ?? 'unknown'} note(s) in the period`);
          println(ctx.stdout, 'count the box, then: budayang cash collect --count-yuan 100:N,50:N,20:N,10:N,5:N,1:N');
        }
        return 0;
      }
      const result = await channel.value.call('Cash.Collect', { collectionId: v['collection-id'] ?? newUlid(), technician: v.technician ?? 'cli', physical: physical.map((r) => ({ denominationFen: fen(r.denominationFen), count: r.count })) });
      if (!result.ok) {
        println(ctx.stderr, `budayang cash collect: ${describeCallError(result.error)}`);
        return 1;
      }
      const r = result.value;
      if (v.json) println(ctx.stdout, JSON.stringify(r));
      else {
        println(ctx.stdout, `collection ${r.collectionId}: counted ${formatFen(r.physicalTotalFen)}, journal ${formatFen(r.journalTotalFen)}, difference ${formatFen(Math.abs(r.differenceFen))}${r.differenceFen < 0 ? ' short' : r.differenceFen > 0 ? ' over' : ''}`);
        println(ctx.stdout, `period closed at journal entry ${r.closingSeq}, head ${r.closingHash.slice(0, 16)}…; reports: ${r.copies.map((c) => `${c.copy} ${c.state}`).join(', ')}`);
      }
      return r.differenceFen === 0 ? 0 : 3;
    } finally {
      await channel.value.close();
    }
  },
};

export const technicianCommands: readonly CliCommand[] = [selftest, bundle, collect];
