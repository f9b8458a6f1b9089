// Rollouts and remote commands as the console and scripts call them (docs/fleet.md): published
// bundles and groups to choose from, rollouts in rings with abort criteria (create, watch per ring
// and per kiosk, pause, resume, cancel, abort), and signed remote commands sent to a kiosk or a
// group with their delivery and result. Starting or resuming a rollout is a publisher's; stopping
// one is an operator's too (the person on duty at 2 a.m. must be able to halt a bad rollout).
import { z } from 'zod';
import { BundleKind } from '../../src-common/wire/bundle';
import { CreateRolloutRequest, GroupName, RolloutStatus, TargetSelector } from '../../src-common/wire/fleetAdmin';
import { RemoteAction, RemoteActionKind } from '../../src-common/wire/remoteCommands';
import { defineEndpoint, IntParam, LimitParam } from './endpoint';

export const StoredBundle = z.object({ kind: BundleKind, version: z.number().int(), keyId: z.string(), sha256: z.string(), publishedAt: z.string() });
export type StoredBundle = z.infer<typeof StoredBundle>;

export const FleetGroup = z.object({ name: z.string(), selector: TargetSelector.omit({ group: true }), updatedAt: z.string() });
export type FleetGroup = z.infer<typeof FleetGroup>;

export const RolloutKioskState = z.enum([
  'waiting', // its ring was not told yet
  'told', // its desired version is set; no result yet
  'applied', // passed its health gate (or already ran the version)
  'failed', // rolled back or refused
  'skipped', // the rollout stopped before its ring was told
]);
export type RolloutKioskState = z.infer<typeof RolloutKioskState>;

export const RolloutKiosk = z.object({
  kioskId: z.string(),
  kioskCode: z.string(),
  /** 0 = the first ring (the canary by default). */
  ring: z.number().int(),
  state: RolloutKioskState,
  /** Why it failed or was skipped (English detail from the kiosk's result; technicians read it). */
  detail: z.string().nullable(),
  updatedAt: z.string(),
  lastHeartbeatAt: z.string().nullable(),
});
export type RolloutKiosk = z.infer<typeof RolloutKiosk>;

/** Whom a command goes to: listed kiosks, or every kiosk of a group (at most 1,000 either way). */
export const CommandTarget = z.union([
  z.object({ kioskIds: z.array(z.string().min(1).max(100)).min(1).max(1000) }).strict(),
  z.object({ group: GroupName }).strict(),
]);
export type CommandTarget = z.infer<typeof CommandTarget>;

/** The most kiosks one send reaches. */
export const MAX_COMMAND_TARGETS = 1000;

export const SendCommandRequest = z
  .object({
    target: CommandTarget,
    action: RemoteAction,
    /** Runs even during a citizen session (never during a cash-in or a print). */
    urgent: z.boolean().default(false),
    /** How long the command stays runnable after it is sent (default one day). */
    ttlSeconds: z.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
  })
  .strict();
export type SendCommandRequest = z.infer<typeof SendCommandRequest>;

export const CommandOutcome = z.enum([
  'done', // ran
  'failed', // ran and failed (detail says why)
  'expired', // reached the kiosk after its expiry: not run
  'refused', // the kiosk refused it (signature, wrong kiosk, unknown action)
]);

export const FleetCommand = z.object({
  commandId: z.string(),
  kioskId: z.string(),
  kioskCode: z.string().nullable(),
  action: RemoteActionKind,
  urgent: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  /** First handed out in a heartbeat answer. */
  deliveredAt: z.string().nullable(),
  /** The kiosk listed it as stored: no longer delivered. */
  acknowledgedAt: z.string().nullable(),
  outcome: CommandOutcome.nullable(),
  detail: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type FleetCommand = z.infer<typeof FleetCommand>;

const RolloutIdParam = z.object({ rolloutId: z.string().min(1).max(100) });

export const listBundles = defineEndpoint({
  name: 'bundles.list',
  method: 'GET',
  path: '/admin/bundles',
  summary: 'Published bundles, newest first (kind, version, signing key id, SHA-256).',
  access: { kind: 'permission', permission: 'fleet.read' },
  response: z.object({ bundles: z.array(StoredBundle) }),
  errors: [],
});

export const listGroups = defineEndpoint({
  name: 'groups.list',
  method: 'GET',
  path: '/admin/fleet/groups',
  summary: 'Kiosk groups: named selectors over the kiosk tags.',
  access: { kind: 'permission', permission: 'fleet.read' },
  response: z.object({ groups: z.array(FleetGroup) }),
  errors: [],
});

export const listRollouts = defineEndpoint({
  name: 'rollouts.list',
  method: 'GET',
  path: '/admin/rollouts',
  summary: 'Rollouts newest first, each with its rings and totals.',
  access: { kind: 'permission', permission: 'fleet.read' },
  response: z.object({ rollouts: z.array(RolloutStatus) }),
  errors: [],
});

export const rolloutStatus = defineEndpoint({
  name: 'rollouts.status',
  method: 'GET',
  path: '/admin/rollouts/{rolloutId}',
  summary: 'One rollout: state, rings (applied, failed, pending, offline), soak end, abort criteria.',
  access: { kind: 'permission', permission: 'fleet.read' },
  params: RolloutIdParam,
  response: RolloutStatus,
  errors: ['notFound'],
});

export const rolloutKiosks = defineEndpoint({
  name: 'rollouts.kiosks',
  method: 'GET',
  path: '/admin/rollouts/{rolloutId}/kiosks',
  summary: "A rollout's kiosks by ring, with what became of each (keyset: `after` = the last kiosk id; limit 1…500).",
  access: { kind: 'permission', permission: 'fleet.read' },
  params: RolloutIdParam,
  query: z.object({ ring: IntParam.optional(), state: RolloutKioskState.optional(), after: z.string().max(200).optional(), limit: LimitParam }),
  response: z.object({ kiosks: z.array(RolloutKiosk), nextAfter: z.string().nullable() }),
  errors: ['notFound'],
});

export const createRollout = defineEndpoint({
  name: 'rollouts.create',
  method: 'POST',
  path: '/admin/rollouts',
  summary: 'Roll a published bundle out to a selector in rings, with a soak time and abort criteria; the first ring is told at once.',
  access: { kind: 'permission', permission: 'config.publish' },
  body: CreateRolloutRequest,
  response: RolloutStatus,
  errors: ['unknownBundle', 'versionNotNewer', 'anotherRolloutActive', 'noTargets'],
});

export const resumeRollout = defineEndpoint({
  name: 'rollouts.resume',
  method: 'POST',
  path: '/admin/rollouts/{rolloutId}/resume',
  summary: 'Resume a paused rollout (the current soak starts over).',
  access: { kind: 'permission', permission: 'config.publish' },
  params: RolloutIdParam,
  response: RolloutStatus,
  errors: ['notFound', 'wrongState'],
});

export const stopRollout = defineEndpoint({
  name: 'rollouts.stop',
  method: 'POST',
  path: '/admin/rollouts/{rolloutId}/{action}',
  summary: 'Pause (no ring advances), cancel or abort (kiosks not yet told never are; told ones get their previous desired version back).',
  access: { kind: 'permission', permission: 'rollout.stop' },
  params: RolloutIdParam.extend({ action: z.enum(['pause', 'cancel', 'abort']) }),
  response: RolloutStatus,
  errors: ['notFound', 'wrongState'],
});

export const sendCommand = defineEndpoint({
  name: 'commands.send',
  method: 'POST',
  path: '/admin/fleet/commands',
  summary: 'Sign a remote command for each listed kiosk or each kiosk of a group; delivered in heartbeat answers until the kiosk stores it.',
  access: { kind: 'permission', permission: 'kiosk.command' },
  body: SendCommandRequest,
  response: z.object({ commands: z.array(z.object({ commandId: z.string(), kioskId: z.string() })) }),
  errors: ['notFound', 'noTargets'],
});

export const listCommands = defineEndpoint({
  name: 'commands.list',
  method: 'GET',
  path: '/admin/fleet/commands',
  summary: 'Remote commands newest first with delivery, receipt and result, optionally of one kiosk (keyset: `before` = the last command id; limit 1…200).',
  access: { kind: 'permission', permission: 'fleet.read' },
  query: z.object({ kioskId: z.string().max(100).optional(), action: RemoteActionKind.optional(), before: z.string().max(100).optional(), limit: LimitParam }),
  response: z.object({ commands: z.array(FleetCommand), nextBefore: z.string().nullable() }),
  errors: [],
});

export const ROLLOUT_ENDPOINTS = [listBundles, listGroups, listRollouts, rolloutStatus, rolloutKiosks, createRollout, resumeRollout, stopRollout, sendCommand, listCommands] as const;
