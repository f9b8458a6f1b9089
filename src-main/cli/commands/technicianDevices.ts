// `budayang devices lease` and `budayang devices calibrate certificate` (docs/technicians.md):
// a device held for a session of work, and the certificate printer's calibration loop, both
// through the running core's control channel (or an in-process core when none runs).
import readline from 'node:readline';
import type { CalibrationState, HeldLeaseView } from '../../../src-common/api/technician';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { describeCallError, openTechnicianChannel, type TechnicianChannel } from '../controlClient';

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang ${command}: ${message}`);
  return 2;
}

const shanghaiTime = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Resolves when `signal` aborts, `at` (ms) passes, or a line arrives on stdin; says which. */
function nextEvent(signal: AbortSignal, at: number, lines: AsyncIterator<string> | undefined): Promise<'stop' | 'due' | 'line' | 'eof'> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve('stop');
    const timer = setTimeout(() => done('due'), Math.max(0, at - Date.now()));
    const onAbort = () => done('stop');
    signal.addEventListener('abort', onAbort, { once: true });
    function done(what: 'stop' | 'due' | 'line' | 'eof') {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(what);
    }
    void lines?.next().then((r) => done(r.done ? 'eof' : 'line'), () => done('eof'));
  });
}

const lease: CliCommand = {
  path: ['devices', 'lease'],
  summary: 'Takes a device for a session of work (default 10 min): citizen services that need it turn off while held. Enter renews; Ctrl-C, exit or the timeout release it.',
  usage: 'DEVICE [--minutes N] [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { minutes: { type: 'string' }, json: { type: 'boolean' }, profile: { type: 'string' } }, true);
    if (!parsed.ok) return usageError(ctx, 'devices lease', parsed.error);
    const deviceId = parsed.value.positionals[0];
    if (!deviceId) return usageError(ctx, 'devices lease', 'DEVICE is required (see budayang devices selftest --json for the ids)');
    const minutes = intOption(parsed.value.values.minutes, 'minutes', 10);
    if (!minutes.ok || minutes.value < 1 || minutes.value > 60) return usageError(ctx, 'devices lease', minutes.ok ? '--minutes must be 1–60' : minutes.error);
    const json = parsed.value.values.json === true;
    const channel = await openTechnicianChannel(ctx, parsed.value.values.profile);
    if (!channel.ok) {
      println(ctx.stderr, `budayang devices lease: ${channel.error}`);
      return 1;
    }
    // A line on stdin renews; without a terminal or pipe (stdin closed) the lease simply runs its time.
    // `terminal: false` keeps the tty in cooked mode, so Ctrl-C stays a SIGINT (readline's raw mode would swallow it).
    const input = process.stdin.readable ? readline.createInterface({ input: process.stdin, terminal: false }) : undefined;
    const lines = input?.[Symbol.asyncIterator]();
    try {
      const taken = await channel.value.call('Technician.LeaseDevice', { deviceId, minutes: minutes.value });
      if (!taken.ok) {
        println(ctx.stderr, `budayang devices lease: ${describeCallError(taken.error)}`);
        return 1;
      }
      let held: HeldLeaseView = taken.value;
      const say = (event: 'leased' | 'renewed' | 'released' | 'expired') => {
        if (json) return println(ctx.stdout, JSON.stringify({ event, via: channel.value.kind, lease: held }));
        const until = `until ${shanghaiTime(held.expiresAt)} (Asia/Shanghai)`;
        println(ctx.stdout, event === 'leased' ? `leased: ${held.deviceId} ${until}; Enter renews, Ctrl-C releases` : event === 'renewed' ? `renewed: ${held.deviceId} ${until}` : `${event}: ${held.deviceId} is back in service`);
      };
      say('leased');
      let stdinOpen = lines !== undefined;
      for (;;) {
        const event = await nextEvent(ctx.signal, Date.parse(held.expiresAt) + 500, stdinOpen ? lines : undefined);
        if (event === 'stop') break;
        if (event === 'eof') {
          stdinOpen = false;
          continue;
        }
        if (event === 'line') {
          const renewed = await channel.value.call('Technician.RenewLease', { leaseId: held.leaseId, minutes: minutes.value });
          if (!renewed.ok) {
            println(ctx.stderr, `budayang devices lease: ${describeCallError(renewed.error)}`);
            return 1;
          }
          held = renewed.value;
          say('renewed');
          continue;
        }
        const still = await channel.value.call('Technician.Leases', {});
        const mine = still.ok ? still.value.leases.find((l) => l.leaseId === held.leaseId) : undefined;
        if (!mine) {
          say('expired');
          return 0;
        }
        held = mine;
      }
      await channel.value.call('Technician.ReleaseLease', { leaseId: held.leaseId });
      say('released');
      return 0;
    } finally {
      input?.close();
      await closeQuietly(channel.value);
    }
  },
};

async function closeQuietly(channel: TechnicianChannel): Promise<void> {
  await channel.close().catch(() => undefined);
}

function describeCalibration(c: CalibrationState): string {
  const source = c.source === 'saved' ? `saved ${c.savedAt ?? ''} by ${c.technician ?? '?'}` : c.source === 'config' ? 'from signed config' : 'none';
  return `${c.deviceId}: offset x ${c.dxMm} mm, y ${c.dyMm} mm (${source})`;
}

const calibrate: CliCommand = {
  path: ['devices', 'calibrate'],
  summary: 'Certificate printer calibration: prints the calibration page; with --x/--y (how far the crosses landed from the marks, mm, right/down positive) saves the corrected offset and prints again.',
  usage: 'certificate [--device ID] [--x=MM --y=MM] [--no-print] [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { device: { type: 'string' }, x: { type: 'string' }, y: { type: 'string' }, 'no-print': { type: 'boolean' }, json: { type: 'boolean' }, profile: { type: 'string' } }, true);
    if (!parsed.ok) return usageError(ctx, 'devices calibrate', parsed.error);
    const v = parsed.value.values;
    if (parsed.value.positionals[0] !== 'certificate') return usageError(ctx, 'devices calibrate', 'only the certificate printer is calibrated: budayang devices calibrate certificate');
    if ((v.x === undefined) !== (v.y === undefined)) return usageError(ctx, 'devices calibrate', '--x and --y go together (enter 0 for an axis that is right)');
    const x = v.x === undefined ? undefined : Number(v.x);
    const y = v.y === undefined ? undefined : Number(v.y);
    if ((x !== undefined && !Number.isFinite(x)) || (y !== undefined && !Number.isFinite(y))) return usageError(ctx, 'devices calibrate', '--x and --y are millimetres, e.g. --x=1.5 --y=-0.5 (a negative value needs the = form)');
    const channel = await openTechnicianChannel(ctx, v.profile);
    if (!channel.ok) {
      println(ctx.stderr, `budayang devices calibrate: ${channel.error}`);
      return 1;
    }
    const device = v.device ? { deviceId: v.device } : {};
    const report: Record<string, unknown> = { via: channel.value.kind };
    try {
      if (x !== undefined && y !== undefined) {
        const saved = await channel.value.call('Technician.CalibrationSave', { ...device, measuredDxMm: x, measuredDyMm: y });
        if (!saved.ok) {
          println(ctx.stderr, `budayang devices calibrate: ${describeCallError(saved.error)}`);
          return 1;
        }
        report.previous = saved.value.previous;
        report.calibration = saved.value.calibration;
        if (!v.json) println(ctx.stdout, `saved ${describeCalibration(saved.value.calibration)} (was x ${saved.value.previous.dxMm}, y ${saved.value.previous.dyMm})`);
      }
      if (!v['no-print']) {
        const printed = await channel.value.call('Technician.CalibrationPrint', device, { signal: ctx.signal });
        if (!printed.ok) {
          println(ctx.stderr, `budayang devices calibrate: ${describeCallError(printed.error)}`);
          return 1;
        }
        report.calibration = printed.value.calibration;
        report.printed = printed.value.outcome;
        if (!v.json) {
          println(ctx.stdout, `calibration page ${printed.value.outcome}${printed.value.detail ? ` (${printed.value.detail})` : ''} with ${describeCalibration(printed.value.calibration)}`);
          println(ctx.stdout, 'measure how far each cross lands from its mark (right/down positive), then: budayang devices calibrate certificate --x=MM --y=MM');
        }
        if (printed.value.outcome !== 'printed') {
          if (v.json) println(ctx.stdout, JSON.stringify(report));
          return 3;
        }
      }
      if (v.json) println(ctx.stdout, JSON.stringify(report));
      return 0;
    } finally {
      await closeQuietly(channel.value);
    }
  },
};

export const technicianDeviceCommands: readonly CliCommand[] = [lease, calibrate];
