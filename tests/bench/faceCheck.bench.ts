// 人证核验 benchmark: one FaceCheck verification end to end against the local reference platform
// (the photo base64-encoded, signed, sent, decoded and compared, the buffers wiped) measured
// against its floor in the same run: a signed round trip of the same holder without a photo
// (`/v1/certificates/ready`), alternating so both see the same load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import { ReadyCertificatesResponse } from '../../src-common/wire/proofsWire';
import { createPlatformServer } from '../../platform/server/createPlatformServer';
import { REFERENCE_FACES } from '../../platform/server/identity/referenceAuthority';
import { FaceCheckService, platformIdentityVerifier } from '../../src-main/core/faceCheck/FaceCheckService';
import { NoVendorLivenessCheck } from '../../src-main/core/faceCheck/LivenessCheck';
import type { ActiveSession } from '../../src-main/core/session/SessionService';
import { SESSION_ID_CARD_KEY } from '../../src-main/core/session/sessionIdCard';
import { PlatformClient, provisionKiosk } from '../../src-main/core/sync/PlatformClient';
import { openSyncStack } from '../../src-main/core/sync/openSyncStack';
import { faceJpeg } from '../support/faceImages';
import type { BenchFigure } from './types';

const ROUNDS = 40;
const CARD = {
  cardType: 'resident', name: '王建国', sex: '男', birthDate: '1980-01-01', address: '湖北省黄石市下陆区示例大道100号', idNumber: '420204198001010018',
  issuer: '黄石市公安局下陆分局', validFrom: '2015-06-01', validTo: '2035-06-01', checkDigitValid: true, idNumberCheck: 'gb11643', nation: '汉', hasPhoto: true,
} as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function freshSession(): ActiveSession {
  const data = new Map<string, unknown>([[SESSION_ID_CARD_KEY, { card: CARD }]]);
  return { info: { sessionId: 'bench', startedAt: new Date().toISOString(), language: 'zh-CN', elderlyMode: false }, connectionId: 'bench', lastTouch: 0, abort: new AbortController(), data, holds: 0 };
}

export async function run(): Promise<BenchFigure[]> {
  const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `budayang-bench-${prefix}-`));
  const platform = await createPlatformServer({ dataDir: temp('face-platform'), port: 0, adminToken: 'bench' });
  const stack = unwrap(openSyncStack({ dataDir: temp('face-kiosk'), log: silentLogger }));
  try {
    unwrap(await provisionKiosk(stack.identity, platform.url, { code: await platform.createProvisioningCode(), kioskCode: 'BENCHF', appVersion: 'bench' }));
    const client = new PlatformClient({ identity: stack.identity });
    const service = new FaceCheckService({ verifier: platformIdentityVerifier(client), liveness: new NoVendorLivenessCheck(), log: silentLogger });
    const photo = faceJpeg(REFERENCE_FACES.demoResident, 640, 480);
    const frame = faceJpeg(REFERENCE_FACES.demoResident, 160, 120);
    const trips: number[] = [];
    const checks: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      unwrap(await client.signed('POST', '/v1/certificates/ready', { holder: { name: CARD.name, idNumber: CARD.idNumber } }, ReadyCertificatesResponse));
      trips.push(performance.now() - t);
      const input = { photo: Buffer.from(photo), frames: [Buffer.from(frame), Buffer.from(frame), Buffer.from(frame), Buffer.from(frame)] };
      t = performance.now();
      const result = await service.verify(freshSession(), input);
      checks.push(performance.now() - t);
      if (!result.ok) throw new Error(`bench face check ${i} failed: ${result.error.errorCode}`);
    }
    const check = median(checks);
    const trip = median(trips);
    return [
      {
        name: 'face check, 640×480 photo, loopback platform (median)',
        value: Math.round(check * 10) / 10,
        unit: 'ms',
        target: 'a signed round trip without a photo, same run',
        ratio: check / trip,
        note: `floor ${trip.toFixed(1)} ms; ${photo.length} B JPEG decoded and compared; ${ROUNDS} rounds`,
      },
    ];
  } finally {
    stack.close();
    await platform.close();
  }
}
