// Fault: one event nested 5,000 levels deep (today's main answers the whole batch with a 500, and
// the kiosk retries it forever, stalling every stream). It is rejected alone, as invalid, with
// its reason; the other events of the batch are stored, and later ones of its stream wait.
import { describe, expect, it } from 'vitest';
import { sendRaw, signRequest } from '../../integration/sync/support/syncHarness';
import { startRig, syntheticEvent } from './support/platformRig';

describe('platform: deeply nested payload', () => {
  it('rejects the 5,000-deep item alone and stores its neighbours', async () => {
    const { platform, kiosk } = await startRig();
    const good = syntheticEvent('case:GOOD', 1);
    const deep = syntheticEvent('case:DEEP', 1, { d: '__DEEP__' });
    const afterDeep = syntheticEvent('case:DEEP', 2);
    // Built as text: JSON.stringify itself cannot nest that far.
    const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const body = JSON.stringify({ events: [good, deep, afterDeep] }).replace('"__DEEP__"', nested);
    const answer = await sendRaw(signRequest(kiosk, platform.url, 'POST', '/v1/events', body));
    expect(answer.status).toBe(200);
    const results = answer.json.results as Array<{ status: string; retryable?: boolean; reason?: string }>;
    expect(results[0]).toMatchObject({ status: 'accepted' });
    expect(results[1]).toMatchObject({ status: 'rejected', retryable: false, reason: expect.stringMatching(/nested deeper than 32 levels/) });
    expect(results[2]).toMatchObject({ status: 'rejected', retryable: true, reason: expect.stringMatching(/^blockedByEarlier/) });
    expect((await platform.store.allEvents()).map((e) => e.streamKey)).toEqual(['case:GOOD']);
  });

  it('rejects text the database cannot store (NUL, a lone surrogate) alone', async () => {
    const { push } = await startRig();
    const answer = await push([syntheticEvent('case:N', 1, { text: 'a\u0000b' }), syntheticEvent('case:S', 1, { text: '\ud800' }), syntheticEvent('case:OK', 1)]);
    expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(answer.results[0]).toMatchObject({ reason: expect.stringMatching(/NUL or an unpaired UTF-16 surrogate/) });
  });
});
