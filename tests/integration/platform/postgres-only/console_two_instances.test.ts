// Two stateless platform instances on one PostgreSQL database (platform-postgres run only): a
// console session made on one is served by the other, its sign-out ends it on both, and failed
// sign-ins spread over both instances lock the account after five in all.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../../platform/server/createPlatformServer';
import { startTestPlatform, testDatabaseUrl } from '../../../support/platformDatabase';
import { tempDir } from '../../sync/support/syncHarness';
import { ConsoleSession, createAccounts, signIn } from '../support/consoleClient';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function twoInstances(): Promise<[PlatformServer, PlatformServer]> {
  const dir = tempDir('console-a');
  const databaseUrl = await testDatabaseUrl(dir);
  // Instances sharing a database share the holder lookup key (docs/platform.md, "Cases").
  const holderLookupKey = crypto.randomBytes(32).toString('base64');
  const pair = await Promise.all([
    startTestPlatform({ dataDir: dir, databaseUrl, adminToken: 'tok', consoleDir: null, holderLookupKey }),
    startTestPlatform({ dataDir: tempDir('console-b'), databaseUrl, adminToken: 'tok', consoleDir: null, holderLookupKey }),
  ]);
  for (const p of pair) open.push(() => p.close());
  return pair;
}

describe('console sessions across instances', () => {
  it('serves a session on any instance and ends it everywhere at sign-out', async () => {
    const [a, b] = await twoInstances();
    await createAccounts(a, [['shared-op', 'operator']], 'shared password 123');
    const { session } = await signIn(a.url, 'shared-op', 'shared password 123');
    const onB = new ConsoleSession(b.url, session!.cookie, session!.csrfToken);
    expect((await onB.request('GET', '/admin/session')).json.account).toMatchObject({ username: 'shared-op' });
    // A state change on B with the CSRF token A handed out.
    const code = await onB.request('POST', '/admin/provisioning-codes');
    expect(code.status).toBe(200);
    expect((await session!.request('DELETE', '/admin/session')).status).toBe(204);
    expect((await onB.request('GET', '/admin/session')).json.error).toBe('unauthorized');
  });

  it('locks an account after five failures in all, whichever instance took them', async () => {
    const [a, b] = await twoInstances();
    await createAccounts(a, [['shared-view', 'viewer']], 'shared password 123');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await signIn(i % 2 === 0 ? a.url : b.url, 'shared-view', `wrong ${i} password`)).answer.json.error);
    expect(answers).toEqual(['badCredentials', 'badCredentials', 'badCredentials', 'badCredentials', 'accountLocked']);
    expect((await signIn(b.url, 'shared-view', 'shared password 123')).answer.json.error).toBe('accountLocked');
    expect((await signIn(a.url, 'shared-view', 'shared password 123')).answer.json.error).toBe('accountLocked');
  });
});
