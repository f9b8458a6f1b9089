// The simulated fleet of `budayang platform loadtest` (issue #12 item 6): N kiosks, each with
// its own Ed25519 key, signing every request as a kiosk does (src-common/wire/wire.ts). Each sends
// a heartbeat every interval (one at a time, as the kiosk's Heartbeat does) and queues events at
// a set rate that it pushes like the sync engine: everything pending in one batch, one push at a
// time, resent unchanged (same idempotency keys) until the platform answers for each event. A
// failed request moves the kiosk to the next instance (what a load balancer does when one dies).
import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import { monotonicFactory } from 'ulid';
import { canonicalRequest, SIGNATURE_HEADERS, type PushItemResult, type WireEvent } from '../../../src-common/wire/wire';

/** How one simulated kiosk behaves. */
export interface FleetRates {
  readonly heartbeatMs: number;
  readonly batchMs: number;
  readonly eventsPerBatch: number;
}

/** Most events one push carries (the kiosk's `sync.batchSize` default). */
const MAX_PUSH = 100;

/** A request not answered in this time is an error (and the kiosk tries another instance). */
const REQUEST_TIMEOUT_MS = 10_000;

/** After a failed push the kiosk waits this long, plus jitter, before resending. */
const RETRY_BASE_MS = 200;

export interface SimulatedKiosk {
  readonly kioskId: string;
  readonly kioskCode: string;
  readonly publicKey: string;
  readonly privateKey: KeyObject;
}

/** Makes `count` kiosk identities (Ed25519 key pairs; SPKI DER base64 as the platform stores them). */
export function makeKioskKeys(count: number): Array<Omit<SimulatedKiosk, 'kioskId'>> {
  return Array.from({ length: count }, (_, i) => {
    const pair = crypto.generateKeyPairSync('ed25519');
    return { kioskCode: `LT${String(i).padStart(6, '0')}`, publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey: pair.privateKey };
  });
}

/** Latencies in a growable typed array (hundreds of thousands of samples, no boxing). */
export class LatencySamples {
  private data = new Float64Array(1 << 16);
  private length = 0;

  add(ms: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = ms;
  }

  get count(): number {
    return this.length;
  }

  /** The p-th percentile (0–100), nearest rank; 0 with no samples. */
  percentile(p: number): number {
    if (this.length === 0) return 0;
    const sorted = this.data.slice(0, this.length).sort();
    return sorted[Math.min(this.length - 1, Math.max(0, Math.ceil((p / 100) * this.length) - 1))]!;
  }
}

/** What the fleet counted. */
export interface FleetCounters {
  requests: number;
  errors: number;
  heartbeats: number;
  pushes: number;
  /** Events the platform answered `accepted` for more than once (each one a duplicate). */
  acceptedTwice: number;
  /** Events the platform refused as invalid (never expected here: each is a lost event). */
  rejected: number;
  /** Heartbeats not sent because the previous one was still unanswered. */
  heartbeatsSkipped: number;
  /** Failed requests by HTTP status (0: no answer: refused, reset or timed out). */
  errorsByStatus: Record<string, number>;
}

interface KioskState {
  readonly kiosk: SimulatedKiosk;
  instance: number;
  streamSeq: number;
  /** Queued and not yet answered for. */
  readonly pending: WireEvent[];
  pushing: boolean;
  beating: boolean;
  retryTimer: NodeJS.Timeout | undefined;
}

export interface FleetOptions {
  readonly kiosks: readonly SimulatedKiosk[];
  readonly instanceUrls: readonly string[];
  readonly rates: FleetRates;
  /** Instances known dead (a kiosk never picks them again). */
  readonly isDead?: (instance: number) => boolean;
}

function heartbeatBody(sentAt: string, pending: number): string {
  return JSON.stringify({
    sentAt,
    devices: [
      { deviceId: 'idcard-1', deviceClass: 'idCardReader', state: 'online', detail: { kind: 'cardReader', cardPresent: false, samOk: true } },
      { deviceId: 'receipt-1', deviceClass: 'receiptPrinter', state: 'online', detail: { kind: 'printer', paper: 'ok', coverOpen: false, cutterError: false } },
      { deviceId: 'a4-1', deviceClass: 'a4Printer', state: 'online', detail: { kind: 'printer', paper: 'ok', coverOpen: false, cutterError: false } },
      { deviceId: 'cash-1', deviceClass: 'billAcceptor', state: 'online', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: false } },
      { deviceId: 'scanner-1', deviceClass: 'scanner', state: 'online', detail: { kind: 'none' } },
    ],
    queue: { pending, deadLetter: 0, oldestPendingAgeSeconds: pending > 0 ? 1 : null },
    versions: { app: 'loadtest', config: 'loadtest' },
    diskFreeBytes: 20 * 1024 ** 3,
    commandResults: [],
  });
}

export class SimulatedFleet {
  readonly counters: FleetCounters = { requests: 0, errors: 0, heartbeats: 0, pushes: 0, acceptedTwice: 0, rejected: 0, heartbeatsSkipped: 0, errorsByStatus: {} };
  readonly latencies = new LatencySamples();
  /** Every event queued, by kiosk id: what the platform must hold exactly once at the end. */
  readonly generated = new Map<string, string[]>();
  private readonly accepted = new Set<string>();
  private readonly states: KioskState[];
  private readonly timers: NodeJS.Timeout[] = [];
  /**
   * Real kiosks each have their own connection; one process simulating thousands shares a pool.
   * A large one, so requests do not queue here (a wait the platform did not cause) while staying
   * well under the file-descriptor limit.
   */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  private readonly newKey = monotonicFactory();
  private generating = false;
  private closed = false;

  constructor(private readonly options: FleetOptions) {
    this.states = options.kiosks.map((kiosk, i) => ({ kiosk, instance: i % options.instanceUrls.length, streamSeq: 0, pending: [], pushing: false, beating: false, retryTimer: undefined }));
    for (const s of this.states) this.generated.set(s.kiosk.kioskId, []);
  }

  /** Starts every kiosk at a random phase of its intervals, so the load is even from the start. */
  start(): void {
    this.generating = true;
    const { heartbeatMs, batchMs } = this.options.rates;
    for (const state of this.states) {
      this.timers.push(
        setTimeout(() => {
          void this.beat(state);
          this.timers.push(setInterval(() => void this.beat(state), heartbeatMs));
        }, Math.random() * heartbeatMs),
      );
      this.timers.push(
        setTimeout(() => {
          this.queueBatch(state);
          this.timers.push(setInterval(() => this.queueBatch(state), batchMs));
        }, Math.random() * batchMs),
      );
    }
  }

  /** Stops heartbeats and new events; pushes of what is queued go on (see `drain`). */
  stopGenerating(): void {
    this.generating = false;
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
  }

  /** Events still waiting for an answer, across the fleet. */
  get unanswered(): number {
    return this.states.reduce((n, s) => n + s.pending.length, 0);
  }

  /** The events still queued (kiosk id → idempotency keys): a real kiosk keeps them in its outbox and pushes them later. */
  stillQueued(): Map<string, Set<string>> {
    return new Map(this.states.filter((s) => s.pending.length > 0).map((s) => [s.kiosk.kioskId, new Set(s.pending.map((e) => e.idempotencyKey))]));
  }

  /** Resolves when every queued event was answered for, or `timeoutMs` passed. */
  async drain(timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.unanswered > 0 && Date.now() < end) {
      for (const s of this.states) if (s.pending.length > 0 && !s.pushing && !s.retryTimer) void this.push(s);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops everything: no heartbeat, event or resend after this; open connections are cut. */
  close(): void {
    this.stopGenerating();
    this.closed = true;
    for (const s of this.states) {
      if (s.retryTimer) clearTimeout(s.retryTimer);
      s.retryTimer = undefined;
    }
    this.agent.destroy();
  }

  private queueBatch(state: KioskState): void {
    if (!this.generating) return;
    const keys = this.generated.get(state.kiosk.kioskId)!;
    for (let i = 0; i < this.options.rates.eventsPerBatch; i++) {
      const idempotencyKey = this.newKey();
      keys.push(idempotencyKey);
      state.streamSeq++;
      state.pending.push({
        idempotencyKey,
        streamKey: 'loadtest',
        streamSeq: state.streamSeq,
        kind: 'dev.synthetic',
        occurredAt: new Date().toISOString(),
        payload: { n: state.streamSeq, note: 'platform load test' },
      });
    }
    if (!state.pushing && !state.retryTimer) void this.push(state);
  }

  private async beat(state: KioskState): Promise<void> {
    if (!this.generating) return;
    if (state.beating) {
      this.counters.heartbeatsSkipped++;
      return;
    }
    state.beating = true;
    const answer = await this.send(state, '/v1/heartbeat', heartbeatBody(new Date().toISOString(), state.pending.length));
    if (answer.ok) this.counters.heartbeats++;
    state.beating = false;
  }

  private async push(state: KioskState): Promise<void> {
    state.pushing = true;
    const batch = state.pending.slice(0, MAX_PUSH);
    const answer = await this.send(state, '/v1/events', JSON.stringify({ events: batch }));
    state.pushing = false;
    let again = false;
    if (answer.ok) {
      this.counters.pushes++;
      const results = (JSON.parse(answer.body) as { results: PushItemResult[] }).results;
      const answered = new Set<string>();
      for (const r of results) {
        if (r.status === 'rejected') {
          if (r.retryable) continue;
          this.counters.rejected++;
        } else if (r.status === 'accepted') {
          const key = `${state.kiosk.kioskId}|${r.idempotencyKey}`;
          if (this.accepted.has(key)) this.counters.acceptedTwice++;
          this.accepted.add(key);
        }
        answered.add(r.idempotencyKey);
      }
      const left = state.pending.filter((e) => !answered.has(e.idempotencyKey));
      state.pending.splice(0, state.pending.length, ...left);
      again = left.length > 0 && answered.size > 0;
    }
    if (this.closed) return;
    if (again) {
      void this.push(state);
    } else if (state.pending.length > 0) {
      // Failed, or nothing moved: try again shortly (on another instance after a failure).
      state.retryTimer = setTimeout(() => {
        state.retryTimer = undefined;
        void this.push(state);
      }, RETRY_BASE_MS + Math.random() * RETRY_BASE_MS * 2);
    }
  }

  /** Signs and sends one request; a failure moves the kiosk to the next live instance. */
  private async send(state: KioskState, path: string, body: string): Promise<{ ok: true; body: string } | { ok: false }> {
    const url = this.options.instanceUrls[state.instance]!;
    const timestamp = new Date().toISOString();
    const nonce = crypto.randomBytes(16).toString('base64url');
    const bodySha256Hex = crypto.createHash('sha256').update(body).digest('hex');
    const signature = crypto.sign(null, Buffer.from(canonicalRequest({ method: 'POST', path, bodySha256Hex, timestamp, nonce })), state.kiosk.privateKey).toString('base64');
    const started = performance.now();
    this.counters.requests++;
    const answer = await postJson(this.agent, url, path, body, {
      [SIGNATURE_HEADERS.kioskId]: state.kiosk.kioskId,
      [SIGNATURE_HEADERS.timestamp]: timestamp,
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: signature,
      [SIGNATURE_HEADERS.contentSha256]: bodySha256Hex,
    });
    if (answer.status === 200) {
      this.latencies.add(performance.now() - started);
      return { ok: true, body: answer.body };
    }
    this.counters.errors++;
    this.counters.errorsByStatus[answer.status] = (this.counters.errorsByStatus[answer.status] ?? 0) + 1;
    this.failOver(state);
    return { ok: false };
  }

  private failOver(state: KioskState): void {
    const count = this.options.instanceUrls.length;
    for (let step = 1; step <= count; step++) {
      const next = (state.instance + step) % count;
      if (!this.options.isDead?.(next)) {
        state.instance = next;
        return;
      }
    }
  }
}

/** POSTs a JSON body; status 0 for a network error or a timeout. */
function postJson(agent: http.Agent, base: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const request = http.request(new URL(path, base), { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', () => resolve({ status: 0, body: '' }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve({ status: 0, body: '' }));
    request.end(body);
  });
}
