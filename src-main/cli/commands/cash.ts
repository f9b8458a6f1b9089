// Cash commands: `budayang devices cash-in` runs one cash-in against a real (or PTY-simulated)
// SSP bill acceptor in-process; `budayang cash reconcile` runs the boot reconciler on demand;
// `budayang simulate bill-acceptor` serves the protocol-exact simulator on a serial device.
// The in-process commands take the data directory's lock: they refuse beside a running core.
import path from 'node:path';
import readline from 'node:readline';
import { formatFen } from '../../../src-common/domain/money';
import { createLogger } from '../../core/logging/createLogger';
import { serveSimulatorOnPort } from '../../core/payments/billAcceptorLinks';
import type { CashCheckpoint } from '../../core/payments/CashInTransaction';
import { toCashInResult } from '../../core/payments/cashInResult';
import { describeCashInRefusal } from '../../core/payments/CashInTransaction';
import { openCashStack } from '../../core/payments/openCashStack';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';

/** How long `cash-in` and `cash reconcile` wait for the acceptor to answer SYNC and set-up. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Default `--timeout` of a CLI cash-in, in seconds. */
const DEFAULT_CASH_IN_SECONDS = 120;
/**
 * Fault-test hook: `BUDAYANG_CASH_CRASH_POINT=afterEscrow|afterStackBeforeJournal|afterJournalBeforeUi`
 * makes the process SIGKILL itself at that moment, as a power cut would.
 */
const CRASH_POINT_ENV = 'BUDAYANG_CASH_CRASH_POINT';

function cliLogger(ctx: CliContext) {
  return createLogger({ logDir: path.join(ctx.dataDir, 'logs'), ...(ctx.env.BUDAYANG_VERBOSE ? { toStderr: true, level: 'debug' as const } : {}) });
}

function crashHook(ctx: CliContext): ((point: CashCheckpoint) => void) | undefined {
  const wanted = ctx.env[CRASH_POINT_ENV];
  if (!wanted) return undefined;
  return (point) => {
    if (point === wanted) process.kill(process.pid, 'SIGKILL');
  };
}

const cashIn: CliCommand = {
  path: ['devices', 'cash-in'],
  summary: 'Runs one cash-in on an SSP bill acceptor: accepts notes up to --due fen, returns larger ones.',
  usage: '--port PATH --due FEN [--timeout SECONDS] [--encrypted] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, due: { type: 'string' }, timeout: { type: 'string' }, encrypted: { type: 'boolean' }, json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'devices cash-in', parsed.error);
    const { values } = parsed.value;
    const due = intOption(values.due, 'due');
    const timeout = intOption(values.timeout, 'timeout', DEFAULT_CASH_IN_SECONDS);
    if (!values.port) return usageError(ctx, 'devices cash-in', '--port is required');
    if (!due.ok) return usageError(ctx, 'devices cash-in', due.error);
    if (!timeout.ok) return usageError(ctx, 'devices cash-in', timeout.error);
    if (due.value <= 0) return usageError(ctx, 'devices cash-in', '--due must be positive');
    const json = values.json === true;
    const hook = crashHook(ctx);
    const opened = openCashStack({ dataDir: ctx.dataDir, portPath: values.port, log: cliLogger(ctx), ...(values.encrypted ? { encrypted: true } : {}), ...(hook ? { onCheckpoint: hook } : {}) });
    if (!opened.ok) {
      println(ctx.stderr, `budayang devices cash-in: ${opened.error}`);
      return 1;
    }
    const { service } = opened.value;
    try {
      await service.start();
      if (!(await service.waitReady(CONNECT_TIMEOUT_MS))) {
        println(ctx.stderr, `budayang devices cash-in: bill acceptor on ${values.port} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`);
        return 1;
      }
      const reconciled = await service.reconcile();
      if (!json) for (const r of reconciled) println(ctx.stdout, `reconciled interrupted cash-in ${r.txnId}: ${r.resolution}, ${formatFen(r.paidFen)}${r.claimId ? `, claim ${r.claimId}` : ''}`);
      const say = (text: string) => {
        if (!json) println(ctx.stdout, text);
      };
      const started = await service.startCashIn({
        dueFen: due.value,
        timeoutMs: timeout.value * 1000,
        listener: {
          onEscrowed: (n) => say(`note ${formatFen(n.valueFen)} in escrow`),
          onStacked: (n) => say(`stacked ${formatFen(n.valueFen)}: paid ${formatFen(n.paidFen)}, remaining ${formatFen(n.remainingFen)}`),
          onRejected: (n) => say(`returned ${formatFen(n.valueFen)}: more than the ${formatFen(n.maxAcceptableFen)} still due`),
          onDeviceProblem: (p) => say(`device problem: ${p.problem} (${p.detail})`),
        },
      });
      if (!started.ok) {
        println(ctx.stderr, `budayang devices cash-in: ${describeCashInRefusal(started.error)}`);
        return 1;
      }
      const txn = started.value;
      say(`insert notes: due ${formatFen(due.value)}`);
      const onAbort = () => void txn.cancel();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const outcome = await txn.done;
      ctx.signal.removeEventListener('abort', onAbort);
      const result = toCashInResult(outcome);
      if (json) {
        println(ctx.stdout, JSON.stringify({ ...result, reconciled }));
      } else {
        println(ctx.stdout, `${result.status}: paid ${formatFen(result.paidFen)} of ${formatFen(result.dueFen)}${result.claim ? `; claim ${result.claim.claimId} (${result.claim.kind}, ${formatFen(result.claim.amountFen)})` : ''}${result.reason ? `; ${result.reason}` : ''}`);
      }
      return result.status === 'paid' ? 0 : result.status === 'failed' ? 1 : 3;
    } finally {
      await opened.value.close();
    }
  },
};

const reconcile: CliCommand = {
  path: ['cash', 'reconcile'],
  summary: 'Resolves interrupted cash-ins against the acceptor\'s counters (ok / rollback / unknown → claim).',
  usage: '--port PATH [--encrypted] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, encrypted: { type: 'boolean' }, json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'cash reconcile', parsed.error);
    const { values } = parsed.value;
    if (!values.port) return usageError(ctx, 'cash reconcile', '--port is required');
    const opened = openCashStack({ dataDir: ctx.dataDir, portPath: values.port, log: cliLogger(ctx), ...(values.encrypted ? { encrypted: true } : {}) });
    if (!opened.ok) {
      println(ctx.stderr, `budayang cash reconcile: ${opened.error}`);
      return 1;
    }
    try {
      await opened.value.service.start();
      if (!(await opened.value.service.waitReady(CONNECT_TIMEOUT_MS))) {
        println(ctx.stderr, `budayang cash reconcile: bill acceptor on ${values.port} did not answer`);
        return 1;
      }
      const reports = await opened.value.service.reconcile();
      if (values.json) println(ctx.stdout, JSON.stringify({ reconciled: reports }));
      else if (reports.length === 0) println(ctx.stdout, 'no interrupted cash-in');
      else for (const r of reports) println(ctx.stdout, `${r.txnId}: ${r.resolution}, ${formatFen(r.paidFen)}${r.claimId ? `, claim ${r.claimId}` : ''} (${r.detail})`);
      return reports.some((r) => r.resolution === 'unknown') ? 3 : 0;
    } finally {
      await opened.value.close();
    }
  },
};

const simulate: CliCommand = {
  path: ['simulate', 'bill-acceptor'],
  summary: 'Serves the SSP bill acceptor simulator on a serial device until stopped; stdin takes commands (insert FEN, jam, fraud, stacker-full, remove-cashbox, replace-cashbox, disable, report).',
  usage: '--port PATH [--insert 20,20,10] [--encrypted] [--state FILE] [--escrow-timeout MS]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, insert: { type: 'string' }, encrypted: { type: 'boolean' }, state: { type: 'string' }, 'escrow-timeout': { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, 'simulate bill-acceptor', parsed.error);
    const { values } = parsed.value;
    if (!values.port) return usageError(ctx, 'simulate bill-acceptor', '--port is required');
    const notesYuan = (values.insert ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
    if (notesYuan.some((n) => !Number.isFinite(n) || n <= 0)) return usageError(ctx, 'simulate bill-acceptor', `--insert takes yuan values like 20,20,10, got "${values.insert}"`);
    const escrowTimeout = intOption(values['escrow-timeout'], 'escrow-timeout', 10_000);
    if (!escrowTimeout.ok) return usageError(ctx, 'simulate bill-acceptor', escrowTimeout.error);
    const served = serveSimulatorOnPort(values.port, {
      log: cliLogger(ctx).child('simulator'),
      requireEncryption: values.encrypted === true,
      stateFile: values.state ?? path.join(ctx.dataDir, 'simulator', 'bill-acceptor.json'),
      escrowTimeoutMs: escrowTimeout.value,
    });
    const sim = served.simulator;
    for (const yuan of notesYuan) sim.insert(Math.round(yuan * 100));
    await Promise.race([served.ready, new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }))]);
    println(ctx.stdout, `bill acceptor simulator on ${values.port}${values.encrypted ? ' (eSSP)' : ''}; ${notesYuan.length} note(s) queued`);
    const lines = readline.createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      const [word, arg] = line.trim().split(/\s+/);
      switch (word) {
        case 'insert':
          sim.insert(Number(arg));
          break;
        case 'jam':
          sim.jamNextNote();
          break;
        case 'fraud':
          sim.fraudNextNote();
          break;
        case 'stacker-full':
          sim.setStackerFull(true);
          break;
        case 'remove-cashbox':
          sim.removeCashbox();
          break;
        case 'replace-cashbox':
          sim.replaceCashbox();
          break;
        case 'disable':
          sim.disableSelf();
          break;
        case 'report':
          println(ctx.stdout, JSON.stringify({ report: sim.deviceReport, queued: sim.queuedNotes, enabled: sim.isEnabled }));
          break;
        default:
          if (word) println(ctx.stderr, `unknown simulator command "${word}"`);
      }
    });
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    lines.close();
    await served.stop();
    return 0;
  },
};

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang ${command}: ${message}`);
  return 2;
}

export const cashCommands: readonly CliCommand[] = [cashIn, reconcile, simulate];
