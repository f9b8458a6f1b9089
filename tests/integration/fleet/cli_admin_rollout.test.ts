// `budayang admin rollout|group|kiosks|tag` against a real platform, as an admin uses them: a
// village group, a bundle signed offline by a security officer's key and rolled out in rings,
// status as text and JSON, pause/resume/cancel, a payload signed by the platform's online key,
// tags; and the refusals an admin must understand (no credential, a wrong one, a bad ring list).
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformServer, type PlatformServer } from '../../../platform/server/createPlatformServer';
import { unwrap } from '../../../src-common/result';
import { main } from '../../../src-main/cli/main';
import { parseRings } from '../../../src-main/cli/commands/fleetAdmin';
import { openKiosk, provision, tempDir, type KioskUnderTest } from '../sync/support/syncHarness';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) }), text: () => out };
}

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function village(platform: PlatformServer, code: string, level: 'village' | 'city' = 'village'): Promise<{ kiosk: KioskUnderTest; id: string }> {
  const kiosk = openKiosk(tempDir('kiosk'));
  open.push(() => kiosk.close());
  const id = await provision(kiosk, platform, code);
  unwrap(
    await kiosk.client.heartbeat({
      sentAt: new Date().toISOString(),
      devices: [],
      queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
      versions: { app: 't', config: 't' },
      diskFreeBytes: null,
      commandResults: [],
      site: { level, regionCode: level === 'village' ? '420222101201' : '420200', hardware: [] },
    }),
  );
  return { kiosk, id };
}

describe('budayang admin rollout', () => {
  it('rolls an offline-signed bundle out to a group in rings; status, pause, resume, cancel; online signing; tags', async () => {
    const dataDir = tempDir('platform');
    const platform = await createPlatformServer({ dataDir, rolloutTickMs: 0 }); // its token in DIR/admin-token
    open.push(() => platform.close());
    const connection = ['--platform', platform.url, '--token-file', path.join(dataDir, 'admin-token')];
    const kiosks = [await village(platform, 'VL01'), await village(platform, 'VL02'), await village(platform, 'VL03'), await village(platform, 'CT01', 'city')];

    expect(await run(['admin', 'group', 'set', ...connection, '--name', 'villages', '--level', 'village'])).toEqual({ code: 0, stdout: 'group villages: {"levels":["village"]}\n', stderr: '' });
    expect(JSON.parse((await run(['admin', 'group', 'list', ...connection, '--json'])).stdout)).toEqual([expect.objectContaining({ name: 'villages' })]);

    // A security officer signs offline; the platform only stores and serves it.
    const work = tempDir('officer');
    expect((await run(['admin', 'keygen', '--out', work])).code).toBe(0);
    fs.writeFileSync(path.join(work, 'hours.json'), JSON.stringify({ ui: { idleWarningSeconds: 80 } }));
    expect((await run(['admin', 'sign', '--key', path.join(work, 'admin-key.pem'), '--kind', 'config', '--version', '1', '--in', path.join(work, 'hours.json'), '--out', path.join(work, 'bundle.json')])).code).toBe(0);
    const created = await run(['admin', 'rollout', 'create', ...connection, '--bundle', path.join(work, 'bundle.json'), '--group', 'villages', '--rings', '1,100%', '--soak', '30', '--abort-percent', '20', '--abort-min', '2', '--json']);
    expect(created.stderr).toBe('');
    const rollout = JSON.parse(created.stdout);
    expect(rollout).toMatchObject({ kind: 'config', version: 1, state: 'running', target: { group: 'villages' }, soakSeconds: 30, abort: { failurePercent: 20, minKiosks: 2 } });
    expect(rollout.rings.map((r: { kiosks: number }) => r.kiosks)).toEqual([1, 2]);
    // Re-running the same command finds the same bundle published, and the rollout already active.
    const again = await run(['admin', 'rollout', 'create', ...connection, '--bundle', path.join(work, 'bundle.json'), '--group', 'villages']);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/refused \(409 anotherRolloutActive\)/) });

    const text = await run(['admin', 'rollout', 'status', ...connection, '--id', rollout.rolloutId]);
    expect(text.stdout).toContain(`rollout ${rollout.rolloutId}: config v1 running`);
    expect(text.stdout).toContain('ring 1: 1 kiosk(s), applied 0, failed 0, pending 1 — active');
    expect(text.stdout).toContain('ring 2: 2 kiosk(s), applied 0, failed 0, pending 0 — waiting');
    expect((await run(['admin', 'rollout', 'pause', ...connection, '--id', rollout.rolloutId])).stdout).toContain('config v1 paused');
    expect((await run(['admin', 'rollout', 'pause', ...connection, '--id', rollout.rolloutId]))).toMatchObject({ code: 1, stderr: expect.stringMatching(/409 wrongState/) });
    expect((await run(['admin', 'rollout', 'resume', ...connection, '--id', rollout.rolloutId])).stdout).toContain('config v1 running');
    expect((await run(['admin', 'rollout', 'cancel', ...connection, '--id', rollout.rolloutId])).stdout).toContain('config v1 canceled (canceled by instance-token)');

    // The twin: the canary was told v1, then the cancel took it back; the city kiosk was never a target.
    const fleet = JSON.parse((await run(['admin', 'kiosks', ...connection, '--json'])).stdout) as Array<{ kioskId: string; level: string; config: { desired: number | null } }>;
    expect(fleet.map((k) => [k.level, k.config.desired])).toEqual([
      ['village', null],
      ['village', null],
      ['village', null],
      ['city', null],
    ]);

    // A payload the platform signs with its online key, to one kiosk picked by id.
    fs.writeFileSync(path.join(work, 'more.json'), JSON.stringify({ ui: { idleWarningSeconds: 85 } }));
    const online = JSON.parse((await run(['admin', 'rollout', 'create', ...connection, '--payload', path.join(work, 'more.json'), '--kiosk', kiosks[3]!.id, '--rings', '100%', '--json'])).stdout);
    expect(online).toMatchObject({ version: 2, totals: { kiosks: 1 } });
    expect(JSON.parse((await run(['admin', 'rollout', 'status', ...connection, '--json'])).stdout).map((r: { version: number }) => r.version)).toEqual([2, 1]);

    // Tags are the console's: the heartbeat filled the empty ones from the site profile; an
    // operator's change stays (the next heartbeat does not overwrite it) and a group selects by it.
    expect((await run(['admin', 'tag', ...connection, '--kiosk', kiosks[0]!.id, '--site-kind', 'hall', '--site-name', '黄石港区市民之家', '--hardware', 'ZZJ-A1'])).stdout).toBe(
      `${kiosks[0]!.id}: 420222101201 village hall 黄石港区市民之家 ZZJ-A1\n`,
    );
    await kiosks[0]!.kiosk.client.heartbeat({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [], site: { level: 'village', regionCode: '420222101201', hardware: [] } });
    expect((await run(['admin', 'tag', ...connection, '--kiosk', kiosks[0]!.id, '--clear', 'site-name'])).stdout).toBe(`${kiosks[0]!.id}: 420222101201 village hall - ZZJ-A1\n`);
    expect((await run(['admin', 'group', 'set', ...connection, '--name', 'a1', '--hardware', 'ZZJ-A1'])).code).toBe(0);
    expect(JSON.parse((await run(['admin', 'kiosks', ...connection, '--group', 'a1', '--json'])).stdout).map((k: { kioskId: string }) => k.kioskId)).toEqual([kiosks[0]!.id]);
    expect(await run(['admin', 'tag', ...connection, '--kiosk', kiosks[0]!.id, '--clear', 'colour'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--clear takes region, level/) });
  });

  it('says what is missing or wrong: the platform, the credential, the rings', async () => {
    expect(await run(['admin', 'rollout', 'status'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--platform URL is required/) });
    expect(await run(['admin', 'rollout', 'status', '--platform', 'http://127.0.0.1:9'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/an admin credential is required/) });
    expect(await run(['admin', 'rollout', 'status', '--platform', 'http://127.0.0.1:9', '--token', 't'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot be reached/) });
    const dataDir = tempDir('platform');
    const platform = await createPlatformServer({ dataDir, adminToken: 'right', rolloutTickMs: 0 });
    open.push(() => platform.close());
    expect(await run(['admin', 'rollout', 'status', '--platform', platform.url], { BUDAYANG_ADMIN_TOKEN: 'wrong' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/refused \(401 unauthorized\)/) });
    expect(await run(['admin', 'rollout', 'status', '--platform', platform.url], { BUDAYANG_ADMIN_TOKEN: 'right' })).toMatchObject({ code: 0, stdout: 'no rollouts yet\n' });
    expect(await run(['admin', 'rollout', 'create', '--platform', platform.url, '--token', 'right', '--kind', 'config', '--version', '1', '--rings', '1,ten%'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/"ten%" is neither/) });
    expect(unwrap(parseRings('1, 10%,100%'))).toEqual([{ kiosks: 1 }, { percent: 10 }, { percent: 100 }]);
  });
});
