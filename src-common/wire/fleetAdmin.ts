// The fleet's admin API at the platform (docs/fleet.md, "Rollouts"): kiosk groups and tags, the
// device twin (desired vs reported versions), rollouts in rings with abort criteria, and online
// signing. Shared by the platform, the `budayang admin` CLI and tests. Pure zod.
import { z } from 'zod';
import { BundleKind } from './bundle';

/** Where a kiosk sits in the administration: 市 / 县 / 乡 / 村. */
export const KioskLevel = z.enum(['city', 'county', 'township', 'village']);
export type KioskLevel = z.infer<typeof KioskLevel>;

/** The kind of site: a 市民之家-style hall, or a township/village service point. */
export const SiteKind = z.enum(['hall', 'village']);
export type SiteKind = z.infer<typeof SiteKind>;

/** A hall unless the kiosk stands in a township or village (an operator's tag can say otherwise). */
export function siteKindOf(level: KioskLevel): SiteKind {
  return level === 'township' || level === 'village' ? 'village' : 'hall';
}

/** GB/T 2260 region code (6, 9 or 12 digits), or a prefix of one in a selector. */
const RegionCode = z.string().regex(/^\d{2,12}$/, 'digits of a GB/T 2260 region code');
/** What a kiosk reports about itself in each heartbeat (the platform's "reported" attributes). */
export const KioskSite = z.object({
  level: KioskLevel,
  regionCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/),
  /** Device class and driver of each configured device, e.g. `receiptPrinter/escpos`. */
  hardware: z.array(z.string().max(80)).max(30),
});
export type KioskSite = z.infer<typeof KioskSite>;

/**
 * Which kiosks: every listed condition must hold (an empty selector means every kiosk). Matched
 * against the kiosk's tags (the console's tag editor sets them; a kiosk fills the empty ones from
 * its site profile).
 */
export const TargetSelector = z
  .object({
    /** A named group (its selector is used; any other field here narrows it further). */
    group: z.string().min(1).max(60).optional(),
    /** Kiosks whose region code starts with this (4202 = every kiosk of 黄石市). */
    regionPrefix: RegionCode.optional(),
    levels: z.array(KioskLevel).min(1).max(4).optional(),
    siteKinds: z.array(SiteKind).min(1).max(2).optional(),
    /** Kiosks of one of these hardware models (`ZZJ-A1 立式`). */
    hardware: z.array(z.string().min(1).max(60)).min(1).max(20).optional(),
    /** Exactly these kiosks (still narrowed by the other fields). */
    kioskIds: z.array(z.string().min(1).max(100)).min(1).max(10_000).optional(),
  })
  .strict();
export type TargetSelector = z.infer<typeof TargetSelector>;

/** A group is a named selector: `PUT /admin/fleet/groups/{name}`. */
export const GroupName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,59}$/);
export const PutGroupRequest = z.object({ selector: TargetSelector.omit({ group: true }) }).strict();
export type PutGroupRequest = z.infer<typeof PutGroupRequest>;

/**
 * One ring of a rollout. `kiosks`: this ring has that many kiosks (a canary is `{ kiosks: 1 }`).
 * `percent`: the rings up to and including this one cover that share of the targets. The last
 * ring always covers every target.
 */
export const RingSpec = z.union([z.object({ kiosks: z.number().int().min(1).max(100_000) }).strict(), z.object({ percent: z.number().min(0.01).max(100) }).strict()]);
export type RingSpec = z.infer<typeof RingSpec>;

/** When a rollout stops by itself (after AWS IoT Jobs' abort criteria). */
export const AbortCriteria = z
  .object({
    /** Abort when more than this share of the kiosks that reported failed (rolled back or refused)… */
    failurePercent: z.number().min(0).max(100).default(10),
    /** …once at least this many kiosks have reported. */
    minKiosks: z.number().int().min(1).max(100_000).default(1),
  })
  .strict();
export type AbortCriteria = z.infer<typeof AbortCriteria>;

/**
 * What a rollout delivers: a signed bundle kind, or `app` — a published app release, whose
 * `version` is the release number the platform gave it at publication (ADR 0016, docs/fleet.md).
 */
export const RolloutKind = z.enum([...BundleKind.options, 'app']);
export type RolloutKind = z.infer<typeof RolloutKind>;

export const CreateRolloutRequest = z
  .object({
    kind: RolloutKind,
    /** A published bundle (`PUT /admin/bundles/{kind}`…), or for `app` a published release's number (`POST /admin/releases/{appVersion}/publish`). */
    version: z.number().int().positive(),
    target: TargetSelector,
    rings: z.array(RingSpec).min(1).max(10).default([{ kiosks: 1 }, { percent: 10 }, { percent: 100 }]),
    /** After every kiosk of a ring has reported (or is offline), wait this long before the next ring. */
    soakSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(600),
    abort: AbortCriteria.default({ failurePercent: 10, minKiosks: 1 }),
    /** A kiosk silent this long does not hold a ring back (it catches up when it returns). */
    offlineAfterSeconds: z.number().int().min(10).max(30 * 24 * 3600).default(600),
    /** Who asked, for the record (the admin credential's name once accounts exist). */
    note: z.string().max(200).optional(),
  })
  .strict();
export type CreateRolloutRequest = z.infer<typeof CreateRolloutRequest>;

export const RolloutState = z.enum([
  'running', // rings advance as kiosks report and soak times pass
  'paused', // no ring advances; kiosks already told keep going; abort criteria still apply
  'completed', // the last ring reported and soaked
  'aborted', // the abort criteria were met (or an admin aborted): kiosks not yet updated are not told
  'canceled', // an admin stopped it: kiosks not yet updated are not told
]);
export type RolloutState = z.infer<typeof RolloutState>;

/** `POST /admin/rollouts/{id}/{action}`. */
export const RolloutAction = z.enum(['pause', 'resume', 'cancel', 'abort']);
export type RolloutAction = z.infer<typeof RolloutAction>;

const IsoTime = z.string().datetime({ offset: true });

export const RingStatus = z.object({
  index: z.number().int(),
  kiosks: z.number().int(),
  /** Applied: passed the kiosk's health gate. */
  applied: z.number().int(),
  /** Rolled back or refused. */
  failed: z.number().int(),
  /** Told, no result yet (online or offline). */
  pending: z.number().int(),
  /** Of `pending`: kiosks silent longer than the rollout's offline time. */
  offline: z.number().int(),
  state: z.enum([
    'waiting', // not told yet
    'active', // told, waiting for its kiosks to report
    'soaking', // every kiosk reported (or is offline); the soak runs
    'done', // passed, or the ring the rollout stopped in
    'skipped', // never told: the rollout stopped first
  ]),
});
export type RingStatus = z.infer<typeof RingStatus>;

export const RolloutStatus = z.object({
  rolloutId: z.string(),
  kind: RolloutKind,
  version: z.number().int(),
  state: RolloutState,
  /** Why it stopped (aborted, canceled), for people. */
  reason: z.string().nullable(),
  target: TargetSelector,
  currentRing: z.number().int(),
  rings: z.array(RingStatus),
  totals: z.object({ kiosks: z.number().int(), applied: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  soakSeconds: z.number().int(),
  /** When the current ring's soak ends (it has reported), else null. */
  soakEndsAt: IsoTime.nullable(),
  abort: AbortCriteria,
  offlineAfterSeconds: z.number().int(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  note: z.string().nullable(),
});
export type RolloutStatus = z.infer<typeof RolloutStatus>;

/** `POST /admin/bundles/{kind}/sign`: a payload the platform signs with its online fleet key and publishes. */
export const SignBundleRequest = z
  .object({
    /** Default: one above the newest published version of the kind. */
    version: z.number().int().positive().optional(),
    payload: z.unknown().refine((v) => v !== undefined, 'payload is required'),
  })
  .strict();
export type SignBundleRequest = z.infer<typeof SignBundleRequest>;

/** One kiosk as the fleet sees it (`GET /admin/fleet/kiosks`): its tags, desired and reported versions. */
export const FleetKiosk = z.object({
  kioskId: z.string(),
  kioskCode: z.string(),
  level: KioskLevel.nullable(),
  regionCode: z.string().nullable(),
  siteKind: SiteKind.nullable(),
  siteName: z.string().nullable(),
  /** Hardware model (a console tag). */
  hardware: z.string().nullable(),
  lastHeartbeatAt: IsoTime.nullable(),
  /** The app version it runs (desired app versions come with app updates, issue #14). */
  app: z.object({ reported: z.string().nullable() }),
  config: z.object({ desired: z.number().int().nullable(), reported: z.number().int().nullable(), lastResult: z.record(z.string(), z.unknown()).nullable() }),
  catalog: z.object({ desired: z.number().int().nullable(), reported: z.number().int().nullable(), lastResult: z.record(z.string(), z.unknown()).nullable() }),
});
export type FleetKiosk = z.infer<typeof FleetKiosk>;
