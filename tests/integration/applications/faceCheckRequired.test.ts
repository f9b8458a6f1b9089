// The core refuses what needs 人证核验 until the card holder passed it (#16 item 16): an application
// for someone else (丧葬补助金, appliesFor: other) and every 取证 call answer `faceCheckRequired`
// and record nothing; after FaceCheck.Verify with the holder's face (a real reference platform over
// HTTP) both go through; a stranger's face never unlocks them, and nothing of the photo is stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { REFERENCE_FACES } from '../../../platform/server/identity/referenceAuthority';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { faceCheckModule } from '../../../src-main/core/faceCheck/faceCheckModule';
import { certificatesModule } from '../../../src-main/core/proofs/certificatesModule';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';
import { faceJpeg } from '../../support/faceImages';
import { TINY_PNG, newKey, provisionDataDir, removeTempDirs, sessionWithCard, startCore, startPlatform, tempDir, type CoreUnderTest } from './applicationsHarness';

let platform: PlatformServer | undefined;
let kiosk: CoreUnderTest | undefined;

beforeEach(async () => {
  platform = await startPlatform(tempDir('platform'));
  const dataDir = tempDir('kiosk');
  await provisionDataDir(dataDir, platform);
  kiosk = await startCore(dataDir, { extraModules: [faceCheckModule, certificatesModule] });
});

afterEach(async () => {
  await kiosk?.stop();
  await platform?.close();
  kiosk = undefined;
  platform = undefined;
  removeTempDirs();
});

/** 丧葬补助金和抚恤金申领 for a deceased relative: complete, so only the face check can stop it. */
function funeralAllowance() {
  return {
    kind: 'item' as const,
    id: 'funeral-allowance',
    answers: { applicantPhone: '13800138000', deceasedName: '王老汉', deceasedIdNumber: '42020419400101001X', deathDate: '2026-11-01', relationship: 'parent', bankAccount: '6222020200112233445' },
    materials: [
      { materialId: 'kinship-proof', reuseKey: 'material.kinshipPledge', mode: 'pledge' as const, trustLevel: 'D' as const, images: [] },
      { materialId: 'bank-card', reuseKey: 'material.bankCard', mode: 'photo' as const, trustLevel: 'C' as const, images: [{ mimeType: 'image/png' as const, base64: TINY_PNG }] },
    ],
    signature: { mimeType: 'image/png' as const, base64: TINY_PNG },
    consentAt: new Date().toISOString(),
    idempotencyKey: newKey(),
  };
}

const photo = (face: keyof typeof REFERENCE_FACES) => ({ photo: { mimeType: 'image/jpeg' as const, base64: faceJpeg(REFERENCE_FACES[face]).toString('base64') } });

describe('人证核验 in the core', () => {
  it('refuses an application for someone else and 取证 until the holder’s face passed, then lets both through', async () => {
    const { client, core } = kiosk!;
    await sessionWithCard(client);
    const db = core.service(KioskDatabaseId)!;

    const refused = await client.call('Application.Submit', funeralAllowance());
    expect(refused).toMatchObject({ ok: false, error: { code: 'sequenceError', errorCode: 'faceCheckRequired' } });
    expect(await client.call('Certificate.Ready', {})).toMatchObject({ ok: false, error: { errorCode: 'faceCheckRequired' } });
    expect(await client.call('Certificate.Print', { certificateNumber: 'C-ANY', idempotencyKey: newKey() })).toMatchObject({ ok: false, error: { errorCode: 'faceCheckRequired' } });
    expect(db.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(0);

    const verified = unwrap(await client.call('FaceCheck.Verify', photo('demoResident')));
    expect(verified.score).toBe(1);
    const ready = unwrap(await client.call('Certificate.Ready', {}));
    expect(ready.certificates.length).toBeGreaterThan(0);
    const submitted = unwrap(await client.call('Application.Submit', funeralAllowance()));
    expect(submitted.caseNumber).toMatch(/^TEST01-\d{8}-\d+$/);
    expect(db.prepare('SELECT COUNT(*) FROM applications').pluck().get()).toBe(1);
  });

  it('a stranger’s face unlocks nothing; the third refusal ends the check and wipes the card; no photo reaches the database', async () => {
    const { client, core } = kiosk!;
    await sessionWithCard(client);
    const first = await client.call('FaceCheck.Verify', photo('stranger'));
    expect(first).toMatchObject({ ok: false, error: { errorCode: 'faceMismatch', params: { attemptsLeft: 2 } } });
    expect(await client.call('Certificate.Ready', {})).toMatchObject({ ok: false, error: { errorCode: 'faceCheckRequired' } });
    await client.call('FaceCheck.Verify', photo('stranger'));
    expect(await client.call('FaceCheck.Verify', photo('stranger'))).toMatchObject({ ok: false, error: { errorCode: 'attemptsExhausted' } });
    // The card left the session: nothing can go on with it, and the right face cannot be tried again.
    expect(await client.call('Certificate.Ready', {})).toMatchObject({ ok: false, error: { errorCode: 'noCardRead' } });
    expect(await client.call('FaceCheck.Verify', photo('demoResident'))).toMatchObject({ ok: false, error: { errorCode: 'noCardRead' } });

    const db = core.service(KioskDatabaseId)!;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const marker = faceJpeg(REFERENCE_FACES.stranger).toString('base64').slice(40, 104);
    for (const table of tables) {
      const rows = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
      expect(rows, table).not.toContain(marker);
    }
  });
});
