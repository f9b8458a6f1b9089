// The fleet state of one kiosk (docs/fleet.md), persisted as one JSON file written atomically:
// per bundle kind the active, last-known-good and staged versions, the open trial of a swapped-in
// version with its boot counter, the keyring, maintenance mode and recent results. Pure: every
// transition takes a state and returns the next, so each step of an apply is one atomic write.
import { z } from 'zod';
import { BundleKind } from '../../../src-common/wire/bundle';
import { BundleResultPayload, type BundleRefusalCode, type RollbackReason } from '../../../src-common/wire/fleetEvents';
import { ServiceEntry } from '../../../src-common/api/kiosk';
import { KeyringEntry } from './keyring';

/** How many results `config status` and the reporter keep. */
const MAX_RESULTS = 20;

export const KindState = z.object({
  /** The version running now; null = none (the profile alone, or the shipped catalog). */
  active: z.number().int().positive().nullable(),
  /** The version that last passed the health gate; null = the profile / shipped catalog. */
  lastKnownGood: z.number().int().positive().nullable(),
  /** Verified and on disk, waiting for a safe point. */
  staged: z.number().int().positive().nullable(),
  /** Highest version accepted (staged) for this kind; lower or equal ones are refused. 0 = none yet. */
  highestAccepted: z.number().int().nonnegative(),
  /** ETag of the last bundle pulled for this kind. */
  etag: z.string().nullable(),
});
export type KindState = z.infer<typeof KindState>;

/** What was healthy just before a swap: the gate expects it back. */
export const HealthBaseline = z.object({
  availableServices: z.array(ServiceEntry),
  platformOnline: z.boolean(),
});
export type HealthBaseline = z.infer<typeof HealthBaseline>;

/** A swapped-in version on probation until the health gate passes. One at a time. */
export const Trial = z.object({
  kind: BundleKind,
  version: z.number().int().positive(),
  /** What to go back to; null = none (profile / shipped catalog). */
  previous: z.number().int().positive().nullable(),
  /** Boots of the core under this version so far, counted before any module starts. */
  boots: z.number().int().nonnegative(),
  /** Settings in force when it was swapped in (a bundle cannot loosen its own gate). */
  maxBoots: z.number().int().positive(),
  gateSeconds: z.number().int().positive(),
  baseline: HealthBaseline,
  swappedAt: z.string(),
});
export type Trial = z.infer<typeof Trial>;

export const Maintenance = z.object({
  reason: z.object({ zh: z.string(), en: z.string() }).optional(),
  since: z.string(),
  /** The remote command that turned it on. */
  commandId: z.string().optional(),
});
export type Maintenance = z.infer<typeof Maintenance>;

export const FleetState = z.object({
  schema: z.literal(1),
  config: KindState,
  catalog: KindState,
  trial: Trial.nullable(),
  keyring: z.array(KeyringEntry),
  /** Maintenance mode, on until a command turns it off; null = off. */
  maintenance: Maintenance.nullable(),
  /** Newest last; each is reported once through the outbox (by resultId). */
  results: z.array(BundleResultPayload),
  /** The app version that last booted with this state: after an app update, active payloads are re-validated at boot. */
  bootedAppVersion: z.string().nullable(),
});
export type FleetState = z.infer<typeof FleetState>;

const EMPTY_KIND: KindState = { active: null, lastKnownGood: null, staged: null, highestAccepted: 0, etag: null };

export function initialFleetState(): FleetState {
  return { schema: 1, config: { ...EMPTY_KIND }, catalog: { ...EMPTY_KIND }, trial: null, keyring: [], maintenance: null, results: [], bootedAppVersion: null };
}

/** When a result happened and its unique id (a ULID from the caller). */
export interface Stamp {
  readonly resultId: string;
  readonly at: string;
}

function withResult(state: FleetState, result: BundleResultPayload): FleetState {
  return { ...state, results: [...state.results, result].slice(-MAX_RESULTS) };
}

function withKind(state: FleetState, kind: BundleKind, change: Partial<KindState>): FleetState {
  return { ...state, [kind]: { ...state[kind], ...change } };
}

/** The newest result, for `config status`. */
export function lastResult(state: FleetState): BundleResultPayload | null {
  return state.results[state.results.length - 1] ?? null;
}

/** A verified bundle is on disk: it becomes the staged version (replacing an older staged one). */
export function stage(state: FleetState, kind: BundleKind, version: number, keyring: readonly KeyringEntry[]): FleetState {
  return { ...withKind(state, kind, { staged: version, highestAccepted: Math.max(version, state[kind].highestAccepted) }), keyring: [...keyring] };
}

export function recordRefusal(state: FleetState, kind: BundleKind, version: number | null, reason: BundleRefusalCode, detail: string, stamp: Stamp): FleetState {
  return withResult(state, { ...stamp, kind, version, previousVersion: state[kind].active, outcome: 'refused', reason, detail });
}

export function rememberEtag(state: FleetState, kind: BundleKind, etag: string | null): FleetState {
  return state[kind].etag === etag ? state : withKind(state, kind, { etag });
}

/** At a safe point: the staged version becomes active on probation. Refused while another trial is open. */
export function swapIn(state: FleetState, kind: BundleKind, gate: { readonly baseline: HealthBaseline; readonly maxBoots: number; readonly gateSeconds: number }, at: string): FleetState | undefined {
  const staged = state[kind].staged;
  if (staged === null || state.trial) return undefined;
  const trial: Trial = { kind, version: staged, previous: state[kind].active, boots: 0, maxBoots: gate.maxBoots, gateSeconds: gate.gateSeconds, baseline: gate.baseline, swappedAt: at };
  return { ...withKind(state, kind, { active: staged, staged: null }), trial };
}

/** The health gate passed: the trial's version is now last-known-good. */
export function commitTrial(state: FleetState, stamp: Stamp, detail: string): FleetState {
  const trial = state.trial;
  if (!trial) return state;
  const next = { ...withKind(state, trial.kind, { lastKnownGood: trial.version }), trial: null };
  return withResult(next, { ...stamp, kind: trial.kind, version: trial.version, previousVersion: trial.previous, outcome: 'applied', detail });
}

/** The trial failed: back to what ran before it. The version stays accepted, so it is never tried again. */
export function rollBackTrial(state: FleetState, reason: RollbackReason, detail: string, stamp: Stamp): FleetState {
  const trial = state.trial;
  if (!trial) return state;
  const next = { ...withKind(state, trial.kind, { active: trial.previous }), trial: null };
  return withResult(next, { ...stamp, kind: trial.kind, version: trial.version, previousVersion: trial.previous, outcome: 'rolledBack', reason, detail });
}

/**
 * Counted once per core boot, before any module starts: a trial whose version has already used
 * its boots is rolled back here, without the platform (a boot crash loop).
 */
export function countBoot(state: FleetState, stamp: Stamp): { readonly state: FleetState; readonly rolledBack: boolean } {
  const trial = state.trial;
  if (!trial) return { state, rolledBack: false };
  const boots = trial.boots + 1;
  if (boots <= trial.maxBoots) return { state: { ...state, trial: { ...trial, boots } }, rolledBack: false };
  const detail = `the core did not stay up through ${trial.maxBoots} boot(s) under ${trial.kind} v${trial.version}; rolled back to ${trial.previous === null ? 'the profile' : `v${trial.previous}`} before starting`;
  return { state: rollBackTrial(state, 'crashLoop', detail, stamp), rolledBack: true };
}

/**
 * An active version that cannot be used at boot (its file is gone or altered, or it no longer
 * validates over the profile): fall back to last-known-good, or to nothing.
 */
export function abandonActive(state: FleetState, kind: BundleKind, detail: string, stamp: Stamp): FleetState {
  const active = state[kind].active;
  if (active === null) return state;
  const inTrial = state.trial?.kind === kind && state.trial.version === active;
  const fallback = inTrial ? state.trial!.previous : state[kind].lastKnownGood === active ? null : state[kind].lastKnownGood;
  const next = { ...withKind(state, kind, { active: fallback, ...(state[kind].lastKnownGood === active ? { lastKnownGood: fallback } : {}) }), trial: inTrial ? null : state.trial };
  return withResult(next, { ...stamp, kind, version: active, previousVersion: fallback, outcome: 'rolledBack', reason: 'invalidAtBoot', detail });
}

export function setMaintenance(state: FleetState, maintenance: Maintenance | null): FleetState {
  return { ...state, maintenance };
}
