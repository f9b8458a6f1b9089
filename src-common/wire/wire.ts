// The kiosk ↔ central platform wire contract (platform/openapi.yaml), as zod schemas shared by
// the core's sync client and the reference platform. Pure: no I/O, no node:*.
import { z } from 'zod';
import { KioskSite } from './fleetAdmin';
import { DeviceDetail } from '../domain/device';

/** Headers every signed kiosk request carries (see `canonicalRequest`). */
export const SIGNATURE_HEADERS = {
  kioskId: 'x-budayang-kiosk',
  timestamp: 'x-budayang-timestamp',
  nonce: 'x-budayang-nonce',
  signature: 'x-budayang-signature',
  /**
   * Hex SHA-256 of the body as sent (the same hash the signature covers). With it the platform
   * verifies the signature from the headers alone and refuses a forged request before reading
   * its body; the body is then checked against this hash as it arrives.
   */
  contentSha256: 'x-budayang-content-sha256',
} as const;

/** The platform stamps every answer with its clock so a kiosk can measure skew. */
export const SERVER_TIME_HEADER = 'x-budayang-server-time';

/** How far a request's timestamp may stray from the platform's clock before it is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * The exact text a kiosk signs with its Ed25519 key. Binding method, path, body hash, time and
 * nonce means a captured request cannot be replayed, retargeted or altered.
 */
export function canonicalRequest(parts: { method: string; path: string; bodySha256Hex: string; timestamp: string; nonce: string }): string {
  return ['BUDAYANG-SIG-1', parts.method.toUpperCase(), parts.path, parts.bodySha256Hex, parts.timestamp, parts.nonce].join('\n');
}

export const IsoTime = z.string().datetime({ offset: true });

/** One outbox record on the wire. */
export const WireEvent = z.object({
  /** ULID chosen by the kiosk at enqueue; the platform de-duplicates on it. */
  idempotencyKey: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  /** Ordering scope, e.g. `case:DEMO01-20261126-0001`; order is kept within one stream. */
  streamKey: z.string().min(1).max(200),
  /** 1, 2, 3… within the stream, assigned at enqueue. */
  streamSeq: z.number().int().positive(),
  /** What happened, e.g. `application.submitted`, `payment.cashIn`, `alert.raised`. */
  kind: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/).max(100),
  occurredAt: IsoTime,
  /** Non-PII metadata. */
  payload: z.record(z.string(), z.unknown()),
  /** Personal data; encrypted at rest on the kiosk, sent only over the signed channel. */
  pii: z.record(z.string(), z.unknown()).optional(),
});
export type WireEvent = z.infer<typeof WireEvent>;

export const MAX_EVENTS_PER_PUSH = 1000;

/**
 * Largest serialised event (payload and PII) the platform stores. An application with its
 * photographed materials is the largest kind (a few MB); anything above is refused item by item.
 */
export const MAX_EVENT_BYTES = 8 * 1024 * 1024;

/** Largest `POST /v1/events` body; the kiosk splits pushes to stay under it. */
export const MAX_PUSH_BYTES = 16 * 1024 * 1024;

export const PushEventsRequest = z.object({ events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_PUSH) });
export type PushEventsRequest = { events: WireEvent[] };

/** Per-item outcome of a push. */
export const PushItemResult = z.discriminatedUnion('status', [
  // stored now, for the first time
  z.object({ idempotencyKey: z.string(), status: z.literal('accepted') }),
  // already stored by an earlier push (a retry after a lost answer): success for the kiosk
  z.object({ idempotencyKey: z.string(), status: z.literal('duplicate') }),
  // not stored: `retryable` false means invalid (dead-letter it), true means try again later
  z.object({ idempotencyKey: z.string(), status: z.literal('rejected'), reason: z.string(), retryable: z.boolean() }),
]);
export type PushItemResult = z.infer<typeof PushItemResult>;

export const PushEventsResponse = z.object({ results: z.array(PushItemResult), serverTime: IsoTime });
export type PushEventsResponse = z.infer<typeof PushEventsResponse>;

export const ProvisionRequest = z.object({
  code: z.string().min(6).max(64),
  kioskCode: z.string().regex(/^[A-Z0-9]{2,16}$/),
  /** Ed25519 public key, SPKI DER, base64. */
  publicKey: z.string().min(40).max(200),
  appVersion: z.string().max(50),
});
export type ProvisionRequest = z.infer<typeof ProvisionRequest>;

export const ProvisionResponse = z.object({
  kioskId: z.string(),
  /** Ed25519 key (SPKI DER, base64) the kiosk pins to verify remote config. */
  adminPublicKey: z.string(),
  serverTime: IsoTime,
});
export type ProvisionResponse = z.infer<typeof ProvisionResponse>;

export const HeartbeatDevice = z.object({
  deviceId: z.string(),
  deviceClass: z.string(),
  state: z.string(),
  reason: z.string().optional(),
  /** Per-class detail (paper level, cash box): the fleet console shows consumables from it. */
  detail: DeviceDetail.optional(),
});

export const HeartbeatRequest = z.object({
  sentAt: IsoTime,
  devices: z.array(HeartbeatDevice).max(100),
  queue: z.object({ pending: z.number().int().nonnegative(), deadLetter: z.number().int().nonnegative(), oldestPendingAgeSeconds: z.number().nonnegative().nullable() }),
  versions: z.object({
    app: z.string(),
    /** The running config's label (`configId`). */
    config: z.string(),
    /** Active signed bundle versions (docs/fleet.md); null = none applied (profile / shipped catalog). */
    configVersion: z.number().int().positive().nullable().optional(),
    catalogVersion: z.number().int().positive().nullable().optional(),
  }),
  diskFreeBytes: z.number().nonnegative().nullable(),
  /** Deprecated: results now travel through the outbox as `fleet.commandResult`; kiosks send []. */
  commandResults: z.array(z.object({ commandId: z.string(), outcome: z.enum(['done', 'failed', 'unsupported']), detail: z.string().optional() })).max(100).default([]),
  /** Commands stored durably since the last answered heartbeat: the platform stops delivering them (absent = none). */
  receivedCommandIds: z.array(z.string().max(100)).max(100).optional(),
  /** The latest self-test run of each device (docs/technicians.md); absent = none kept. */
  selfTests: z
    .array(
      z.object({
        deviceId: z.string().max(100),
        outcome: z.enum(['passed', 'failed']),
        finishedAt: IsoTime,
        steps: z.array(z.object({ action: z.string().max(64), outcome: z.enum(['passed', 'failed', 'skipped']), durationMs: z.number().int().nonnegative() })).max(20),
      }),
    )
    .max(100)
    .optional(),
  /** Level, region and devices: what rollouts select kiosks by (docs/fleet.md). */
  site: KioskSite.optional(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const HeartbeatResponse = z.object({
  serverTime: IsoTime,
  /** Platform clock minus the kiosk's `sentAt`, in seconds (positive: kiosk is behind). */
  clockSkewSeconds: z.number(),
  /** Signed remote commands (`SignedRemoteCommand`), checked one by one on the kiosk so one bad command cannot hide the others. */
  commands: z.array(z.unknown()).max(100),
  /** The bundle versions this kiosk should run (device twin: desired state); absent = no opinion. */
  desired: z.object({ configVersion: z.number().int().positive().optional(), catalogVersion: z.number().int().positive().optional() }).optional(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

/** A config bundle signed by the admin key the kiosk pinned at provisioning. */


/** Case status (`GET /v1/cases/{caseNumber}`): declared with the rest of the cases wire. */
export { CaseStatus } from './casesWire';

export const ProofData = z.object({
  proofId: z.string(),
  kind: z.string(),
  title: z.string(),
  fields: z.record(z.string(), z.string()),
  issuedAt: IsoTime,
});
export type ProofData = z.infer<typeof ProofData>;

export const CertificateData = z.object({
  certificateNumber: z.string(),
  kind: z.string(),
  holderNameMasked: z.string(),
  fields: z.record(z.string(), z.string()),
  printQuota: z.number().int().nonnegative(),
});
export type CertificateData = z.infer<typeof CertificateData>;

/** Error body of every non-2xx answer. */
export const PlatformError = z.object({
  error: z.string(),
  message: z.string(),
  serverTime: IsoTime.optional(),
});
export type PlatformError = z.infer<typeof PlatformError>;
