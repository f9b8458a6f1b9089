// `budayang config verify|status`: a kiosk's signed config and catalog from the technician's
// terminal (docs/fleet.md). Both only read (the state file is replaced atomically, the database
// is opened read-only), so they run beside a running core.
import fs from 'node:fs';
import { fleetStatus, verifyBundleFor } from '../../core/fleet/fleetInspection';
import { parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';

const verify: CliCommand = {
  path: ['config', 'verify'],
  summary: 'Checks a bundle as the kiosk on --data would (keys, signature, version order, schema over its profile) without applying it; exit 0 when it would be accepted, 1 with the reason when refused.',
  usage: '--bundle FILE [--profile NAME] [--public-key BASE64]… [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { bundle: { type: 'string' }, profile: { type: 'string' }, 'public-key': { type: 'string', multiple: true }, json: { type: 'boolean' } });
    if (!parsed.ok || !parsed.value.values.bundle) return usageError(ctx, 'verify', parsed.ok ? '--bundle FILE is required' : parsed.error);
    const v = parsed.value.values;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(v.bundle!, 'utf8'));
    } catch (e) {
      println(ctx.stderr, `budayang config verify: cannot read ${v.bundle}: ${(e as Error).message}`);
      return 1;
    }
    const profile = v.profile ?? ctx.env.BUDAYANG_PROFILE ?? 'demo';
    const verified = verifyBundleFor(ctx.dataDir, profile, raw, v['public-key'] ?? []);
    if (!verified.ok) {
      const refusal = typeof verified.error === 'string' ? { code: 'error', detail: verified.error } : verified.error;
      if (v.json) println(ctx.stdout, JSON.stringify({ ok: false, ...refusal }));
      else println(ctx.stderr, `refused (${refusal.code}): ${refusal.detail}`);
      return 1;
    }
    const { bundle, keyring } = verified.value;
    if (v.json) println(ctx.stdout, JSON.stringify({ ok: true, kind: bundle.kind, version: bundle.version, keyId: bundle.keyId, trustedKeys: keyring.filter((k) => !k.revokedAt).length }));
    else println(ctx.stdout, `ok: ${bundle.kind} v${bundle.version} signed by ${bundle.keyId} would be accepted by the kiosk in ${ctx.dataDir}`);
    return 0;
  },
};

const status: CliCommand = {
  path: ['config', 'status'],
  summary: 'Active, staged and last-known-good config and catalog versions, an open trial, maintenance mode and the last result.',
  usage: '[--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'status', parsed.error);
    const view = fleetStatus(ctx.dataDir);
    if (!view.ok) {
      println(ctx.stderr, `budayang config status: ${view.error}`);
      return 1;
    }
    const s = view.value;
    if (parsed.value.values.json) {
      println(ctx.stdout, JSON.stringify(s));
      return 0;
    }
    const v = (n: number | null) => (n === null ? '-' : `v${n}`);
    println(ctx.stdout, `config:   active ${v(s.configVersion)}, staged ${v(s.staged.config)}, last-known-good ${v(s.lastKnownGood.config)}`);
    println(ctx.stdout, `catalog:  active ${v(s.catalogVersion)}, staged ${v(s.staged.catalog)}, last-known-good ${v(s.lastKnownGood.catalog)}`);
    if (s.trial) println(ctx.stdout, `trial:    ${s.trial.kind} v${s.trial.version}, boot ${s.trial.boots} of ${s.trial.maxBoots}, health gate ${s.trial.gateSeconds} s`);
    println(ctx.stdout, `maintenance: ${s.maintenance ? `on since ${s.maintenance.since}${s.maintenance.reason ? ` (${s.maintenance.reason.en})` : ''}` : 'off'}`);
    println(ctx.stdout, `keys:     ${s.keys.map((k) => `${k.keyId} (${k.source}${k.revoked ? ', revoked' : ''})`).join(', ') || 'none pinned yet'}`);
    const r = s.lastResult;
    println(ctx.stdout, `last:     ${r ? `${r.at} ${r.kind} v${r.version ?? '?'} ${r.outcome}${'reason' in r ? ` (${r.reason})` : ''}: ${r.detail}` : 'nothing yet'}`);
    return 0;
  },
};

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang config ${command}: ${message}`);
  return 2;
}

export const configCommands: readonly CliCommand[] = [verify, status];
