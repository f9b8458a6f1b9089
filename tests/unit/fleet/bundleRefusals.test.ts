// Every way a bundle is refused before it is staged, each with its own reason code, recorded in
// the fleet state and reported through the outbox once; nothing of a refused bundle reaches disk.
// Then key rotation (a new key announced by a trusted one) and revocation.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-main/core/fleet/canonicalJson';
import { bundleSigningInput } from '../../../src-common/wire/bundle';
import { unwrap } from '../../../src-common/result';
import { applierRig, bundle, newKey, reportedResults, type ApplierRig } from './support/fleetFixtures';

let rig: ApplierRig;
afterEach(() => rig?.close());

const GOOD = { ui: { idleWarningSeconds: 75 }, configId: 'site-2' };

function refusal(raw: unknown) {
  const received = rig.applier.receive(raw);
  if (received.ok) throw new Error('expected a refusal');
  return received.error;
}

describe('bundle refusals', () => {
  it('accepts a good bundle signed by the pinned key and stages it on disk', () => {
    rig = applierRig();
    expect(unwrap(rig.applier.receive(bundle('config', 1, GOOD, rig.key)))).toEqual({ kind: 'config', version: 1 });
    expect(rig.store.state.config).toMatchObject({ staged: 1, active: null, highestAccepted: 1 });
    expect(fs.existsSync(rig.store.bundlePath('config', 1))).toBe(true);
  });

  it('refuses a tampered payload: the signature no longer verifies', () => {
    rig = applierRig();
    const signed = bundle('config', 1, GOOD, rig.key);
    const tampered = { ...signed, payload: Buffer.from(unwrap(canonicalJson({ ...GOOD, ui: { idleWarningSeconds: 5 } }))).toString('base64') };
    expect(refusal(tampered)).toMatchObject({ code: 'badSignature', kind: 'config', version: 1 });
    // Kind and version are signed too: relabelling a config as a newer one fails the same way.
    expect(refusal({ ...signed, version: 9 })).toMatchObject({ code: 'badSignature' });
    expect(rig.store.state.config.staged).toBeNull();
    expect(fs.existsSync(rig.store.bundlePath('config', 1))).toBe(false);
  });

  it('refuses a bundle signed by a key this kiosk does not pin, and one claiming a pinned key id', () => {
    rig = applierRig();
    const stranger = newKey();
    expect(refusal(bundle('config', 1, GOOD, stranger))).toMatchObject({ code: 'unknownKey' });
    // A stranger's signature under the pinned key's id: the signature check catches it.
    expect(refusal({ ...bundle('config', 1, GOOD, stranger), keyId: rig.key.keyId })).toMatchObject({ code: 'badSignature' });
  });

  it('refuses a bundle signed by a revoked key, and never trusts that key again', () => {
    rig = applierRig();
    const officer = newKey();
    // Rotation: the current key announces the officer's key and revokes itself.
    unwrap(rig.applier.receive(bundle('config', 1, { fleet: { adminKeys: [{ publicKey: officer.publicKey, note: 'security officer' }], revokedKeyIds: [rig.key.keyId] } }, rig.key)));
    expect(refusal(bundle('config', 2, GOOD, rig.key))).toMatchObject({ code: 'revokedKey' });
    expect(unwrap(rig.applier.receive(bundle('config', 2, GOOD, officer)))).toEqual({ kind: 'config', version: 2 });
    // Pinning the revoked key again (a stale profile) does not revive it.
    rig.applier.pinKeys([{ publicKey: rig.key.publicKey, source: 'profile' }]);
    expect(refusal(bundle('config', 3, GOOD, rig.key))).toMatchObject({ code: 'revokedKey' });
    expect(rig.store.state.keyring.map((k) => ({ keyId: k.keyId, source: k.source, revoked: k.revokedAt !== undefined }))).toEqual([
      { keyId: rig.key.keyId, source: 'provisioning', revoked: true },
      { keyId: officer.keyId, source: 'bundle', revoked: false },
    ]);
  });

  it('refuses a downgrade and a replay; versions only go up per kind', () => {
    rig = applierRig();
    const v1 = bundle('config', 1, GOOD, rig.key);
    const v2 = bundle('config', 2, { ...GOOD, configId: 'site-3' }, rig.key);
    unwrap(rig.applier.receive(v1));
    unwrap(rig.applier.receive(v2));
    expect(refusal(v1)).toMatchObject({ code: 'downgrade', version: 1 });
    expect(refusal(v2)).toMatchObject({ code: 'replay', version: 2 });
    // The catalog has its own sequence.
    const catalog = JSON.parse(fs.readFileSync('kiosk-config/catalog/sample-catalog.json', 'utf8'));
    expect(unwrap(rig.applier.receive(bundle('catalog', 1, catalog, rig.key)))).toEqual({ kind: 'catalog', version: 1 });
  });

  it('refuses a schema-invalid payload with every problem named, and local-only settings', () => {
    rig = applierRig();
    const invalid = refusal(bundle('config', 1, { ui: { idleWarningSeconds: -3 }, devices: 'none' }, rig.key));
    expect(invalid.code).toBe('invalidPayload');
    expect(invalid.detail).toMatch(/ui\.idleWarningSeconds/);
    expect(invalid.detail).toMatch(/devices/);
    expect(refusal(bundle('config', 1, { mode: 'demo' }, rig.key))).toMatchObject({ code: 'localOnlySetting', detail: expect.stringMatching(/mode/) });
    expect(refusal(bundle('config', 1, { kiosk: { code: 'EVIL01' } }, rig.key))).toMatchObject({ code: 'localOnlySetting', detail: expect.stringMatching(/kiosk\.code/) });
    expect(refusal(bundle('catalog', 1, { version: 'x', items: 'none' }, rig.key))).toMatchObject({ code: 'invalidPayload', detail: expect.stringMatching(/invalid catalog/) });
  });

  it('refuses a malformed envelope and a payload that is not canonical JSON', () => {
    rig = applierRig();
    expect(refusal({ kind: 'config', version: 1 })).toMatchObject({ code: 'malformed', kind: 'config', version: 1 });
    expect(refusal('not a bundle')).toMatchObject({ code: 'malformed', kind: null, version: null });
    // Signed correctly, but the payload's keys are out of order: not what a signer must produce.
    const payload = Buffer.from('{"ui":{"idleWarningSeconds":75},"configId":"site-2"}').toString('base64');
    const signature = rig.key.sign(bundleSigningInput('config', 1, payload));
    expect(refusal({ kind: 'config', version: 1, payload, signature, keyId: rig.key.keyId })).toMatchObject({ code: 'notCanonical' });
  });

  it('refuses key announcements that would leave no trusted key', () => {
    rig = applierRig();
    expect(refusal(bundle('config', 1, { fleet: { revokedKeyIds: [rig.key.keyId] } }, rig.key))).toMatchObject({ code: 'keyringWouldBeEmpty' });
    expect(refusal(bundle('config', 1, { fleet: { adminKeys: [{ publicKey: 'AAAA' }] } }, rig.key))).toMatchObject({ code: 'invalidPayload' });
  });

  it('records each refusal once in the state and reports it once through the outbox', () => {
    rig = applierRig();
    refusal(bundle('config', 1, GOOD, newKey()));
    rig.applier.reportResults();
    rig.applier.reportResults();
    const reported = reportedResults(rig.stack);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ kind: 'config', version: 1, outcome: 'refused', reason: 'unknownKey', previousVersion: null });
    expect(rig.store.state.results.map((r) => r.outcome)).toEqual(['refused']);
  });
});
