// Test harness for the sync tests: a real reference platform over HTTP, a kiosk's sync stack in a
// temp data directory, provisioning, and the exactly-once/in-order check on what the platform holds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { afterAll, expect } from 'vitest';
import { silentLogger } from '../../../../src-common/logging';
import { canonicalRequest, SIGNATURE_HEADERS } from '../../../../src-common/wire/wire';
import { sha256Hex } from '../../../../src-main/core/identity/KioskIdentity';
import { unwrap } from '../../../../src-common/result';
import type { Clock } from '../../../../src-main/core/outbox/outboxTypes';
import { PlatformClient, provisionKiosk } from '../../../../src-main/core/sync/PlatformClient';
import { openSyncStack, type SyncStack } from '../../../../src-main/core/sync/openSyncStack';
import { SyncEngine, type Timers } from '../../../../src-main/core/sync/SyncEngine';
import type { PlatformServer } from '../../../../platform/server/createPlatformServer';
import type { StoredEvent } from '../../../../platform/server/platformStore';
import { startTestPlatform } from '../../../support/platformDatabase';
import { until as waitUntil } from '../../../support/until';

export { platformEvents } from '../../../support/platformDatabase';

const createdDirs: string[] = [];

/** A fresh directory under the OS temp dir, removed after the test file's own afterAll hooks. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-sync-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

// Registered when a test file imports the harness, so it runs after that file's own afterAll hooks.
afterAll(() => {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The reference platform on this run's store (embedded PGlite, or the run's PostgreSQL server). */
export function startPlatform(dataDir: string, port = 0): Promise<PlatformServer> {
  return startTestPlatform({ dataDir, port, adminToken: 'test-admin-token' });
}

export interface KioskUnderTest {
  readonly stack: SyncStack;
  readonly client: PlatformClient;
  readonly engine: SyncEngine;
  close(): Promise<void>;
}

export function openKiosk(dataDir: string, options: { clock?: Clock; timers?: Timers; batchSize?: number; random?: () => number; onOnlineChange?: (online: boolean) => void } = {}): KioskUnderTest {
  const stack = unwrap(openSyncStack({ dataDir, log: silentLogger, ...(options.clock ? { clock: options.clock } : {}), ...(options.random ? { random: options.random } : {}) }));
  const client = new PlatformClient({ identity: stack.identity });
  const engine = new SyncEngine({
    outbox: stack.outbox,
    client,
    log: silentLogger,
    batchSize: options.batchSize ?? 100,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.onOnlineChange ? { onOnlineChange: options.onOnlineChange } : {}),
  });
  return {
    stack,
    client,
    engine,
    close: async () => {
      await engine.stop();
      stack.close();
    },
  };
}

export async function provision(kiosk: KioskUnderTest, platform: PlatformServer, kioskCode = 'TEST01'): Promise<string> {
  const answer = unwrap(await provisionKiosk(kiosk.stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode, appVersion: 'test' }));
  return answer.kioskId;
}

/** Queues `count` records round-robin over `streams` streams; returns the keys per stream in order. */
export function enqueueSynthetic(kiosk: KioskUnderTest, count: number, streams: number): Map<string, string[]> {
  const byStream = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const streamKey = `case:S${i % streams}`;
    const job = unwrap(kiosk.stack.outbox.enqueue({ streamKey, kind: 'dev.synthetic', payload: { index: i } }));
    byStream.set(streamKey, [...(byStream.get(streamKey) ?? []), job.idempotencyKey]);
  }
  return byStream;
}

/**
 * Writes a job the way an older kiosk version could have left it in the queue: a kind this
 * version's registry (and the platform) no longer takes. Today's `enqueue` refuses such a record,
 * so only this path can still put one on the wire, where the platform must reject it alone.
 */
export function queueFromOlderVersion(kiosk: KioskUnderTest, streamKey: string, kind: string): { idempotencyKey: string } {
  const db = kiosk.stack.db;
  const idempotencyKey = ulid();
  const now = new Date().toISOString();
  const seq = (db.prepare('SELECT COALESCE(MAX(stream_seq), 0) + 1 FROM outbox_jobs WHERE stream_key = ?').pluck().get(streamKey) as number) ?? 1;
  db.prepare(
    `INSERT INTO outbox_jobs (idempotency_key, stream_key, stream_seq, kind, occurred_at, payload_json, pii_cipher, state, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, '{}', NULL, 'pending', 0, ?, ?)`,
  ).run(idempotencyKey, streamKey, seq, kind, now, now, now);
  return { idempotencyKey };
}

/** Every expected key exactly once, and within each stream in enqueue order (seq 1, 2, 3…). */
export function expectExactlyOnceInOrder(events: readonly StoredEvent[], expected: ReadonlyMap<string, readonly string[]>): void {
  const keys = events.map((e) => e.idempotencyKey);
  expect(new Set(keys).size).toBe(keys.length);
  const total = [...expected.values()].reduce((n, k) => n + k.length, 0);
  expect(events.length).toBe(total);
  for (const [stream, streamKeys] of expected) {
    const arrived = events.filter((e) => e.streamKey === stream).sort((a, b) => a.seq - b.seq);
    expect(arrived.map((e) => e.idempotencyKey)).toEqual(streamKeys);
    expect(arrived.map((e) => e.streamSeq)).toEqual(streamKeys.map((_, i) => i + 1));
  }
}

/**
 * Waits until `check` holds (polled every 20 ms), failing with `what` after `ms`. The way to
 * synchronise with the engine and the platform: never a fixed sleep.
 */
export const until = (check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> => waitUntil(check, what, ms, 20);

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-11-26T08:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Timers that never fire by themselves: tests drive the engine with drain(). */
export const manualTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };

/** A signed request built by hand, so tests can tamper with any part of it. */
export interface RawSigned {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function signRequest(
  kiosk: KioskUnderTest,
  platformUrl: string,
  method: string,
  requestPath: string,
  body: string,
  options: { kioskId?: string; timestamp?: string; nonce?: string } = {},
): RawSigned {
  const timestamp = options.timestamp ?? new Date().toISOString();
  const nonce = options.nonce ?? crypto.randomBytes(16).toString('base64url');
  const text = canonicalRequest({ method, path: requestPath, bodySha256Hex: sha256Hex(body), timestamp, nonce });
  return {
    url: platformUrl + requestPath,
    method,
    body,
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADERS.kioskId]: options.kioskId ?? kiosk.stack.identity.registration()!.kioskId,
      [SIGNATURE_HEADERS.timestamp]: timestamp,
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: kiosk.stack.identity.sign(text),
      [SIGNATURE_HEADERS.contentSha256]: sha256Hex(body),
    },
  };
}

export async function sendRaw(req: RawSigned, override: Partial<RawSigned> = {}): Promise<{ status: number; json: { error?: string; serverTime?: string } & Record<string, unknown> }> {
  const r = { ...req, ...override };
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
  return { status: res.status, json: (await res.json()) as { error?: string } & Record<string, unknown> };
}
