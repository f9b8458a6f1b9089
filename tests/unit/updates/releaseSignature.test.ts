// Detached release signatures checked with the fleet keyring: real Ed25519 keys, tampered bytes,
// another file's signature, unknown and revoked keys.
import { describe, expect, it } from 'vitest';
import { generateAdminKey } from '../../../src-main/core/fleet/fleetKeys';
import { pinKeys, revokeLocally } from '../../../src-main/core/fleet/keyring';
import { manifestFileName, parseReleaseManifest } from '../../../src-main/core/updates/releaseManifest';
import { signReleaseFile, verifyReleaseFile } from '../../../src-main/core/updates/releaseSignature';
import { sameRelease } from '../../../src-main/shell/releaseMatch';
import { manifestText, sha512Of } from './support/releaseFixtures';

const at = '2026-12-05T02:00:00.000Z';
const officer = generateAdminKey().key;
const stranger = generateAdminKey().key;
const keyring = pinKeys([], [{ publicKey: officer.publicKey, source: 'profile' }], at).keyring;
const manifest = Buffer.from(manifestText('1.2.0'), 'utf8');

describe('release signatures', () => {
  it('accepts a manifest signed by a key of the keyring', () => {
    const sig = JSON.stringify(signReleaseFile('latest-linux.yml', manifest, officer));
    expect(verifyReleaseFile('latest-linux.yml', manifest, sig, keyring)).toEqual({ ok: true, value: { keyId: officer.keyId } });
  });

  it('refuses tampered bytes, another file, a missing or garbled signature', () => {
    const sig = JSON.stringify(signReleaseFile('latest-linux.yml', manifest, officer));
    const tampered = Buffer.from(manifestText('1.2.0').replace('Budayang-1.2.0', 'Evil-1.2.0'), 'utf8');
    expect(verifyReleaseFile('latest-linux.yml', tampered, sig, keyring)).toMatchObject({ ok: false, error: { code: 'digestMismatch' } });
    expect(verifyReleaseFile('latest.yml', manifest, sig, keyring)).toMatchObject({ ok: false, error: { code: 'wrongFile' } });
    expect(verifyReleaseFile('latest-linux.yml', manifest, undefined, keyring)).toMatchObject({ ok: false, error: { code: 'malformedSignature' } });
    expect(verifyReleaseFile('latest-linux.yml', manifest, '{"nope":1}', keyring)).toMatchObject({ ok: false, error: { code: 'malformedSignature' } });
    // A digest that matches but a signature over other bytes: the signature itself fails.
    const forged = { ...JSON.parse(sig), signature: JSON.parse(JSON.stringify(signReleaseFile('latest-linux.yml', tampered, officer))).signature };
    expect(verifyReleaseFile('latest-linux.yml', manifest, JSON.stringify(forged), keyring)).toMatchObject({ ok: false, error: { code: 'badSignature' } });
  });

  it('refuses a key the kiosk does not pin, and a revoked one', () => {
    expect(verifyReleaseFile('latest-linux.yml', manifest, JSON.stringify(signReleaseFile('latest-linux.yml', manifest, stranger)), keyring)).toMatchObject({ ok: false, error: { code: 'unknownKey' } });
    const second = pinKeys(keyring, [{ publicKey: stranger.publicKey, source: 'profile' }], at).keyring;
    const revoked = revokeLocally(second, [officer.keyId], at);
    expect(revoked.ok).toBe(true);
    const sig = JSON.stringify(signReleaseFile('latest-linux.yml', manifest, officer));
    expect(verifyReleaseFile('latest-linux.yml', manifest, sig, revoked.ok ? revoked.value : [])).toMatchObject({ ok: false, error: { code: 'revokedKey' } });
  });
});

describe('update manifests', () => {
  it('reads electron-builder’s manifest and names it per platform', () => {
    const parsed = parseReleaseManifest(manifestText('1.2.0'));
    expect(parsed).toMatchObject({ ok: true, value: { version: '1.2.0', files: [{ url: 'Budayang-1.2.0.AppImage', sha512: sha512Of('1.2.0') }] } });
    expect(parseReleaseManifest('version: [1')).toMatchObject({ ok: false });
    expect(parseReleaseManifest('version: banana\nfiles: []\n')).toMatchObject({ ok: false });
    expect(manifestFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(manifestFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(manifestFileName('win32', 'x64')).toBe('latest.yml');
  });

  it('installs only what electron-updater fetched if it is the signed release', () => {
    const signed = { version: '1.2.0', files: [{ url: 'Budayang-1.2.0.AppImage', sha512: sha512Of('1.2.0') }] };
    expect(sameRelease(signed, signed)).toEqual({ ok: true, value: true });
    expect(sameRelease(signed, { ...signed, version: '1.2.1' })).toMatchObject({ ok: false });
    expect(sameRelease(signed, { version: '1.2.0', files: [{ url: 'Budayang-1.2.0.AppImage', sha512: sha512Of('evil') }] })).toMatchObject({ ok: false });
    expect(sameRelease(signed, { version: '1.2.0', files: [...signed.files, { url: 'x', sha512: sha512Of('x') }] })).toMatchObject({ ok: false });
  });
});
