// Rig of the cases and monitoring tests: a reference platform on this run's store whose clock the
// test moves, one provisioned kiosk whose requests are signed at the platform's time, and
// builders for the events a kiosk sends (applications, prints, payments, alerts).
import crypto from 'node:crypto';
import { ulid } from 'ulid';
import { afterEach } from 'vitest';
import type { PlatformServer, PlatformServerOptions } from '../../../../platform/server/createPlatformServer';
import { CASH_JOURNAL_ENTRY_KIND, CASH_JOURNAL_STREAM, GENESIS_HASH, journalHashInput, type CashJournalEntryPayload } from '../../../../src-common/wire/cashJournalWire';
import type { HeartbeatRequest, PushItemResult } from '../../../../src-common/wire/wire';
import { startTestPlatform } from '../../../support/platformDatabase';
import { ManualClock, openKiosk, provision, signRequest, tempDir, type KioskUnderTest } from '../../sync/support/syncHarness';

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly json: T;
}

export interface OpsRig {
  /** The platform now running (a new one after `restartPlatform`). */
  readonly platform: PlatformServer;
  /** Stops the platform and starts another on the same data (a deploy, a crash and restart). */
  restartPlatform(): Promise<PlatformServer>;
  readonly kiosk: KioskUnderTest;
  readonly kioskId: string;
  /** The platform's clock; kiosk requests are signed at its time. */
  readonly clock: ManualClock;
  /** A signed kiosk request (JSON body or none). */
  signed<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** Pushes hand-made events; answers the per-item results. */
  push(events: readonly Record<string, unknown>[]): Promise<PushItemResult[]>;
  /** Sends a heartbeat made of `beat` over a healthy default. */
  heartbeat(beat?: Partial<HeartbeatRequest>): Promise<Answer>;
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

export async function startOpsRig(options: Partial<PlatformServerOptions> = {}): Promise<OpsRig> {
  const clock = new ManualClock(Date.now());
  const platformOptions: PlatformServerOptions = { dataDir: tempDir('platform'), adminToken: 'ops-admin-token', now: () => clock.now(), ...options };
  let platform = await startTestPlatform(platformOptions);
  open.push(() => platform.close());
  const kiosk = openKiosk(tempDir('kiosk'));
  open.push(() => kiosk.close());
  const kioskId = await provision(kiosk, platform, 'OPS01');
  const signed = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const request = signRequest(kiosk, platform.url, method, path, body === undefined ? '' : JSON.stringify(body), { timestamp: new Date(clock.now()).toISOString() });
    const res = await fetch(request.url, { method, headers: body === undefined ? omitContentType(request.headers) : request.headers, ...(body === undefined ? {} : { body: request.body }) });
    return { status: res.status, json: (await res.json()) as T };
  };
  return {
    get platform() {
      return platform;
    },
    async restartPlatform() {
      await platform.close();
      platform = await startTestPlatform(platformOptions);
      return platform;
    },
    kiosk,
    kioskId,
    clock,
    signed,
    async push(events) {
      const answer = await signed<{ results: PushItemResult[] }>('POST', '/v1/events', { events });
      if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.json)}`);
      return answer.json.results;
    },
    heartbeat: (beat = {}) =>
      signed('POST', '/v1/heartbeat', {
        sentAt: new Date(clock.now()).toISOString(),
        devices: [],
        queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
        versions: { app: 'test', config: 'test' },
        diskFreeBytes: 20 * 1024 ** 3,
        commandResults: [],
        ...beat,
      }),
    async admin<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
      const res = await fetch(platform.url + path, {
        method,
        headers: { authorization: `Bearer ${platform.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as T };
    },
  };
}

function omitContentType(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _ignored, ...rest } = headers;
  return rest;
}

/** An event on a stream of its own (seq 1). */
export function event(kind: string, payload: Record<string, unknown>, pii?: Record<string, unknown>, streamKey = `test:${ulid()}`, streamSeq = 1): Record<string, unknown> {
  return { idempotencyKey: ulid(), streamKey, streamSeq, kind, occurredAt: new Date().toISOString(), payload, ...(pii ? { pii } : {}) };
}

/** A 1×1 PNG, as a photographed material or signature. */
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export interface Applicant {
  readonly name: string;
  readonly idNumber: string;
}

/** `application.submitted` as ApplicationService sends it: stream = case number, the applicant in PII. */
export function applicationSubmitted(caseNumber: string, applicant: Applicant, options: { feeFen?: number; service?: { zh: string; en: string } } = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  const service = options.service ?? { zh: '居住证办理', en: 'Residence permit' };
  const feeFen = options.feeFen ?? 0;
  return event(
    'application.submitted',
    {
      caseNumber,
      kioskCode: 'OPS01',
      kind: 'item',
      id: 'residence-permit',
      name: service,
      catalogVersion: 'test',
      feeFen,
      submittedAt: now,
      consentAt: now,
      identity: { source: 'idCard', cardType: 'resident', checkDigitValid: true },
      items: [{ itemId: 'residence-permit', name: service, feeFen, fields: [] }],
      fields: [],
      materials: [],
    },
    {
      applicant: { cardType: 'resident', name: applicant.name, idNumber: applicant.idNumber },
      answers: {},
      materialImages: [],
      signature: { mimeType: 'image/png', base64: PIXEL },
    },
    caseNumber,
  );
}

let caseSeq = 0;

/** A case number in the kiosk's format, unique per call in this test file. */
export function newCaseNumber(): string {
  caseSeq++;
  return `OPS01-20261126-${String(caseSeq).padStart(4, '0')}`;
}

/** A kiosk cash journal written by hand: entries chained exactly as the kiosk chains them. */
export class HandJournal {
  private prevHash = GENESIS_HASH;
  private seq = 0;

  /** The next entry's `cash.journalEntry` payload. */
  next(txnId: string, body: Record<string, unknown> & { kind: string }, at = new Date().toISOString()): CashJournalEntryPayload {
    this.seq++;
    const entry = { seq: this.seq, at, txnId, body, prevHash: this.prevHash };
    const hash = crypto.createHash('sha256').update(journalHashInput(this.prevHash, entry)).digest('hex');
    this.prevHash = hash;
    return { ...entry, hash };
  }
}

/** `cash.journalEntry` events of `entries`, on the journal's one stream from `firstStreamSeq`. */
export function journalEvents(entries: readonly CashJournalEntryPayload[], firstStreamSeq: number): Record<string, unknown>[] {
  return entries.map((entry, i) => event(CASH_JOURNAL_ENTRY_KIND, { ...entry }, undefined, CASH_JOURNAL_STREAM, firstStreamSeq + i));
}
