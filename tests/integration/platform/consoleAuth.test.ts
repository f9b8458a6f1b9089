// The fleet console's admin accounts against a real platform (both stores): sign-in with scrypt
// passwords, lockout counted in the database, server-side sessions with idle and absolute
// expiry, CSRF refusal, role refusal, API tokens, and the audit entry every action leaves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import type { AuditEntry } from '../../../platform/api/audit';
import { startTestPlatform } from '../../support/platformDatabase';
import { call, createAccounts, signIn, type ConsoleSession } from './support/consoleClient';

const PASSWORD = 'correct horse battery staple';
let clock = Date.parse('2026-12-05T02:00:00.000Z');
let platform: PlatformServer;
let kioskId: string;

async function auditEntries(query = ''): Promise<AuditEntry[]> {
  const answer = await call(platform.url, 'GET', `/admin/audit?limit=200${query}`, { headers: { authorization: 'Bearer tok' } });
  expect(answer.status).toBe(200);
  return answer.json.entries as AuditEntry[];
}

async function session(username: string): Promise<ConsoleSession> {
  const { answer, session } = await signIn(platform.url, username, PASSWORD);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return session!;
}

beforeAll(async () => {
  platform = await startTestPlatform({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'console-auth-')), adminToken: 'tok', now: () => clock, consoleDir: null });
  await createAccounts(platform, [['pub', 'publisher'], ['pub2', 'publisher'], ['op', 'operator'], ['view', 'viewer'], ['locky', 'viewer'], ['racer', 'viewer']], PASSWORD);
  const code = await platform.createProvisioningCode();
  const redeemed = await platform.store.kiosks.redeemCode(code, 'AUTH01', 'MCowBQYDK2VwAyEA'.padEnd(60, 'A'), 't', new Date(clock));
  if ('refusal' in redeemed) throw new Error(redeemed.refusal);
  kioskId = redeemed.kioskId;
});

afterAll(async () => {
  await platform?.close();
});

// Each test starts in a new rate-limit window (20 sign-ins per address per minute).
beforeEach(() => {
  clock += 61_000;
});

describe('signing in', () => {
  it('sets an httpOnly SameSite=Strict cookie on /admin, answers the role and a CSRF token, and signing out ends the session', async () => {
    const { answer, session: s } = await signIn(platform.url, 'op', PASSWORD);
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Max-Age|Expires/);
    expect(answer.json.account).toEqual({ username: 'op', role: 'operator', permissions: ['fleet.read', 'kiosk.tag', 'kiosk.command', 'kiosk.provision', 'alerts.read', 'alerts.handle', 'cases.read', 'cases.move', 'audit.read', 'rollout.stop'] });
    expect(answer.json.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await s!.request('GET', '/admin/session')).status).toBe(200);
    expect((await s!.request('DELETE', '/admin/session')).status).toBe(204);
    expect((await s!.request('GET', '/admin/session')).json.error).toBe('unauthorized');
  });

  it('answers a wrong password, an unknown user and a disabled account alike, and never records the name of an unknown user', async () => {
    const wrong = await signIn(platform.url, 'view', 'not the password at all');
    const unknown = await signIn(platform.url, 'nobody-here', PASSWORD);
    expect(wrong.answer.status).toBe(401);
    expect(unknown.answer.status).toBe(401);
    expect(wrong.answer.json.error).toBe('badCredentials');
    expect(unknown.answer.json.error).toBe('badCredentials');
    const entries = await auditEntries('&action=session.signIn');
    const [forUnknown, forWrong] = entries;
    expect(forUnknown).toMatchObject({ actorKind: 'anonymous', actor: null, outcome: 'refused', status: 401, error: 'badCredentials', detail: { reason: 'unknownUser' } });
    expect(forWrong).toMatchObject({ actorKind: 'anonymous', actor: 'view', target: 'account:view', outcome: 'refused', detail: { reason: 'badPassword' } });
    expect(JSON.stringify(entries)).not.toContain('nobody-here');
    expect(JSON.stringify(entries)).not.toContain('not the password at all');
    // A successful sign-in afterwards starts the count again.
    await session('view');
    expect((await platform.store.accounts.byUsername('view', new Date(clock)))!.failedSignIns).toBe(0);
  });

  it('locks an account after five failures in a row: the right password is refused until the lock ends, then works', async () => {
    for (let i = 1; i <= 4; i++) expect((await signIn(platform.url, 'locky', `wrong password ${i}`)).answer.json.error).toBe('badCredentials');
    const fifth = await signIn(platform.url, 'locky', 'wrong password 5');
    expect(fifth.answer.status).toBe(429);
    expect(fifth.answer.json.error).toBe('accountLocked');
    expect(fifth.answer.json.lockedUntil).toBe(new Date(clock + 15 * 60_000).toISOString());
    const whileLocked = await signIn(platform.url, 'locky', PASSWORD);
    expect(whileLocked.answer.json.error).toBe('accountLocked');
    expect(Number(whileLocked.answer.headers.get('retry-after'))).toBe(900);
    // The lock is in the database: the account list shows it to a publisher.
    const listed = await (await session('pub')).request('GET', '/admin/accounts');
    expect((listed.json.accounts as Array<{ username: string; lockedUntil: string | null }>).find((a) => a.username === 'locky')!.lockedUntil).toBe(fifth.answer.json.lockedUntil);
    clock += 15 * 60_000 + 1;
    expect((await signIn(platform.url, 'locky', PASSWORD)).answer.status).toBe(200);
    const locked = (await auditEntries('&action=session.signIn')).filter((e) => e.target === 'account:locky' && e.error === 'accountLocked');
    expect(locked.map((e) => e.detail?.reason)).toEqual(['locked', 'badPassword']);
  });

  it('counts parallel guesses before checking them: ten at once check at most five passwords and lock the account', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(platform.url, 'racer', `parallel guess ${i}`)));
    expect(answers.every((a) => a.answer.status === 401 || a.answer.status === 429)).toBe(true);
    const checked = (await auditEntries('&action=session.signIn')).filter((e) => e.target === 'account:racer' && e.detail?.reason === 'badPassword');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect((await signIn(platform.url, 'racer', PASSWORD)).answer.json.error).toBe('accountLocked');
  });

  it('limits sign-in attempts per address across accounts, before any password is checked', async () => {
    // A platform of its own, allowing 3 a minute (the default is 20).
    const strict = await startTestPlatform({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'console-limit-')), adminToken: 'tok', now: () => clock, consoleDir: null, signInAttemptsPerMinute: 3 });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await signIn(strict.url, `spray${i}`, 'whatever password')).answer);
      expect(answers.map((a) => a.json.error)).toEqual(['badCredentials', 'badCredentials', 'badCredentials', 'rateLimited']);
      expect([answers[3]!.status, answers[3]!.headers.get('retry-after')]).toEqual([429, '60']);
      clock += 60_000;
      expect((await signIn(strict.url, 'spray4', 'whatever password')).answer.json.error).toBe('badCredentials');
    } finally {
      await strict.close();
    }
  });

  it('ends a session idle for 30 minutes, and any session 12 hours after sign-in however busy', async () => {
    const idle = await session('view');
    clock += 30 * 60_000 + 1;
    expect((await idle.request('GET', '/admin/kiosks')).json.error).toBe('unauthorized');
    const busy = await session('view');
    const signedInAt = clock;
    // Used every 20 minutes: never idle, yet over at 12 hours.
    for (clock += 20 * 60_000; clock < signedInAt + 12 * 3_600_000; clock += 20 * 60_000) {
      expect((await busy.request('GET', '/admin/session')).status).toBe(200);
    }
    expect((await busy.request('GET', '/admin/session')).json.error).toBe('unauthorized');
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    const { answer } = await signIn(platform.url, 'view', PASSWORD, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.json.error).toBe('csrfRejected');
  });
});

describe('CSRF', () => {
  it('refuses a state change that carries the cookie but no token, a wrong token, or another origin, records each refusal, and accepts the right token', async () => {
    const s = await session('op');
    const tags = { regionCode: '420202', level: 'city', siteKind: 'hall', siteName: '黄石市市民之家', hardware: 'ZZJ-A1' };
    const path = `/admin/kiosks/${kioskId}/tags`;
    const missing = await s.request('PUT', path, tags, { csrf: false });
    const wrongToken = await s.request('PUT', path, tags, { csrf: false, headers: { 'x-csrf-token': 'A'.repeat(43) } });
    const crossSite = await s.request('PUT', path, tags, { headers: { origin: 'https://evil.example' } });
    for (const refused of [missing, wrongToken, crossSite]) {
      expect(refused.status).toBe(403);
      expect(refused.json.error).toBe('csrfRejected');
    }
    expect((await platform.store.fleet.kiosk(kioskId, new Date(clock)))!.tags.regionCode).toBeNull();
    const accepted = await s.request('PUT', path, tags, { headers: { origin: platform.url } });
    expect(accepted.status).toBe(200);
    const entries = (await auditEntries('&action=kiosks.setTags')).slice(0, 4);
    expect(entries.map((e) => [e.actor, e.outcome, e.error])).toEqual([
      ['op', 'success', null],
      ['op', 'refused', 'csrfRejected'],
      ['op', 'refused', 'csrfRejected'],
      ['op', 'refused', 'csrfRejected'],
    ]);
    expect(entries[0]).toMatchObject({ target: `kiosk:${kioskId}`, clientAddress: '127.0.0.1', status: 200, detail: tags });
  });
});

describe('roles', () => {
  it('lets each role do exactly what it may: viewer reads the fleet, operator also tags and reads the audit log, publisher also manages accounts', async () => {
    const [viewer, operator, publisher] = [await session('view'), await session('op'), await session('pub')];
    const tags = { regionCode: null, level: null, siteKind: null, siteName: null, hardware: null };
    const newAccount = (name: string) => ({ username: name, role: 'viewer', password: 'a long enough password' });
    const cases: Array<[ConsoleSession, string, string, unknown, number]> = [
      [viewer, 'GET', '/admin/kiosks', undefined, 200],
      [viewer, 'GET', '/admin/fleet/overview', undefined, 200],
      [viewer, 'GET', `/admin/kiosks/${kioskId}`, undefined, 200],
      [viewer, 'GET', '/admin/audit', undefined, 403],
      [viewer, 'PUT', `/admin/kiosks/${kioskId}/tags`, tags, 403],
      [viewer, 'POST', '/admin/accounts', newAccount('by-viewer'), 403],
      [operator, 'GET', '/admin/audit', undefined, 200],
      [operator, 'PUT', `/admin/kiosks/${kioskId}/tags`, tags, 200],
      [operator, 'POST', '/admin/commands', { kioskId, action: { kind: 'flushQueue' } }, 200],
      [operator, 'GET', '/admin/accounts', undefined, 403],
      [operator, 'PUT', '/admin/bundles/config', { kind: 'config', version: 1, payload: 'e30=', signature: 'AA==', keyId: 'x' }, 403],
      [operator, 'GET', '/admin/events', undefined, 403],
      [publisher, 'GET', '/admin/accounts', undefined, 200],
      [publisher, 'POST', '/admin/accounts', newAccount('by-publisher'), 200],
    ];
    for (const [who, method, path, body, status] of cases) {
      const answer = await who.request(method, path, body);
      expect(`${method} ${path}: ${answer.status} ${answer.status === 403 ? answer.json.error : ''}`).toBe(`${method} ${path}: ${status} ${status === 403 ? 'forbidden' : ''}`);
    }
    const refusals = (await auditEntries('&outcome=refused')).filter((e) => e.error === 'forbidden').slice(0, 6);
    expect(refusals.map((e) => `${e.actor} ${e.action}`).reverse()).toEqual(['view audit.list', 'view kiosks.setTags', 'view accounts.create', 'op accounts.list', 'op PUT /admin/bundles/:kind', 'op GET /admin/events']);
  });

  it('applies a role change at once and ends the changed account’s sessions; disabling refuses sign-in; the last publisher stays', async () => {
    const publisher = await session('pub');
    await publisher.request('POST', '/admin/accounts', { username: 'temp', role: 'operator', password: 'temporary password 1' });
    const signInTemp = async () => (await signIn(platform.url, 'temp', 'temporary password 1')).session!;
    const temp = await signInTemp();
    expect((await temp.request('GET', '/admin/audit')).status).toBe(200);
    const demoted = await publisher.request('PATCH', '/admin/accounts/temp', { role: 'viewer' });
    expect(demoted.json.role).toBe('viewer');
    expect((await temp.request('GET', '/admin/session')).json.error).toBe('unauthorized');
    const again = await signInTemp();
    expect((await again.request('GET', '/admin/audit')).json.error).toBe('forbidden');
    expect((await publisher.request('PATCH', '/admin/accounts/temp', { disabled: true })).json.disabled).toBe(true);
    expect((await again.request('GET', '/admin/session')).json.error).toBe('unauthorized');
    expect((await signIn(platform.url, 'temp', 'temporary password 1')).answer.json.error).toBe('badCredentials');
    // pub2 may be disabled while pub remains; pub may then not demote itself.
    expect((await publisher.request('PATCH', '/admin/accounts/pub2', { disabled: true })).status).toBe(200);
    const last = await publisher.request('PATCH', '/admin/accounts/pub', { role: 'operator' });
    expect(last.status).toBe(409);
    expect(last.json.error).toBe('lastPublisher');
    expect((await publisher.request('PATCH', '/admin/accounts/pub2', { disabled: false })).status).toBe(200);
  });

  it('refuses a weak password with its reason', async () => {
    const publisher = await session('pub');
    for (const [password, reason] of [['short', 'tooShort'], ['weakling-user', 'sameAsUsername']] as const) {
      const answer = await publisher.request('POST', '/admin/accounts', { username: 'weakling-user', role: 'viewer', password });
      expect(answer.status).toBe(400);
      expect([answer.json.error, answer.json.reason]).toEqual(['weakPassword', reason]);
    }
  });
});

describe('API tokens', () => {
  it('act as their account with its live role, without CSRF; a revoked token or a disabled account is refused and recorded', async () => {
    const publisher = await session('pub');
    await publisher.request('POST', '/admin/accounts', { username: 'robot', role: 'operator', password: 'robot password 123' });
    const issued = await publisher.request('POST', '/admin/accounts/robot/tokens', { name: 'rollout-ci', expiresInDays: 30 });
    expect(issued.status).toBe(200);
    const token = issued.json.token as string;
    expect(token).toMatch(/^bdy_[0-9a-f]{12}\./);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call(platform.url, 'PUT', `/admin/kiosks/${kioskId}/tags`, { body: { regionCode: '420281', level: 'county', siteKind: 'hall', siteName: null, hardware: null }, headers: bearer })).status).toBe(200);
    expect((await call(platform.url, 'GET', '/admin/accounts', { headers: bearer })).json.error).toBe('forbidden');
    const me = await call(platform.url, 'GET', '/admin/session', { headers: bearer });
    expect(me.json).toMatchObject({ account: { username: 'robot', role: 'operator' }, csrfToken: null });
    // Stored only as a hash.
    const tokenId = (issued.json.info as { tokenId: string }).tokenId;
    const [row] = await platform.store.db.query<{ secret_hash: string }>('SELECT secret_hash FROM admin_api_tokens WHERE id = $1', [tokenId]);
    expect(row!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.secret_hash).not.toContain(token.split('.')[1]!);
    expect((await publisher.request('PATCH', '/admin/accounts/robot', { disabled: true })).status).toBe(200);
    expect((await call(platform.url, 'GET', '/admin/kiosks', { headers: bearer })).json.error).toBe('unauthorized');
    expect((await publisher.request('PATCH', '/admin/accounts/robot', { disabled: false })).status).toBe(200);
    expect((await call(platform.url, 'GET', '/admin/kiosks', { headers: bearer })).status).toBe(200);
    expect((await publisher.request('DELETE', `/admin/tokens/${tokenId}`)).status).toBe(204);
    expect((await call(platform.url, 'GET', '/admin/kiosks', { headers: bearer })).json.error).toBe('unauthorized');
    const [refused] = await auditEntries('&action=kiosks.list&outcome=refused');
    expect(refused).toMatchObject({ actorKind: 'anonymous', status: 401, error: 'unauthorized' });
    const [tagged] = await auditEntries('&actor=robot&action=kiosks.setTags');
    expect(tagged).toMatchObject({ actorKind: 'apiToken', outcome: 'success', detail: { tokenId } });
  });
});

describe('the audit log', () => {
  it('records who, what, when, from where and the outcome, newest first, paged and filtered, and never a password', async () => {
    const publisher = await session('pub');
    await publisher.request('POST', '/admin/accounts', { username: 'audited', role: 'viewer', password: 'audited password 1' }, { headers: { 'user-agent': 'ConsoleTest/1.0' } });
    await publisher.request('PATCH', '/admin/accounts/audited', { password: 'audited password 2' });
    const [reset, created] = await auditEntries('&actor=pub&action=accounts.');
    expect(created).toMatchObject({ actorKind: 'account', actor: 'pub', action: 'accounts.create', target: 'account:audited', outcome: 'success', status: 200, clientAddress: '127.0.0.1', userAgent: 'ConsoleTest/1.0', detail: { role: 'viewer' } });
    expect(reset).toMatchObject({ action: 'accounts.update', detail: { passwordReset: true } });
    expect(Date.parse(created!.at)).toBe(clock);
    const all = await auditEntries();
    expect(JSON.stringify(all)).not.toContain('audited password');
    expect(JSON.stringify(all)).not.toContain(PASSWORD);
    // Keyset paging: two pages of two join up without a gap or a repeat.
    const first = await call(platform.url, 'GET', '/admin/audit?limit=2', { headers: { authorization: 'Bearer tok' } });
    const second = await call(platform.url, 'GET', `/admin/audit?limit=2&before=${first.json.nextBefore as number}`, { headers: { authorization: 'Bearer tok' } });
    const seqs = [...(first.json.entries as AuditEntry[]), ...(second.json.entries as AuditEntry[])].map((e) => e.seq);
    expect(seqs).toEqual([0, 1, 2, 3].map((i) => seqs[0]! - i));
  });

  it('is append-only: the database itself refuses to change, delete or truncate entries', async () => {
    for (const statement of ["UPDATE audit_log SET outcome = 'success'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(platform.store.db.execute(statement), statement).rejects.toThrow(/append-only/);
    }
    expect((await auditEntries()).length).toBeGreaterThan(10);
  });
});
