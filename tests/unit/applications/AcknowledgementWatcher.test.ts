import { describe, expect, it } from 'vitest';
import type { ApplicationSyncState } from '../../../src-common/api/applications';
import { ACK_POLL_INTERVAL_MS, AcknowledgementWatcher } from '../../../src-main/core/applications/AcknowledgementWatcher';

describe('AcknowledgementWatcher', () => {
  it('resolves as soon as the job settles, and with queued at the timeout', async () => {
    const states = new Map<number, ApplicationSyncState>([
      [1, 'queued'],
      [2, 'queued'],
    ]);
    const watcher = new AcknowledgementWatcher((id) => states.get(id) ?? 'queued');
    const started = Date.now();
    const acked = watcher.wait(1, 5_000);
    const timedOut = watcher.wait(2, 300);
    expect(watcher.waiting).toBe(2);
    setTimeout(() => states.set(1, 'acknowledged'), 50);
    expect(await acked).toBe('acknowledged');
    expect(Date.now() - started).toBeLessThan(50 + ACK_POLL_INTERVAL_MS * 3);
    expect(await timedOut).toBe('queued');
    expect(watcher.waiting).toBe(0);
  });

  it('answers at once for a settled job and on abort with the current state', async () => {
    const watcher = new AcknowledgementWatcher((id) => (id === 9 ? 'deadLetter' : 'queued'));
    expect(await watcher.wait(9, 10_000)).toBe('deadLetter');
    const abort = new AbortController();
    const pending = watcher.wait(3, 10_000, abort.signal);
    abort.abort();
    expect(await pending).toBe('queued');
    expect(watcher.waiting).toBe(0);
  });
});
