// Rig of the platform fault tests: a reference platform on this run's store (embedded, or the
// run's PostgreSQL server), one provisioned kiosk, signed pushes of hand-made items, and raw HTTP
// requests that declare a body they never finish sending.
import http from 'node:http';
import { ulid } from 'ulid';
import { afterEach } from 'vitest';
import type { PlatformServer, PlatformServerOptions } from '../../../../platform/server/createPlatformServer';
import type { PushItemResult } from '../../../../src-common/wire/wire';
import { startTestPlatform } from '../../../support/platformDatabase';
import { openKiosk, provision, sendRaw, signRequest, tempDir, type KioskUnderTest } from '../../../integration/sync/support/syncHarness';

export interface PlatformRig {
  readonly platform: PlatformServer;
  readonly kiosk: KioskUnderTest;
  readonly kioskId: string;
  /** Signs and sends `{ events }` as given (items may be anything). */
  push(events: readonly unknown[]): Promise<{ status: number; results: PushItemResult[]; json: Record<string, unknown> }>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

export async function startRig(options: Partial<PlatformServerOptions> = {}): Promise<PlatformRig> {
  const platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: 'test-admin-token', ...options });
  open.push(() => platform.close());
  const kiosk = openKiosk(tempDir('kiosk'));
  open.push(() => kiosk.close());
  const kioskId = await provision(kiosk, platform);
  return {
    platform,
    kiosk,
    kioskId,
    async push(events) {
      const answer = await sendRaw(signRequest(kiosk, platform.url, 'POST', '/v1/events', JSON.stringify({ events })));
      return { status: answer.status, results: (answer.json.results ?? []) as PushItemResult[], json: answer.json };
    },
    async admin(method, path, body) {
      const res = await fetch(platform.url + path, {
        method,
        headers: { authorization: `Bearer ${platform.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
  };
}

/** A well-formed `dev.synthetic` event. */
export function syntheticEvent(streamKey: string, streamSeq: number, payload: Record<string, unknown> = { n: streamSeq }): Record<string, unknown> {
  return { idempotencyKey: ulid(), streamKey, streamSeq, kind: 'dev.synthetic', occurredAt: new Date().toISOString(), payload };
}

/**
 * Sends headers declaring a `declaredBytes` body, writes only its first `sendBytes`, and waits
 * for the answer. A platform that refuses on the headers answers at once; one that reads the body
 * first never answers (the test then times out, which is the failure).
 */
export function requestWithUnfinishedBody(url: string, headers: Record<string, string>, declaredBytes: number, sendBytes = 64 * 1024): Promise<{ status: number; json: Record<string, unknown>; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, 'content-length': String(declaredBytes) } });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, sentBytes: sendBytes });
      });
    });
    // The platform closing the socket after answering is expected; anything before an answer is not.
    request.on('error', (e) => reject(e));
    request.write(Buffer.alloc(sendBytes, 0x20));
  });
}
