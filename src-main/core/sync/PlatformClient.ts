// The kiosk's HTTP client for the central platform (platform/openapi.yaml): every request signed
// with the kiosk's Ed25519 key over method, path, body hash, timestamp and nonce; every answer
// validated; failures returned as values the sync engine can schedule around.
import crypto from 'node:crypto';
import { z } from 'zod';
import {
  canonicalRequest,
  CaseStatus,
  CertificateData,
  HeartbeatResponse,
  MAX_EVENT_BYTES,
  MAX_EVENTS_PER_PUSH,
  MAX_PUSH_BYTES,
  ProofData,
  ProvisionResponse,
  PushEventsResponse,
  SERVER_TIME_HEADER,
  SIGNATURE_HEADERS,
  type HeartbeatRequest,
  type ProvisionRequest,
  type PushItemResult,
  type WireEvent,
} from '../../../src-common/wire/wire';
import { err, ok, type Result } from '../../../src-common/result';
import type { BundleKind } from '../../../src-common/wire/bundle';
import { parseRetryAfter } from '../../../src-common/backoff';
import { systemClock, type Clock } from '../outbox/outboxTypes';
import { sha256Hex, type KioskIdentity } from '../identity/KioskIdentity';
import { serviceId } from '../composition/serviceId';

/** Any JSON answer (bundles are verified by the fleet domain, which names what is wrong). */
const AnyJson = z.unknown();

/** A request that has not answered in this long is treated as a network failure. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** Why a platform call failed. */
export type PlatformFailure =
  // no answer at all: DNS, refused, reset, timeout
  | { readonly kind: 'unreachable'; readonly message: string }
  // an HTTP error answer; `retryAfterMs` from the Retry-After header
  | { readonly kind: 'http'; readonly status: number; readonly code: string; readonly message: string; readonly retryAfterMs?: number }
  // the answer did not match the contract
  | { readonly kind: 'badResponse'; readonly message: string }
  // this kiosk has not been provisioned with a platform yet
  | { readonly kind: 'notProvisioned'; readonly message: string };

export function describeFailure(f: PlatformFailure): string {
  switch (f.kind) {
    case 'unreachable':
      return `platform unreachable: ${f.message}`;
    case 'http':
      return `platform answered ${f.status} ${f.code}: ${f.message}`;
    case 'badResponse':
      return `platform answer invalid: ${f.message}`;
    case 'notProvisioned':
      return f.message;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

export interface SignedCallOptions {
  /** Abandons the call early (a caller with a shorter deadline than REQUEST_TIMEOUT_MS). */
  readonly signal?: AbortSignal;
}

export interface PlatformClientOptions {
  readonly identity: KioskIdentity;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

export class PlatformClient {
  private readonly identity: KioskIdentity;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;
  /** Platform clock minus ours, learned from every answer; applied to signature timestamps. */
  private clockOffsetMs = 0;

  constructor(options: PlatformClientOptions) {
    this.identity = options.identity;
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? fetch;
  }

  get measuredClockSkewSeconds(): number {
    return Math.round(this.clockOffsetMs / 1000);
  }

  get provisioned(): boolean {
    return this.identity.registration() !== undefined;
  }

  /** Unsigned reachability probe (`GET /v1/health`): cheap, writes nothing on either side. */
  async probe(): Promise<Result<void, PlatformFailure>> {
    const registration = this.identity.registration();
    if (!registration) return err({ kind: 'notProvisioned', message: 'this kiosk is not provisioned' });
    try {
      const response = await this.fetchImpl(new URL('/v1/health', registration.platformUrl), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const answer = await readAnswer(response, this.clock.now());
      return answer.ok ? ok(undefined) : answer;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return err({ kind: 'unreachable', message: cause?.code ?? cause?.message ?? (e as Error).message });
    }
  }

  /**
   * Pushes events in as few requests as fit under MAX_PUSH_BYTES, in order. An event larger than
   * MAX_EVENT_BYTES can never be stored, so it gets a local non-retryable rejection (a dead
   * letter a technician sees) instead of a 413 that would stall its queue forever. Stops at the
   * first failed request: the caller resends the batch, and the platform answers `duplicate` for
   * what it already stored.
   */
  async pushEvents(events: readonly WireEvent[]): Promise<Result<z.infer<typeof PushEventsResponse>, PlatformFailure>> {
    const results: PushItemResult[] = [];
    let serverTime = new Date(this.clock.now()).toISOString();
    let part: string[] = [];
    let partBytes = 0;
    const send = async (): Promise<PlatformFailure | undefined> => {
      if (part.length === 0) return undefined;
      const answer = await this.signedText('POST', '/v1/events', `{"events":[${part.join(',')}]}`, PushEventsResponse);
      part = [];
      partBytes = 0;
      if (!answer.ok) return answer.error;
      results.push(...answer.value.results);
      serverTime = answer.value.serverTime;
      return undefined;
    };
    for (const event of events) {
      const text = JSON.stringify(event);
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_EVENT_BYTES) {
        results.push({ idempotencyKey: event.idempotencyKey, status: 'rejected', reason: `tooLarge: the event is ${bytes} bytes, more than the ${MAX_EVENT_BYTES} the platform stores`, retryable: false });
        continue;
      }
      if (part.length === MAX_EVENTS_PER_PUSH || partBytes + bytes + 16 > MAX_PUSH_BYTES) {
        const failure = await send();
        if (failure) return err(failure);
      }
      part.push(text);
      partBytes += bytes + 1;
    }
    const failure = await send();
    return failure ? err(failure) : ok({ results, serverTime });
  }

  heartbeat(body: HeartbeatRequest): Promise<Result<z.infer<typeof HeartbeatResponse>, PlatformFailure>> {
    return this.signed('POST', '/v1/heartbeat', body, HeartbeatResponse);
  }

  /**
   * The signed bundle of one kind this kiosk should run (docs/fleet.md); `undefined` value when the
   * ETag still matches (304). The body is returned unverified: the fleet domain checks it.
   */
  async pullBundle(kind: BundleKind, etag?: string): Promise<Result<{ bundle: unknown; etag: string | null } | undefined, PlatformFailure>> {
    const answer = await this.conditional(`/v1/bundles/${kind}`, etag, AnyJson);
    if (!answer.ok) return answer;
    return ok(answer.value ? { bundle: answer.value.body, etag: answer.value.etag } : undefined);
  }

  /** `/v1/catalog`: the signed catalog bundle this kiosk should run (the same as pullBundle('catalog')). */
  async pullCatalog(etag?: string): Promise<Result<{ bundle: unknown; etag: string | null } | undefined, PlatformFailure>> {
    const answer = await this.conditional('/v1/catalog', etag, AnyJson);
    if (!answer.ok) return answer;
    return ok(answer.value ? { bundle: answer.value.body, etag: answer.value.etag } : undefined);
  }

  caseStatus(caseNumber: string): Promise<Result<z.infer<typeof CaseStatus>, PlatformFailure>> {
    return this.signed('GET', `/v1/cases/${encodeURIComponent(caseNumber)}`, undefined, CaseStatus);
  }

  proof(proofId: string): Promise<Result<z.infer<typeof ProofData>, PlatformFailure>> {
    return this.signed('GET', `/v1/proofs/${encodeURIComponent(proofId)}`, undefined, ProofData);
  }

  certificate(certificateNumber: string): Promise<Result<z.infer<typeof CertificateData>, PlatformFailure>> {
    return this.signed('GET', `/v1/certificates/${encodeURIComponent(certificateNumber)}`, undefined, CertificateData);
  }

  /**
   * A signed call for other domains (payments): method, path under the platform URL, JSON body,
   * and the zod schema of the answer.
   */
  async signed<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, schema: S, options: SignedCallOptions = {}): Promise<Result<z.infer<S>, PlatformFailure>> {
    return this.signedText(method, path, body === undefined ? '' : JSON.stringify(body), schema, options);
  }

  private async signedText<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, text: string, schema: S, options: SignedCallOptions = {}): Promise<Result<z.infer<S>, PlatformFailure>> {
    const first = await this.send(method, path, text, {}, options.signal);
    // One retry after a clock-skew refusal: the answer taught us the platform's time.
    const answer = !first.ok && first.error.kind === 'http' && first.error.code === 'clockSkew' ? await this.send(method, path, text, {}, options.signal) : first;
    if (!answer.ok) return answer;
    return this.parse(answer.value.json, schema);
  }

  private async conditional<S extends z.ZodType>(path: string, etag: string | undefined, schema: S): Promise<Result<{ body: z.infer<S>; etag: string | null } | undefined, PlatformFailure>> {
    const answer = await this.send('GET', path, '', etag ? { 'if-none-match': etag } : {});
    if (!answer.ok) return answer;
    if (answer.value.status === 304) return ok(undefined);
    const parsed = this.parse(answer.value.json, schema);
    return parsed.ok ? ok({ body: parsed.value, etag: answer.value.etag }) : parsed;
  }

  private parse<S extends z.ZodType>(json: unknown, schema: S): Result<z.infer<S>, PlatformFailure> {
    const parsed = schema.safeParse(json);
    return parsed.success ? ok(parsed.data) : err({ kind: 'badResponse', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300) });
  }

  /** One signed request; `text` is the JSON body exactly as sent ('' for none). */
  private async send(method: string, path: string, text: string, extraHeaders: Record<string, string> = {}, signal?: AbortSignal): Promise<Result<{ status: number; json: unknown; etag: string | null }, PlatformFailure>> {
    const registration = this.identity.registration();
    if (!registration) return err({ kind: 'notProvisioned', message: 'this kiosk is not provisioned; run `budayang provision --platform URL --code CODE`' });
    const timestamp = new Date(this.clock.now() + this.clockOffsetMs).toISOString();
    const nonce = crypto.randomBytes(16).toString('base64url');
    const bodyHash = sha256Hex(text);
    const signature = this.identity.sign(canonicalRequest({ method, path, bodySha256Hex: bodyHash, timestamp, nonce }));
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, registration.platformUrl), {
        method,
        headers: {
          ...(text ? { 'content-type': 'application/json' } : {}),
          [SIGNATURE_HEADERS.kioskId]: registration.kioskId,
          [SIGNATURE_HEADERS.timestamp]: timestamp,
          [SIGNATURE_HEADERS.nonce]: nonce,
          [SIGNATURE_HEADERS.signature]: signature,
          // Lets the platform check the signature before it reads the body.
          [SIGNATURE_HEADERS.contentSha256]: bodyHash,
          ...extraHeaders,
        },
        ...(text ? { body: text } : {}),
        signal: signal ? AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), signal]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return err({ kind: 'unreachable', message: cause?.code ?? cause?.message ?? (e as Error).message });
    }
    return readAnswer(response, this.clock.now(), (serverMs) => {
      this.clockOffsetMs = serverMs - this.clock.now();
    });
  }
}

/** Reads an answer body, learns the server's clock, and turns non-2xx into a PlatformFailure. */
export async function readAnswer(
  response: Response,
  nowMs: number,
  learnServerTime: (serverMs: number) => void = () => {},
): Promise<Result<{ status: number; json: unknown; etag: string | null }, PlatformFailure>> {
  const serverTime = Date.parse(response.headers.get(SERVER_TIME_HEADER) ?? '');
  if (!Number.isNaN(serverTime)) learnServerTime(serverTime);
  let json: unknown = null;
  try {
    const raw = await response.text();
    json = raw ? JSON.parse(raw) : null;
  } catch (e) {
    if (response.ok) return err({ kind: 'badResponse', message: `answer is not JSON: ${(e as Error).message}` });
    const cause = (e as { cause?: { code?: string } }).cause;
    if (cause?.code) return err({ kind: 'unreachable', message: cause.code });
  }
  if (response.ok || response.status === 304) return ok({ status: response.status, json, etag: response.headers.get('etag') });
  const problem = (json ?? {}) as { error?: unknown; message?: unknown };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  return err({
    kind: 'http',
    status: response.status,
    code: typeof problem.error === 'string' ? problem.error : `http${response.status}`,
    message: typeof problem.message === 'string' ? problem.message.slice(0, 300) : response.statusText,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/**
 * Registers this kiosk with a platform using a one-time code. The body carries the public key
 * and is signed with the matching private key, proving possession.
 */
export async function provisionKiosk(
  identity: KioskIdentity,
  platformUrl: string,
  request: Omit<ProvisionRequest, 'publicKey'>,
  fetchImpl: typeof fetch = fetch,
): Promise<Result<z.infer<typeof ProvisionResponse>, PlatformFailure>> {
  const text = JSON.stringify({ ...request, publicKey: identity.publicKey });
  const timestamp = new Date().toISOString();
  const nonce = crypto.randomBytes(16).toString('base64url');
  const path = '/v1/provision';
  let response: Response;
  try {
    response = await fetchImpl(new URL(path, platformUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADERS.timestamp]: timestamp,
        [SIGNATURE_HEADERS.nonce]: nonce,
        [SIGNATURE_HEADERS.signature]: identity.sign(canonicalRequest({ method: 'POST', path, bodySha256Hex: sha256Hex(text), timestamp, nonce })),
      },
      body: text,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    return err({ kind: 'unreachable', message: cause?.code ?? (e as Error).message });
  }
  const answer = await readAnswer(response, Date.now());
  if (!answer.ok) return answer;
  const parsed = ProvisionResponse.safeParse(answer.value.json);
  if (!parsed.success) return err({ kind: 'badResponse', message: 'provision answer does not match the contract' });
  identity.saveRegistration({ platformUrl, kioskId: parsed.data.kioskId, adminPublicKey: parsed.data.adminPublicKey, registeredAt: new Date().toISOString() });
  return ok(parsed.data);
}

/** The signed client of the central platform (platform module): online queries, payments, sync. */
export const PlatformClientId = serviceId<PlatformClient>('platform');
