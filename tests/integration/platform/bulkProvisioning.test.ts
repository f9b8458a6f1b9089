// Load-test provisioning (issue #12 item 6): many kiosk keys registered in one admin request, only
// on a platform started to allow it; the registered keys then sign requests like any kiosk.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { canonicalRequest, SIGNATURE_HEADERS } from '../../../src-common/wire/wire';
import { startTestPlatform } from '../../support/platformDatabase';
import { tempDir } from '../sync/support/syncHarness';

const open: PlatformServer[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

function keyPair(): { publicKey: string; privateKey: crypto.KeyObject } {
  const pair = crypto.generateKeyPairSync('ed25519');
  return { publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey: pair.privateKey };
}

async function bulk(platform: PlatformServer, kiosks: unknown[]): Promise<{ status: number; json: { kioskIds?: string[]; error?: string } }> {
  const res = await fetch(`${platform.url}/admin/loadtest/kiosks`, { method: 'POST', headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ kiosks }) });
  return { status: res.status, json: (await res.json()) as { kioskIds?: string[]; error?: string } };
}

describe('bulk provisioning for load tests', () => {
  it('is refused on a platform not started for load tests', async () => {
    const platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: 'tok' });
    open.push(platform);
    expect(await bulk(platform, [{ kioskCode: 'LT000001', publicKey: keyPair().publicKey }])).toMatchObject({ status: 403, json: { error: 'disabled' } });
    expect((await platform.store.kiosks.list()).length).toBe(0);
  });

  it('registers a thousand keys in one request, keeps the id of a key registered before, and the keys sign like kiosks', async () => {
    const platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: 'tok', allowBulkProvisioning: true });
    open.push(platform);
    const pairs = Array.from({ length: 1000 }, keyPair);
    const first = await bulk(platform, pairs.map((p, i) => ({ kioskCode: `LT${String(i).padStart(6, '0')}`, publicKey: p.publicKey })));
    expect(first.status).toBe(200);
    expect(new Set(first.json.kioskIds).size).toBe(1000);
    const again = await bulk(platform, [{ kioskCode: 'LT000000', publicKey: pairs[0]!.publicKey }]);
    expect(again.json.kioskIds).toEqual([first.json.kioskIds![0]]);
    expect((await bulk(platform, Array.from({ length: 1001 }, () => ({ kioskCode: 'LT1', publicKey: pairs[0]!.publicKey })))).status).toBe(400);

    const body = JSON.stringify({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] });
    const timestamp = new Date().toISOString();
    const nonce = crypto.randomBytes(16).toString('base64url');
    const bodySha256Hex = crypto.createHash('sha256').update(body).digest('hex');
    const signature = crypto.sign(null, Buffer.from(canonicalRequest({ method: 'POST', path: '/v1/heartbeat', bodySha256Hex, timestamp, nonce })), pairs[999]!.privateKey).toString('base64');
    const res = await fetch(`${platform.url}/v1/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADERS.kioskId]: first.json.kioskIds![999]!, [SIGNATURE_HEADERS.timestamp]: timestamp, [SIGNATURE_HEADERS.nonce]: nonce, [SIGNATURE_HEADERS.signature]: signature, [SIGNATURE_HEADERS.contentSha256]: bodySha256Hex },
      body,
    });
    expect(res.status).toBe(200);
  });
});
