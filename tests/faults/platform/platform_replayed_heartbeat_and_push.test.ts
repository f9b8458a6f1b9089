// Fault: a captured heartbeat or event push is sent again, once later and once twice at the same
// moment (both land in one group-commit batch). The hot paths spend the nonce in the statement
// that records the request; a replay must still be refused and exactly one copy must count.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-common/wire/monitoringWire';
import { sendRaw, signRequest } from '../../integration/sync/support/syncHarness';
import { startRig, syntheticEvent } from './support/platformRig';

const beat = () => JSON.stringify({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 2, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] });

describe('replayed heartbeat and push', () => {
  it('refuses a replayed heartbeat, later or at the same moment; the accepted copy hands out the queued command', async () => {
    const rig = await startRig();
    const queued = await rig.admin('POST', '/admin/commands', { kioskId: rig.kioskId, action: { kind: 'flushQueue' } });
    const request = signRequest(rig.kiosk, rig.platform.url, 'POST', '/v1/heartbeat', beat());
    const both = await Promise.all([sendRaw(request), sendRaw(request)]);
    expect(both.map((a) => a.status).sort()).toEqual([200, 401]);
    const accepted = both.find((a) => a.status === 200)!;
    expect(accepted.json.commands).toEqual([expect.objectContaining({ commandId: queued.json.commandId })]);
    expect(both.find((a) => a.status === 401)!.json).toMatchObject({ error: 'replay' });
    expect(await sendRaw(request)).toMatchObject({ status: 401, json: { error: 'replay' } });
    // The refused copies recorded nothing: one dead-letter alert, raised once.
    const alerts = (await rig.admin('GET', `/admin/alerts?kioskId=${rig.kioskId}`)).json.alerts as Alert[];
    expect(alerts.map((a) => [a.code, a.occurrences])).toEqual([['deadLetters', 1]]);
  });

  it('refuses a replayed push, later or at the same moment; its events are stored once', async () => {
    const rig = await startRig();
    const events = [syntheticEvent('case:R', 1), syntheticEvent('case:R', 2)];
    const request = signRequest(rig.kiosk, rig.platform.url, 'POST', '/v1/events', JSON.stringify({ events }));
    const both = await Promise.all([sendRaw(request), sendRaw(request)]);
    expect(both.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(both.find((a) => a.status === 200)!.json.results).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);
    expect(await sendRaw(request)).toMatchObject({ status: 401, json: { error: 'replay' } });
    expect((await rig.platform.store.allEvents(rig.kioskId)).map((e) => e.streamSeq)).toEqual([1, 2]);
    // The kiosk's genuine resend (a new nonce) is answered, as duplicates.
    expect((await rig.push(events)).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
  });
});
