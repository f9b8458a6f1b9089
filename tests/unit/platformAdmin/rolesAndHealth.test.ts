// Roles and permissions (who may do what), the fleet's liveness and problem rules read from a
// heartbeat, the region drill-down, and endpoint URLs of the typed console client.
import { describe, expect, it } from 'vitest';
import { endpointUrl } from '../../../platform/api/endpoint';
import { PERMISSIONS, permissionsOf, roleAllows, type AdminRole, type Permission } from '../../../platform/api/roles';
import { derivedHeartbeatColumns, heartbeatProblems, livenessOf, offlineAfterMs } from '../../../platform/server/fleet/kioskHealth';
import { childRegionLength } from '../../../platform/server/store/fleetStore';

describe('roles', () => {
  it('nest: each role holds every permission of the one below, and exactly these', () => {
    const table: Record<AdminRole, Permission[]> = {
      viewer: ['fleet.read', 'alerts.read'],
      operator: ['fleet.read', 'kiosk.tag', 'kiosk.command', 'kiosk.provision', 'alerts.read', 'alerts.handle', 'cases.read', 'cases.move', 'audit.read', 'rollout.stop'],
      publisher: Object.keys(PERMISSIONS) as Permission[],
    };
    for (const [role, permissions] of Object.entries(table) as Array<[AdminRole, Permission[]]>) {
      expect(permissionsOf(role)).toEqual(permissions);
      for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(roleAllows(role, p)).toBe(permissions.includes(p));
    }
  });
});

const beat = (devices: unknown[], extra: Record<string, unknown> = {}) => ({
  sentAt: '2026-12-05T02:00:00.000Z',
  devices,
  queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
  versions: { app: '0.1.1', config: 'site-1' },
  diskFreeBytes: 10 * 1024 ** 3,
  ...extra,
});
const device = (deviceId: string, state: string, detail?: unknown) => ({ deviceId, deviceClass: 'receiptPrinter', state, ...(detail ? { detail } : {}) });

describe('kiosk problems read from a heartbeat', () => {
  it('names the most specific problem per device and treats a busy device as healthy', () => {
    const printer = (paper: string) => ({ kind: 'printer', paper, coverOpen: false, cutterError: false });
    expect(heartbeatProblems(beat([device('a', 'online', printer('ok')), device('b', 'deviceBusy')]))).toEqual([]);
    expect(heartbeatProblems(beat([device('a', 'userError', printer('out'))]))).toEqual([{ code: 'paperOut', deviceId: 'a' }]);
    expect(heartbeatProblems(beat([device('a', 'hardwareError', printer('low'))]))).toEqual([
      { code: 'paperLow', deviceId: 'a' },
      { code: 'deviceFault', deviceId: 'a' },
    ]);
    expect(heartbeatProblems(beat([device('c', 'userError', { kind: 'cashAcceptor', stacker: 'full', escrow: 'empty', jammed: false })]))).toEqual([{ code: 'cashBoxFull', deviceId: 'c' }]);
    expect(heartbeatProblems(beat([device('c', 'offline', { kind: 'cashAcceptor', stacker: 'removed', escrow: 'empty', jammed: false })]))).toEqual([
      { code: 'cashBoxRemoved', deviceId: 'c' },
      { code: 'deviceFault', deviceId: 'c' },
    ]);
    expect(heartbeatProblems(beat([], { queue: { pending: 3, deadLetter: 1, oldestPendingAgeSeconds: 9 }, diskFreeBytes: 100 * 1024 ** 2 }))).toEqual([
      { code: 'deadLetters', deviceId: null },
      { code: 'diskLow', deviceId: null },
    ]);
  });

  it('reads an older or damaged heartbeat for what it has, never throwing', () => {
    expect(heartbeatProblems(null)).toEqual([]);
    expect(heartbeatProblems({ devices: 'garbage', queue: 7 })).toEqual([]);
    expect(derivedHeartbeatColumns({ versions: { app: 42 } })).toEqual({ degraded: false, reportedAppVersion: null, reportedConfig: null });
    expect(derivedHeartbeatColumns(beat([device('a', 'hardwareError')]))).toEqual({ degraded: true, reportedAppVersion: '0.1.1', reportedConfig: 'site-1' });
  });
});

describe('liveness', () => {
  it('is offline after exactly three missed 60-second heartbeats', () => {
    const limit = offlineAfterMs(60);
    expect(limit).toBe(180_000);
    const at = new Date('2026-12-05T02:00:00.000Z');
    expect(livenessOf(null, false, at.getTime(), limit)).toBe('never');
    expect(livenessOf(at, false, at.getTime() + limit, limit)).toBe('online');
    expect(livenessOf(at, true, at.getTime() + limit, limit)).toBe('degraded');
    expect(livenessOf(at, false, at.getTime() + limit + 1, limit)).toBe('offline');
  });

  it('drills into regions one level at a time: province, city, county, township, village', () => {
    expect([undefined, '42', '4202', '420281', '420281102', '420281102201'].map(childRegionLength)).toEqual([4, 4, 6, 9, 12, 12]);
  });
});

describe('endpoint URLs', () => {
  it('fill and encode path parameters, and leave empty query values out', () => {
    expect(endpointUrl('/admin/kiosks/{kioskId}/events', { kioskId: 'K-1/2' }, { before: 9, limit: undefined, kind: '' })).toBe('/admin/kiosks/K-1%2F2/events?before=9');
    expect(endpointUrl('/admin/kiosks', undefined, { hardware: 'ZZJ-A1 立式', status: 'offline' })).toBe('/admin/kiosks?hardware=ZZJ-A1+%E7%AB%8B%E5%BC%8F&status=offline');
    expect(() => endpointUrl('/admin/accounts/{username}', {})).toThrow(/username/);
  });
});
