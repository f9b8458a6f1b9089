// Remote commands on receipt: checked (key, signature, kiosk binding), stored once in SQLite,
// acknowledged, closed once with the result in the outbox; refusals reported once without
// blocking the real command of the same id; interrupted commands resolved per action.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import type { RemoteCommandBody } from '../../../src-common/wire/remoteCommands';
import { CommandInbox } from '../../../src-main/core/fleet/CommandInbox';
import { signCommand, type AdminSigningKey } from '../../../src-main/core/fleet/fleetKeys';
import { pinKeys } from '../../../src-main/core/fleet/keyring';
import { interruptedPolicy } from '../../../src-main/core/fleet/remoteCommandHandlers';
import { openSyncStack, type SyncStack } from '../../../src-main/core/sync/openSyncStack';
import { newKey, tempDir } from './support/fleetFixtures';

let stack: SyncStack | undefined;
afterEach(() => stack?.close());

const KIOSK = 'K-TEST-1';

function rig(now = () => Date.parse('2026-11-26T08:00:00Z')) {
  stack = unwrap(openSyncStack({ dataDir: tempDir('inbox'), log: silentLogger }));
  const key = newKey();
  const keyring = pinKeys([], [{ publicKey: key.publicKey, source: 'provisioning' }], '2026-11-26T00:00:00Z').keyring;
  const inbox = new CommandInbox({ db: stack.db, outbox: stack.outbox, log: silentLogger, now, kioskId: () => KIOSK, keyring: () => keyring });
  return { inbox, key, stack };
}

function command(key: AdminSigningKey, body: Partial<RemoteCommandBody> = {}) {
  return unwrap(signCommand({ commandId: 'cmd-1', kioskId: KIOSK, action: { kind: 'flushQueue' }, createdAt: '2026-11-26T07:59:00Z', expiresAt: '2026-11-27T07:59:00Z', urgent: false, ...body }, key));
}

function results(s: SyncStack) {
  return (s.db.prepare("SELECT payload_json FROM outbox_jobs WHERE kind = 'fleet.commandResult' ORDER BY id").pluck().all() as string[]).map((r) => JSON.parse(r) as Record<string, unknown>);
}

describe('CommandInbox', () => {
  it('stores a signed command once, lists it for acknowledgement, and closes it once with its result', () => {
    const { inbox, key, stack: s } = rig();
    const signed = command(key);
    expect(inbox.receive([signed])).toEqual({ stored: 1, refused: 0, duplicates: 0 });
    expect(inbox.receive([signed])).toEqual({ stored: 0, refused: 0, duplicates: 1 });
    expect(inbox.unacknowledged()).toEqual(['cmd-1']);
    inbox.acknowledge(['cmd-1']);
    expect(inbox.unacknowledged()).toEqual([]);
    const [pending] = inbox.pending();
    expect(pending).toMatchObject({ commandId: 'cmd-1', action: { kind: 'flushQueue' }, urgent: false });
    unwrap(inbox.markRunning(pending!));
    unwrap(inbox.finish(pending!, 'done', 'drained: 3 delivered'));
    unwrap(inbox.finish(pending!, 'failed', 'a second close changes nothing'));
    expect(inbox.outcomeOf('cmd-1')).toEqual({ state: 'finished', outcome: 'done', detail: 'drained: 3 delivered' });
    expect(results(s)).toEqual([{ commandId: 'cmd-1', action: 'flushQueue', outcome: 'done', detail: 'drained: 3 delivered', receivedAt: '2026-11-26T08:00:00.000Z', finishedAt: '2026-11-26T08:00:00.000Z' }]);
    // Delivered again later (the platform missed the acknowledgement): still run only once.
    expect(inbox.receive([signed])).toEqual({ stored: 0, refused: 0, duplicates: 1 });
    expect(inbox.pending()).toEqual([]);
  });

  it('refuses a forged, re-addressed or unknown-key command, reports each once, and does not block the real one', () => {
    const { inbox, key, stack: s } = rig();
    const real = command(key);
    const forged = { ...real, action: { kind: 'restartCore' as const } };
    const otherKiosk = command(key, { kioskId: 'K-OTHER' });
    const stranger = command(newKey(), { commandId: 'cmd-2' });
    expect(inbox.receive([forged, otherKiosk, stranger, { nonsense: true }])).toEqual({ stored: 0, refused: 4, duplicates: 0 });
    expect(inbox.receive([forged])).toMatchObject({ refused: 1 });
    const reported = results(s);
    expect(reported.map((r) => [r.commandId, r.outcome, String(r.detail).split(':')[0]])).toEqual([
      ['cmd-1', 'refused', 'badSignature'],
      ['cmd-1', 'refused', 'wrongKiosk'],
      ['cmd-2', 'refused', 'unknownKey'],
    ]);
    expect(inbox.receive([real])).toEqual({ stored: 1, refused: 0, duplicates: 0 });
    expect(inbox.pending().map((c) => c.action.kind)).toEqual(['flushQueue']);
    expect(inbox.unacknowledged().sort()).toEqual(['cmd-1', 'cmd-2']);
  });

  it('knows a command past its expiry', () => {
    let now = Date.parse('2026-11-26T08:00:00Z');
    const { inbox, key } = rig(() => now);
    inbox.receive([command(key, { expiresAt: '2026-11-26T09:00:00Z' })]);
    const [stored] = inbox.pending();
    expect(inbox.isExpired(stored!)).toBe(false);
    now = Date.parse('2026-11-26T09:00:00Z');
    expect(inbox.isExpired(stored!)).toBe(true);
  });

  it('resolves commands a kill interrupted: repeatable ones run again, a test page is not printed twice, a restart was its own effect', () => {
    const { inbox, key, stack: s } = rig();
    inbox.receive([command(key, { commandId: 'a', action: { kind: 'pullConfig' } }), command(key, { commandId: 'b', action: { kind: 'printTestPage' } }), command(key, { commandId: 'c', action: { kind: 'restartCore' } })]);
    for (const c of inbox.pending()) unwrap(inbox.markRunning(c));
    expect(inbox.recoverInterrupted(interruptedPolicy)).toBe(3);
    expect(inbox.pending().map((c) => c.commandId)).toEqual(['a']);
    expect(inbox.outcomeOf('b')).toMatchObject({ state: 'finished', outcome: 'failed' });
    expect(inbox.outcomeOf('c')).toMatchObject({ state: 'finished', outcome: 'done' });
    expect(results(s).map((r) => [r.commandId, r.outcome])).toEqual([
      ['b', 'failed'],
      ['c', 'done'],
    ]);
  });
});
