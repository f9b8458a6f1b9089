// The fleet as the console sees it: liveness counts by region and level, the kiosk list with
// filters, one kiosk's devices, consumables, queue, versions and recent events (never personal
// data: the event list selects no PII column), and a kiosk's tags (region, level, site, hardware).
import { z } from 'zod';
import { defineEndpoint, IntParam, LimitParam } from './endpoint';

/** GB/T 2260 administrative division (6 digits), with township (9) or village (12) extensions. */
export const RegionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/);
/** A region filter: any prefix of a region code from the province (2 digits) down. */
export const RegionPrefix = z.string().regex(/^\d{2,12}$/);

export const KioskLevel = z.enum(['city', 'county', 'township', 'village']); // 市 / 县 / 乡 / 村
export type KioskLevel = z.infer<typeof KioskLevel>;

export const SiteKind = z.enum([
  'hall', // a 市民之家 / government service hall (24-hour self-service area)
  'village', // a 综合自助一体机 in a township or village service point
]);

export const KioskLiveness = z.enum([
  'online', // heartbeats arriving, nothing wrong reported
  'degraded', // heartbeats arriving, but a device is faulty, a consumable is low or out, dead letters wait, or the disk is low
  'offline', // 3 heartbeat intervals without one
  'never', // provisioned, no heartbeat yet
]);
export type KioskLiveness = z.infer<typeof KioskLiveness>;

export const KioskTags = z.object({
  regionCode: RegionCode.nullable(),
  level: KioskLevel.nullable(),
  siteKind: SiteKind.nullable(),
  /** The hall or village, e.g. 黄石港区市民之家. */
  siteName: z.string().max(100).nullable(),
  /** Hardware model, e.g. `ZZJ-A1 立式`. */
  hardware: z.string().max(60).nullable(),
});
export type KioskTags = z.infer<typeof KioskTags>;

export const LivenessCounts = z.object({ online: z.number().int(), degraded: z.number().int(), offline: z.number().int(), never: z.number().int() });
export type LivenessCounts = z.infer<typeof LivenessCounts>;

export const FleetOverview = z.object({
  generatedAt: z.string(),
  /** A kiosk silent this long is offline (3 heartbeat intervals). */
  offlineAfterSeconds: z.number().int().positive(),
  /** The region prefix the figures cover (null: the whole fleet). */
  region: z.string().nullable(),
  totals: LivenessCounts,
  /** One level down from `region` (cities of the province, counties of a city…); null = untagged. */
  byRegion: z.array(z.object({ regionCode: z.string().nullable(), counts: LivenessCounts })),
  byLevel: z.array(z.object({ level: KioskLevel.nullable(), counts: LivenessCounts })),
});
export type FleetOverview = z.infer<typeof FleetOverview>;

export const KioskSummary = z.object({
  kioskId: z.string(),
  kioskCode: z.string(),
  /** The version it registered with. */
  appVersion: z.string(),
  createdAt: z.string(),
  lastHeartbeatAt: z.string().nullable(),
  /** The last heartbeat as received (its shape follows the kiosk's wire version). */
  lastHeartbeat: z.record(z.string(), z.unknown()).nullable(),
  tags: KioskTags,
  status: KioskLiveness,
  /** Versions reported by the last heartbeat. */
  reportedAppVersion: z.string().nullable(),
  reportedConfig: z.string().nullable(),
});
export type KioskSummary = z.infer<typeof KioskSummary>;

export const KioskFilter = z.object({
  region: RegionPrefix.optional(),
  level: KioskLevel.optional(),
  siteKind: SiteKind.optional(),
  hardware: z.string().max(60).optional(),
  status: KioskLiveness.optional(),
  /** Reported app version. */
  version: z.string().max(50).optional(),
});
export type KioskFilter = z.infer<typeof KioskFilter>;

export const KioskProblem = z.object({
  code: z.enum([
    'deviceFault', // a device reports a state other than online or busy
    'paperLow', // a printer's paper is low
    'paperOut', // a printer is out of paper
    'cashBoxFull', // the bill acceptor's cash box is full
    'cashBoxRemoved', // the bill acceptor's cash box is out
    'deadLetters', // records the platform refused wait for a technician
    'diskLow', // under 500 MiB free
  ]),
  deviceId: z.string().nullable(),
});
export type KioskProblem = z.infer<typeof KioskProblem>;

export const KioskDevice = z.object({
  deviceId: z.string(),
  deviceClass: z.string(),
  state: z.string(),
  /** Technician detail in English (device, command, cause); null when online. */
  reason: z.string().nullable(),
  /** Paper and cash box levels, when the kiosk reports them. */
  paper: z.enum(['ok', 'low', 'out', 'unknown']).nullable(),
  cashBox: z.enum(['ok', 'full', 'removed', 'unknown']).nullable(),
});

/** A device's latest self-test as its kiosk's last heartbeat reported it (docs/technicians.md). */
export const KioskSelfTest = z.object({
  deviceId: z.string(),
  outcome: z.enum(['passed', 'failed']),
  finishedAt: z.string(),
  steps: z.array(z.object({ action: z.string(), outcome: z.enum(['passed', 'failed', 'skipped']), durationMs: z.number().int() })),
});
export type KioskSelfTest = z.infer<typeof KioskSelfTest>;

export const KioskDetail = z.object({
  kioskId: z.string(),
  kioskCode: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  tags: KioskTags,
  status: KioskLiveness,
  offlineAfterSeconds: z.number().int().positive(),
  lastHeartbeatAt: z.string().nullable(),
  problems: z.array(KioskProblem),
  devices: z.array(KioskDevice),
  queue: z.object({ pending: z.number().int(), deadLetter: z.number().int(), oldestPendingAgeSeconds: z.number().nullable() }).nullable(),
  /** Reported versions (app, config label, and bundle versions when the kiosk sends them). */
  versions: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable(),
  diskFreeBytes: z.number().nullable(),
  /** The latest self-test of each device, with each step's timing (empty: none run, or an older kiosk). */
  selfTests: z.array(KioskSelfTest),
});
export type KioskDetail = z.infer<typeof KioskDetail>;

export const KioskEventSummary = z.object({
  seq: z.number().int(),
  kind: z.string(),
  streamKey: z.string(),
  streamSeq: z.number().int(),
  occurredAt: z.string(),
  receivedAt: z.string(),
});

const KioskIdParam = z.object({ kioskId: z.string().min(1).max(200) });

export const fleetOverview = defineEndpoint({
  name: 'fleet.overview',
  method: 'GET',
  path: '/admin/fleet/overview',
  summary: 'Online / degraded / offline / never-seen counts for the fleet or one region, by the next region level and by kiosk level.',
  access: { kind: 'permission', permission: 'fleet.read' },
  query: z.object({ region: RegionPrefix.optional() }),
  response: FleetOverview,
  errors: [],
});

export const fleetFacets = defineEndpoint({
  name: 'fleet.facets',
  method: 'GET',
  path: '/admin/fleet/facets',
  summary: 'The hardware models and reported app versions present in the fleet (for filter choices; at most 200 each).',
  access: { kind: 'permission', permission: 'fleet.read' },
  response: z.object({ hardware: z.array(z.string()), appVersions: z.array(z.string()) }),
  errors: [],
});

export const listKiosks = defineEndpoint({
  name: 'kiosks.list',
  method: 'GET',
  path: '/admin/kiosks',
  summary: 'Kiosks in registration order with their tags, liveness and last heartbeat, filtered, one page at a time (keyset: `after` = the last kiosk id; limit 1…500, default 100).',
  access: { kind: 'permission', permission: 'fleet.read' },
  query: KioskFilter.extend({ after: z.string().max(200).optional(), limit: LimitParam }),
  response: z.object({ kiosks: z.array(KioskSummary), nextAfter: z.string().nullable(), total: z.number().int() }),
  errors: [],
});

export const kioskDetail = defineEndpoint({
  name: 'kiosks.detail',
  method: 'GET',
  path: '/admin/kiosks/{kioskId}',
  summary: "One kiosk: tags, liveness, problems, devices with consumables, queue depth, versions, free disk.",
  access: { kind: 'permission', permission: 'fleet.read' },
  params: KioskIdParam,
  response: KioskDetail,
  errors: ['notFound'],
});

export const kioskEvents = defineEndpoint({
  name: 'kiosks.events',
  method: 'GET',
  path: '/admin/kiosks/{kioskId}/events',
  summary: "A kiosk's received events newest first, without payload or personal data (keyset: `before` = the last seq; limit 1…200).",
  access: { kind: 'permission', permission: 'fleet.read' },
  params: KioskIdParam,
  query: z.object({ before: IntParam.optional(), limit: LimitParam }),
  response: z.object({ events: z.array(KioskEventSummary), nextBefore: z.number().int().nullable() }),
  errors: ['notFound'],
});

export const setKioskTags = defineEndpoint({
  name: 'kiosks.setTags',
  method: 'PUT',
  path: '/admin/kiosks/{kioskId}/tags',
  summary: "Set a kiosk's region code, level, site kind, site name and hardware model (null clears one).",
  access: { kind: 'permission', permission: 'kiosk.tag' },
  params: KioskIdParam,
  body: KioskTags,
  response: KioskTags,
  errors: ['notFound'],
});

export const FLEET_ENDPOINTS = [fleetOverview, fleetFacets, listKiosks, kioskDetail, kioskEvents, setKioskTags] as const;
