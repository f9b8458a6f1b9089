// `budayang admin rollout|group|kiosks|tag`: an admin runs the fleet from a terminal against a
// platform URL with an admin credential (docs/fleet.md, "Rollouts"): publish a bundle (signed
// offline with `admin sign`, or by the platform's online key) and roll it out in rings; watch,
// pause, resume, cancel or abort it; name groups of kiosks; tag kiosks; see desired vs reported.
import fs from 'node:fs';
import { z } from 'zod';
import { Bundle, BundleKind } from '../../../src-common/wire/bundle';
import type {
  RolloutAction} from '../../../src-common/wire/fleetAdmin';
import {
  CreateRolloutRequest,
  FleetKiosk,
  GroupName,
  RingSpec,
  RolloutKind,
  RolloutStatus,
  TargetSelector,
} from '../../../src-common/wire/fleetAdmin';
import { KioskTags } from '../../../platform/api/fleet';
import { err, ok, type Result } from '../../../src-common/result';
import { parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { describeAdminFailure, platformAdminFrom, type PlatformAdmin } from '../platformAdmin';

const CONNECTION_USAGE = '--platform URL (--token TOKEN | --token-file FILE)';
const connectionOptions = { platform: { type: 'string' }, token: { type: 'string' }, 'token-file': { type: 'string' }, json: { type: 'boolean' } } as const;
const selectorOptions = {
  group: { type: 'string' },
  level: { type: 'string', multiple: true },
  'site-kind': { type: 'string', multiple: true },
  region: { type: 'string' },
  hardware: { type: 'string', multiple: true },
  kiosk: { type: 'string', multiple: true },
} as const;
const SELECTOR_USAGE = '[--group NAME] [--level city|county|township|village]… [--site-kind hall|village]… [--region PREFIX] [--hardware MODEL]… [--kiosk ID]…';

const StoredBundleAnswer = z.object({ kind: BundleKind, version: z.number().int(), keyId: z.string(), sha256: z.string(), publishedAt: z.string() });

function fail(ctx: CliContext, command: string, message: string, code = 1): number {
  println(ctx.stderr, `budayang admin ${command}: ${message}`);
  return code;
}

/** `--level village,township --level county` → ['village', 'township', 'county']. */
function listOf(values: readonly string[] | undefined): string[] | undefined {
  const items = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function selectorFrom(values: Record<string, unknown>): Result<TargetSelector, string> {
  const raw = {
    ...(values.group ? { group: values.group } : {}),
    ...(values.region ? { regionPrefix: values.region } : {}),
    ...(listOf(values.level as string[] | undefined) ? { levels: listOf(values.level as string[]) } : {}),
    ...(listOf(values['site-kind'] as string[] | undefined) ? { siteKinds: listOf(values['site-kind'] as string[]) } : {}),
    ...(listOf(values.hardware as string[] | undefined) ? { hardware: listOf(values.hardware as string[]) } : {}),
    ...(listOf(values.kiosk as string[] | undefined) ? { kioskIds: listOf(values.kiosk as string[]) } : {}),
  };
  const parsed = TargetSelector.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
}

/** `1,10%,100%` → a canary of one kiosk, then 10 %, then all. */
export function parseRings(text: string): Result<RingSpec[], string> {
  const rings: RingSpec[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const spec = part.endsWith('%') ? { percent: Number(part.slice(0, -1)) } : { kiosks: Number(part) };
    const parsed = RingSpec.safeParse(spec);
    if (!parsed.success || part === '' || part === '%') return err(`--rings: "${part}" is neither a kiosk count (1) nor a share (10%)`);
    rings.push(parsed.data);
  }
  return ok(rings);
}

function numberOption(value: string | undefined, name: string): Result<number | undefined, string> {
  if (value === undefined) return ok(undefined);
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? ok(n) : err(`--${name} must be a number, got "${value}"`);
}

function describeRollout(status: RolloutStatus): string[] {
  const lines = [`rollout ${status.rolloutId}: ${status.kind} v${status.version} ${status.state}${status.reason ? ` (${status.reason})` : ''}`];
  for (const ring of status.rings) {
    const soak = ring.state === 'soaking' && status.soakEndsAt ? ` until ${status.soakEndsAt}` : '';
    lines.push(`  ring ${ring.index + 1}: ${ring.kiosks} kiosk(s), applied ${ring.applied}, failed ${ring.failed}, pending ${ring.pending}${ring.offline > 0 ? ` (${ring.offline} offline)` : ''} — ${ring.state}${soak}`);
  }
  lines.push(`  abort when more than ${status.abort.failurePercent} % of at least ${status.abort.minKiosks} reporting kiosk(s) failed; soak ${status.soakSeconds} s`);
  return lines;
}

async function connect(ctx: CliContext, command: string, values: Record<string, unknown>): Promise<PlatformAdmin | number> {
  const admin = platformAdminFrom(values as { platform?: string; token?: string; 'token-file'?: string }, ctx.env);
  return admin.ok ? admin.value : fail(ctx, command, admin.error, 2);
}

/** Publishes the bundle of `--bundle` (or signs `--payload` online); the kind and version to roll out. */
async function publish(admin: PlatformAdmin, values: Record<string, unknown>): Promise<Result<{ kind: RolloutKind; version: number }, string>> {
  const read = (file: string): Result<unknown, string> => {
    try {
      return ok(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
    } catch (e) {
      return err(`cannot read ${file}: ${(e as Error).message}`);
    }
  };
  if (values.bundle) {
    const raw = read(values.bundle as string);
    if (!raw.ok) return raw;
    const bundle = Bundle.safeParse(raw.value);
    if (!bundle.success) return err(`${values.bundle as string} is not a signed bundle (budayang admin sign): ${bundle.error.issues[0]?.message ?? ''}`);
    const put = await admin.request('PUT', `/admin/bundles/${bundle.data.kind}`, bundle.data, StoredBundleAnswer);
    // Re-running the same command: the very same bundle is already published.
    if (!put.ok && put.error.kind === 'refused' && put.error.code === 'versionNotNewer') {
      const listed = await admin.request('GET', '/admin/bundles', undefined, z.object({ bundles: z.array(StoredBundleAnswer) }));
      const same = listed.ok && listed.value.bundles.some((b) => b.kind === bundle.data.kind && b.version === bundle.data.version && b.keyId === bundle.data.keyId);
      if (same) return ok({ kind: bundle.data.kind, version: bundle.data.version });
    }
    return put.ok ? ok({ kind: put.value.kind, version: put.value.version }) : err(describeAdminFailure(put.error));
  }
  if (values.payload) {
    const kind = BundleKind.safeParse(values.kind ?? 'config');
    if (!kind.success) return err('--kind must be config or catalog');
    const payload = read(values.payload as string);
    if (!payload.ok) return payload;
    const version = numberOption(values.version as string | undefined, 'version');
    if (!version.ok) return version;
    const signed = await admin.request('POST', `/admin/bundles/${kind.data}/sign`, { payload: payload.value, ...(version.value !== undefined ? { version: version.value } : {}) }, StoredBundleAnswer);
    return signed.ok ? ok({ kind: signed.value.kind, version: signed.value.version }) : err(describeAdminFailure(signed.error));
  }
  // A published bundle, or an app release by the number its publication answered (`--kind app`).
  const kind = RolloutKind.safeParse(values.kind);
  const version = numberOption(values.version as string | undefined, 'version');
  if (!kind.success || !version.ok || version.value === undefined) return err('give --bundle FILE (signed offline), --payload FILE (signed by the platform), or --kind and --version of a published bundle (--kind app --version N: a published app release)');
  return ok({ kind: kind.data, version: version.value });
}

const rolloutCreate: CliCommand = {
  path: ['admin', 'rollout', 'create'],
  summary: 'Publishes a bundle (signed offline with --bundle, or by the platform with --payload) and rolls it out to the kiosks a selector matches, in rings with a soak time and abort criteria.',
  usage: `${CONNECTION_USAGE} (--bundle FILE | --payload FILE [--kind config|catalog] [--version N] | --kind K --version N) ${SELECTOR_USAGE} [--rings 1,10%,100%] [--soak SECONDS] [--abort-percent P] [--abort-min N] [--offline-after SECONDS] [--note TEXT] [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {
      ...connectionOptions,
      ...selectorOptions,
      bundle: { type: 'string' },
      payload: { type: 'string' },
      kind: { type: 'string' },
      version: { type: 'string' },
      rings: { type: 'string' },
      soak: { type: 'string' },
      'abort-percent': { type: 'string' },
      'abort-min': { type: 'string' },
      'offline-after': { type: 'string' },
      note: { type: 'string' },
    });
    if (!parsed.ok) return fail(ctx, 'rollout create', parsed.error, 2);
    const v = parsed.value.values;
    const admin = await connect(ctx, 'rollout create', v);
    if (typeof admin === 'number') return admin;
    const target = selectorFrom(v);
    if (!target.ok) return fail(ctx, 'rollout create', target.error, 2);
    const rings = v.rings ? parseRings(v.rings) : ok(undefined);
    if (!rings.ok) return fail(ctx, 'rollout create', rings.error, 2);
    const numbers = { soak: numberOption(v.soak, 'soak'), percent: numberOption(v['abort-percent'], 'abort-percent'), min: numberOption(v['abort-min'], 'abort-min'), offline: numberOption(v['offline-after'], 'offline-after') };
    for (const n of Object.values(numbers)) if (!n.ok) return fail(ctx, 'rollout create', n.error, 2);
    const value = (r: Result<number | undefined, string>) => (r.ok ? r.value : undefined);
    const published = await publish(admin, v);
    if (!published.ok) return fail(ctx, 'rollout create', published.error);
    const request = CreateRolloutRequest.safeParse({
      kind: published.value.kind,
      version: published.value.version,
      target: target.value,
      ...(rings.value ? { rings: rings.value } : {}),
      ...(value(numbers.soak) !== undefined ? { soakSeconds: value(numbers.soak) } : {}),
      ...(value(numbers.percent) !== undefined || value(numbers.min) !== undefined ? { abort: { ...(value(numbers.percent) !== undefined ? { failurePercent: value(numbers.percent) } : {}), ...(value(numbers.min) !== undefined ? { minKiosks: value(numbers.min) } : {}) } } : {}),
      ...(value(numbers.offline) !== undefined ? { offlineAfterSeconds: value(numbers.offline) } : {}),
      ...(v.note ? { note: v.note } : {}),
    });
    if (!request.success) return fail(ctx, 'rollout create', request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 2);
    const created = await admin.request('POST', '/admin/rollouts', request.data, RolloutStatus);
    if (!created.ok) return fail(ctx, 'rollout create', describeAdminFailure(created.error));
    if (v.json) println(ctx.stdout, JSON.stringify(created.value));
    else for (const line of describeRollout(created.value)) println(ctx.stdout, line);
    return 0;
  },
};

const rolloutStatus: CliCommand = {
  path: ['admin', 'rollout', 'status'],
  summary: 'One rollout (--id) with its rings, or the latest rollouts.',
  usage: `${CONNECTION_USAGE} [--id ROLLOUT_ID] [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { ...connectionOptions, id: { type: 'string' } });
    if (!parsed.ok) return fail(ctx, 'rollout status', parsed.error, 2);
    const v = parsed.value.values;
    const admin = await connect(ctx, 'rollout status', v);
    if (typeof admin === 'number') return admin;
    const answer = v.id
      ? await admin.request('GET', `/admin/rollouts/${encodeURIComponent(v.id)}`, undefined, RolloutStatus.transform((s) => [s]))
      : await admin.request('GET', '/admin/rollouts', undefined, z.object({ rollouts: z.array(RolloutStatus) }).transform((a) => a.rollouts));
    if (!answer.ok) return fail(ctx, 'rollout status', describeAdminFailure(answer.error));
    if (v.json) println(ctx.stdout, JSON.stringify(v.id ? answer.value[0] : answer.value));
    else if (answer.value.length === 0) println(ctx.stdout, 'no rollouts yet');
    else for (const status of answer.value) for (const line of describeRollout(status)) println(ctx.stdout, line);
    return 0;
  },
};

function rolloutActionCommand(action: RolloutAction, summary: string): CliCommand {
  return {
    path: ['admin', 'rollout', action],
    summary,
    usage: `${CONNECTION_USAGE} --id ROLLOUT_ID [--json]`,
    async run(args, ctx) {
      const parsed = parseCommandArgs(args, { ...connectionOptions, id: { type: 'string' } });
      if (!parsed.ok || !parsed.value.values.id) return fail(ctx, `rollout ${action}`, parsed.ok ? '--id ROLLOUT_ID is required' : parsed.error, 2);
      const v = parsed.value.values;
      const admin = await connect(ctx, `rollout ${action}`, v);
      if (typeof admin === 'number') return admin;
      const answer = await admin.request('POST', `/admin/rollouts/${encodeURIComponent(v.id!)}/${action}`, undefined, RolloutStatus);
      if (!answer.ok) return fail(ctx, `rollout ${action}`, describeAdminFailure(answer.error));
      if (v.json) println(ctx.stdout, JSON.stringify(answer.value));
      else for (const line of describeRollout(answer.value)) println(ctx.stdout, line);
      return 0;
    },
  };
}

const groupSet: CliCommand = {
  path: ['admin', 'group', 'set'],
  summary: 'Creates or replaces a named group of kiosks (a selector), e.g. villages = --level village.',
  usage: `${CONNECTION_USAGE} --name NAME ${SELECTOR_USAGE.replace('[--group NAME] ', '')} [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { ...connectionOptions, ...selectorOptions, name: { type: 'string' } });
    if (!parsed.ok) return fail(ctx, 'group set', parsed.error, 2);
    const v = parsed.value.values;
    const name = GroupName.safeParse(v.name);
    if (!name.success) return fail(ctx, 'group set', '--name NAME is required (a-z 0-9 . _ -)', 2);
    if (v.group) return fail(ctx, 'group set', 'a group cannot name another group', 2);
    const selector = selectorFrom(v);
    if (!selector.ok) return fail(ctx, 'group set', selector.error, 2);
    const admin = await connect(ctx, 'group set', v);
    if (typeof admin === 'number') return admin;
    const answer = await admin.request('PUT', `/admin/fleet/groups/${name.data}`, { selector: selector.value }, z.object({ name: z.string(), selector: TargetSelector }));
    if (!answer.ok) return fail(ctx, 'group set', describeAdminFailure(answer.error));
    println(ctx.stdout, v.json ? JSON.stringify(answer.value) : `group ${answer.value.name}: ${JSON.stringify(answer.value.selector)}`);
    return 0;
  },
};

const groupList: CliCommand = {
  path: ['admin', 'group', 'list'],
  summary: 'Every kiosk group and its selector.',
  usage: `${CONNECTION_USAGE} [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, connectionOptions);
    if (!parsed.ok) return fail(ctx, 'group list', parsed.error, 2);
    const admin = await connect(ctx, 'group list', parsed.value.values);
    if (typeof admin === 'number') return admin;
    const answer = await admin.request('GET', '/admin/fleet/groups', undefined, z.object({ groups: z.array(z.object({ name: z.string(), selector: TargetSelector, updatedAt: z.string() })) }));
    if (!answer.ok) return fail(ctx, 'group list', describeAdminFailure(answer.error));
    if (parsed.value.values.json) println(ctx.stdout, JSON.stringify(answer.value.groups));
    else for (const g of answer.value.groups) println(ctx.stdout, `${g.name}: ${JSON.stringify(g.selector)}`);
    return 0;
  },
};

const kiosks: CliCommand = {
  path: ['admin', 'kiosks'],
  summary: 'Kiosks as the fleet sees them: their tags (level, region, site, hardware) and desired vs reported config and catalog versions.',
  usage: `${CONNECTION_USAGE} [--group NAME] [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { ...connectionOptions, group: { type: 'string' } });
    if (!parsed.ok) return fail(ctx, 'kiosks', parsed.error, 2);
    const v = parsed.value.values;
    const admin = await connect(ctx, 'kiosks', v);
    if (typeof admin === 'number') return admin;
    const answer = await admin.request('GET', `/admin/fleet/kiosks?limit=500${v.group ? `&group=${encodeURIComponent(v.group)}` : ''}`, undefined, z.object({ kiosks: z.array(FleetKiosk) }));
    if (!answer.ok) return fail(ctx, 'kiosks', describeAdminFailure(answer.error));
    if (v.json) println(ctx.stdout, JSON.stringify(answer.value.kiosks));
    else {
      const version = (n: number | null) => (n === null ? '-' : `v${n}`);
      for (const k of answer.value.kiosks) {
        println(ctx.stdout, `${k.kioskId} ${k.kioskCode} ${k.level ?? '?'} ${k.regionCode ?? '?'} ${k.siteKind ?? '?'} ${k.hardware ?? '-'} app ${k.app.reported ?? '?'} config ${version(k.config.desired)}→${version(k.config.reported)} catalog ${version(k.catalog.desired)}→${version(k.catalog.reported)}`);
      }
    }
    return 0;
  },
};

const TAG_FIELDS = { region: 'regionCode', level: 'level', 'site-kind': 'siteKind', 'site-name': 'siteName', hardware: 'hardware' } as const;

const tag: CliCommand = {
  path: ['admin', 'tag'],
  summary: "Changes a kiosk's tags (the console's tag editor: region code, level, site kind, site name, hardware model); the others stay.",
  usage: `${CONNECTION_USAGE} --kiosk ID [--region CODE] [--level city|county|township|village] [--site-kind hall|village] [--site-name NAME] [--hardware MODEL] [--clear region|level|site-kind|site-name|hardware]… [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {
      ...connectionOptions,
      kiosk: { type: 'string' },
      region: { type: 'string' },
      level: { type: 'string' },
      'site-kind': { type: 'string' },
      'site-name': { type: 'string' },
      hardware: { type: 'string' },
      clear: { type: 'string', multiple: true },
    });
    if (!parsed.ok || !parsed.value.values.kiosk) return fail(ctx, 'tag', parsed.ok ? '--kiosk ID is required' : parsed.error, 2);
    const v = parsed.value.values;
    const cleared = listOf(v.clear) ?? [];
    const unknown = cleared.find((c) => !(c in TAG_FIELDS));
    if (unknown) return fail(ctx, 'tag', `--clear takes ${Object.keys(TAG_FIELDS).join(', ')}, not ${unknown}`, 2);
    const admin = await connect(ctx, 'tag', v);
    if (typeof admin === 'number') return admin;
    const path = `/admin/kiosks/${encodeURIComponent(v.kiosk!)}`;
    // The endpoint replaces every tag: start from the current ones.
    const current = await admin.request('GET', path, undefined, z.object({ tags: KioskTags }));
    if (!current.ok) return fail(ctx, 'tag', describeAdminFailure(current.error));
    const next: Record<string, string | null> = { ...current.value.tags };
    for (const [option, field] of Object.entries(TAG_FIELDS)) {
      const value = v[option as keyof typeof TAG_FIELDS];
      if (typeof value === 'string') next[field] = value;
      if (cleared.includes(option)) next[field] = null;
    }
    const tags = KioskTags.safeParse(next);
    if (!tags.success) return fail(ctx, 'tag', tags.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 2);
    const answer = await admin.request('PUT', `${path}/tags`, tags.data, KioskTags);
    if (!answer.ok) return fail(ctx, 'tag', describeAdminFailure(answer.error));
    const t = answer.value;
    println(ctx.stdout, v.json ? JSON.stringify({ kioskId: v.kiosk, tags: t }) : `${v.kiosk!}: ${[t.regionCode, t.level, t.siteKind, t.siteName, t.hardware].map((x) => x ?? '-').join(' ')}`);
    return 0;
  },
};

export const fleetAdminCommands: readonly CliCommand[] = [
  rolloutCreate,
  rolloutStatus,
  rolloutActionCommand('pause', 'Pauses a rollout: no ring advances (abort criteria still apply).'),
  rolloutActionCommand('resume', 'Resumes a paused rollout; the current soak starts over.'),
  rolloutActionCommand('cancel', 'Cancels a rollout: kiosks not yet updated are not told.'),
  rolloutActionCommand('abort', 'Aborts a rollout now, as its abort criteria would.'),
  groupSet,
  groupList,
  kiosks,
  tag,
];
