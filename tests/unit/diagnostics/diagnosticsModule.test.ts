// Diagnostics mode through the real API: PIN with lockout, refused during a citizen session,
// citizen sessions refused while a technician is in, technician-only methods for that connection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scryptSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src-common/api/client';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { diagnosticsModule } from '../../../src-main/core/diagnostics/diagnosticsModule';
import { verifyTechnicianPin, hashTechnicianPin, technicianPinWeakness } from '../../../src-main/core/diagnostics/technicianPin';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../src-main/core/storage/storageModule';

const salt = Buffer.from('0123456789abcdef');
const PIN_HASH = `scrypt:16384:8:1:${salt.toString('base64')}:${scryptSync('246810', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;

let core: KioskCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function start(maxAttempts = 3) {
  core = await createKioskCore({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-diag-')),
    profile: 'test',
    modules: [storageModule, printingModule, diagnosticsModule],
    logger: { logDir: false },
    configOverrides: { diagnostics: { technicianPinHash: PIN_HASH, maxAttempts, lockoutMinutes: 15, sessionMinutes: 30 } },
  });
  const c = core;
  const client = () => new ApiClient(() => createInMemorySocket(c.router));
  return { technician: client(), citizen: client() };
}

describe('technician PIN', () => {
  it('matches only the right PIN and never a malformed hash', () => {
    expect(verifyTechnicianPin('246810', PIN_HASH)).toBe(true);
    expect(verifyTechnicianPin('246811', PIN_HASH)).toBe(false);
    expect(verifyTechnicianPin('246810', 'scrypt:16384:8:1::')).toBe(false);
    expect(verifyTechnicianPin('246810', 'plain:246810')).toBe(false);
  });

  it('hashes a new PIN (admin hash-pin) so that only that PIN verifies, salted afresh each time', () => {
    const hash = hashTechnicianPin('246810');
    expect(hash).toMatch(/^scrypt:16384:8:1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]{44}$/);
    expect(verifyTechnicianPin('246810', hash)).toBe(true);
    expect(verifyTechnicianPin('246811', hash)).toBe(false);
    expect(hashTechnicianPin('246810')).not.toBe(hash);
    // The same salt gives the independently computed hash above.
    const salt = Buffer.from(PIN_HASH.split(':')[4]!, 'base64');
    expect(hashTechnicianPin('246810', salt)).toBe(PIN_HASH);
  });

  it('refuses PINs anyone would guess first', () => {
    expect(technicianPinWeakness('246810')).toBeUndefined();
    expect(technicianPinWeakness('97531086')).toBeUndefined();
    expect(technicianPinWeakness('12345')).toMatch(/6 to 12 digits/);
    expect(technicianPinWeakness('24681a')).toMatch(/6 to 12 digits/);
    expect(technicianPinWeakness('777777')).toMatch(/repeated/);
    expect(technicianPinWeakness('123456')).toMatch(/consecutive/);
    expect(technicianPinWeakness('987654')).toMatch(/consecutive/);
    expect(technicianPinWeakness('890123')).toMatch(/consecutive/);
  });
});

describe('diagnostics mode', () => {
  it('locks out after the configured number of wrong PINs, even for the right PIN', async () => {
    const { technician } = await start(3);
    const first = await technician.call('Diagnostics.Enter', { pin: '0000' });
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error.description).toContain('2 attempts left');
    await technician.call('Diagnostics.Enter', { pin: '1111' });
    const third = await technician.call('Diagnostics.Enter', { pin: '2222' });
    expect(!third.ok && third.error.description).toContain('locked');
    const right = await technician.call('Diagnostics.Enter', { pin: '246810' });
    expect(right.ok).toBe(false);
    expect(!right.ok && right.error.code).toBe('unauthorized');
    const state = await technician.call('Diagnostics.State', {});
    expect(state.ok && state.value).toMatchObject({ active: false, attemptsLeft: 0 });
    expect(state.ok && state.value.lockedUntil).toBeTruthy();
  });

  it('is refused while a citizen session is active', async () => {
    const { technician, citizen } = await start();
    expect((await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false })).ok).toBe(true);
    const refused = await technician.call('Diagnostics.Enter', { pin: '246810' });
    expect(!refused.ok && refused.error.code).toBe('sequenceError');
    await citizen.call('Session.End', { reason: 'exit' });
    expect((await technician.call('Diagnostics.Enter', { pin: '246810' })).ok).toBe(true);
  });

  it('refuses citizen sessions while active, opens technician methods to the technician only, and exits', async () => {
    const { technician, citizen } = await start();
    const refusedBefore = await citizen.call('Printing.TestPage', {});
    expect(!refusedBefore.ok && refusedBefore.error.code).toBe('unauthorized');
    const entered = await technician.call('Diagnostics.Enter', { pin: '246810' });
    expect(entered.ok && entered.value.active).toBe(true);
    const session = await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
    expect(session).toMatchObject({ ok: false, error: { errorCode: 'diagnosticsMode', description: expect.stringContaining('diagnostics mode') } });
    const stolen = await citizen.call('Printing.TestPage', {});
    expect(!stolen.ok && stolen.error.code).toBe('unauthorized');
    expect((await technician.call('Printing.TestPage', {})).ok).toBe(true);
    const exited = await technician.call('Diagnostics.Exit', {});
    expect(exited.ok && exited.value.active).toBe(false);
    expect((await citizen.call('Session.Start', { language: 'zh-CN', elderlyMode: false })).ok).toBe(true);
  });
});
