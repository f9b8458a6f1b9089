// Fault: a kiosk falls silent (power cut, network down, app dead) (issue #12 item 4). The
// platform's offline watch, with the platform's clock moved by the test (no waiting), calls a
// kiosk offline once it has missed 3 heartbeats, raises one kioskOffline alert however often the
// watch runs, and the kiosk's next heartbeat clears it. A platform that was itself down does not
// blame the kiosks for the heartbeats it could not receive.
import { describe, expect, it } from 'vitest';
import type { Alert, AlertHistoryEntry } from '../../../src-common/wire/monitoringWire';
import { startOpsRig } from '../../integration/platform/support/opsRig';

const INTERVAL = 60_000;

describe('kiosk misses three heartbeats', () => {
  it('is offline after three missed heartbeats, alerted once, and back with its next heartbeat', async () => {
    const rig = await startOpsRig({ monitoring: { heartbeatIntervalMs: INTERVAL, missedHeartbeats: 3 } });
    const offlineAlerts = async () => (await rig.admin<{ alerts: Alert[] }>('GET', `/admin/alerts?state=active&code=kioskOffline&kioskId=${rig.kioskId}`)).json.alerts;
    // Alive: a heartbeat every interval while the watch runs.
    for (let i = 0; i < 4; i++) {
      if (i > 0) rig.clock.advance(INTERVAL);
      await rig.heartbeat();
      expect((await rig.platform.store.watchOffline()).markedOffline).toEqual([]);
    }
    // Then silent. Two beats missed and most of a third interval gone: still online.
    rig.clock.advance(3 * INTERVAL - 1000);
    expect(await rig.platform.store.watchOffline()).toEqual({ ran: true, markedOffline: [] });
    expect(await offlineAlerts()).toEqual([]);
    // The third is missed: offline by the next pass of the watch (every quarter interval).
    rig.clock.advance(INTERVAL / 4);
    expect(await rig.platform.store.watchOffline()).toEqual({ ran: true, markedOffline: [rig.kioskId] });
    const [alert] = await offlineAlerts();
    expect(alert).toMatchObject({ code: 'kioskOffline', subject: 'kiosk', severity: 'critical', source: 'monitor', detail: { missedHeartbeats: 3, heartbeatIntervalSeconds: 60 } });
    expect(Date.parse(alert!.raisedAt) - Date.parse(String(alert!.detail.lastHeartbeatAt))).toBeLessThanOrEqual(3 * INTERVAL + INTERVAL / 4);
    // Further passes change nothing: one alert, not one per pass.
    for (let i = 0; i < 3; i++) {
      rig.clock.advance(INTERVAL / 4);
      expect((await rig.platform.store.watchOffline()).markedOffline).toEqual([]);
    }
    expect(await offlineAlerts()).toHaveLength(1);
    expect((await offlineAlerts())[0]!.occurrences).toBe(1);

    rig.clock.advance(INTERVAL);
    expect((await rig.heartbeat()).status).toBe(200);
    expect(await offlineAlerts()).toEqual([]);
    const detail = await rig.admin<{ alert: Alert; history: AlertHistoryEntry[] }>('GET', `/admin/alerts/${alert!.alertId}`);
    expect(detail.json.alert).toMatchObject({ state: 'cleared', clearedBy: 'platform' });
    expect(detail.json.history.map((h) => h.action)).toEqual(['raised', 'cleared']);
    // Silent again: a new alert.
    rig.clock.advance(3 * INTERVAL + 1);
    expect((await rig.platform.store.watchOffline()).markedOffline).toEqual([rig.kioskId]);
    expect((await offlineAlerts())[0]!.alertId).not.toBe(alert!.alertId);
  });

  it('does not call kiosks offline for heartbeats missed while the platform itself was down', async () => {
    const rig = await startOpsRig({ monitoring: { heartbeatIntervalMs: INTERVAL, missedHeartbeats: 3 } });
    await rig.heartbeat();
    // The platform is down for an hour of maintenance, then comes back on the same data.
    rig.clock.advance(3_600_000);
    const again = await rig.restartPlatform();
    expect(await again.store.watchOffline()).toEqual({ ran: false, markedOffline: [] });
    // Listening for three intervals without a beat from the kiosk: now it is offline.
    rig.clock.advance(3 * INTERVAL);
    expect(await again.store.watchOffline()).toEqual({ ran: true, markedOffline: [rig.kioskId] });
  });
});

