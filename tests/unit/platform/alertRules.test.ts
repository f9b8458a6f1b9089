// The alert rules, pure: what a heartbeat shows, how long a condition must hold, and what
// kiosk-reported alerts and bundle results mean.
import { describe, expect, it } from 'vitest';
import type { HeartbeatRequest } from '../../../src-common/wire/wire';
import { conditionKey, DEFAULT_MONITORING_POLICY, dueConditionKeys, eventAlertActions, heartbeatConditions, monitoringPolicy } from '../../../platform/server/monitoring/alertRules';

const beat = (over: Partial<HeartbeatRequest> = {}): HeartbeatRequest => ({
  sentAt: '2026-11-26T08:00:00.000Z',
  devices: [],
  queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
  versions: { app: 't', config: 't' },
  diskFreeBytes: 10 * 1024 ** 3,
  commandResults: [],
  ...over,
});

describe('heartbeatConditions', () => {
  it('finds nothing in a healthy heartbeat, nothing in a detail without consumables, nothing in a null disk', () => {
    expect([...heartbeatConditions(beat({ diskFreeBytes: null, devices: [{ deviceId: 'x', deviceClass: 'camera', state: 'online', detail: { kind: 'none' } }] }), DEFAULT_MONITORING_POLICY).keys()]).toEqual([]);
  });

  it('finds paper, cash box, offline devices, dead letters and low disk', () => {
    const shown = heartbeatConditions(
      beat({
        devices: [
          { deviceId: 'r1', deviceClass: 'receiptPrinter', state: 'online', detail: { kind: 'printer', paper: 'low', coverOpen: false, cutterError: false } },
          { deviceId: 'a4', deviceClass: 'a4Printer', state: 'userError', detail: { kind: 'printer', paper: 'out', coverOpen: false, cutterError: false } },
          { deviceId: 'c1', deviceClass: 'billAcceptor', state: 'userError', detail: { kind: 'cashAcceptor', stacker: 'full', escrow: 'empty', jammed: false } },
          { deviceId: 'id1', deviceClass: 'idCardReader', state: 'noDevice' },
          { deviceId: 'id2', deviceClass: 'idCardReader', state: 'powerOff' },
        ],
        queue: { pending: 1, deadLetter: 4, oldestPendingAgeSeconds: 3 },
        diskFreeBytes: 1024,
      }),
      DEFAULT_MONITORING_POLICY,
    );
    expect([...shown.keys()].sort()).toEqual(['cashBoxFull|c1', 'deadLetters|outbox', 'deviceOffline|id1', 'deviceOffline|id2', 'diskLow|kiosk', 'paperLow|r1', 'paperOut|a4']);
    expect(shown.get('deadLetters|outbox')!.detail).toEqual({ deadLetters: 4 });
  });
});

describe('dueConditionKeys', () => {
  it('holds device offline for its minutes, everything else at once', () => {
    const policy = monitoringPolicy({ deviceOfflineMs: 600_000 });
    const seen = { [conditionKey('deviceOffline', 'id1')]: '2026-11-26T08:00:00.000Z', [conditionKey('paperOut', 'a4')]: '2026-11-26T08:09:00.000Z' };
    expect([...dueConditionKeys(seen, Date.parse('2026-11-26T08:09:59.999Z'), policy)]).toEqual(['paperOut|a4']);
    expect([...dueConditionKeys(seen, Date.parse('2026-11-26T08:10:00.000Z'), policy)].sort()).toEqual(['deviceOffline|id1', 'paperOut|a4']);
  });

  it('watches four times per heartbeat interval unless told otherwise', () => {
    expect(monitoringPolicy({ heartbeatIntervalMs: 10_000 }).offlineCheckEveryMs).toBe(2_500);
    expect(monitoringPolicy({ heartbeatIntervalMs: 10_000, offlineCheckEveryMs: 1_000 }).offlineCheckEveryMs).toBe(1_000);
  });
});

describe('eventAlertActions', () => {
  it('mirrors what heartbeats cannot show, names unknown codes, and ignores what heartbeats derive', () => {
    expect(eventAlertActions({ kind: 'alert.raised', payload: { code: 'fraudAttempt', severity: 'critical', subject: 'c1', state: 'fraudAttempt' } })).toEqual([
      { action: 'raise', severity: 'critical', condition: { code: 'fraudAttempt', subject: 'c1', detail: { kioskCode: 'fraudAttempt', state: 'fraudAttempt' } } },
    ]);
    expect(eventAlertActions({ kind: 'alert.raised', payload: { code: 'somethingNew', severity: 'loud', subject: 'x' } })).toEqual([
      { action: 'raise', severity: 'warning', condition: { code: 'kioskReported', subject: 'somethingNew:x', detail: { kioskCode: 'somethingNew' } } },
    ]);
    expect(eventAlertActions({ kind: 'alert.cleared', payload: { code: 'somethingNew', severity: 'info', subject: 'x' } })).toEqual([{ action: 'clear', code: 'kioskReported', subject: 'somethingNew:x' }]);
    for (const code of ['paperLow', 'deviceOffline', 'deadLetter', 'diskLow', 'cashBoxFull', 'paperOut']) expect(eventAlertActions({ kind: 'alert.raised', payload: { code, severity: 'warning', subject: 's' } })).toEqual([]);
    expect(eventAlertActions({ kind: 'dev.synthetic', payload: { code: 'fraudAttempt' } })).toEqual([]);
  });

  it('raises configRolledBack for a rolled-back bundle and clears it when a bundle of that kind applies', () => {
    const base = { resultId: 'r1', kind: 'config', version: 7, previousVersion: 6, detail: 'health gate failed', at: '2026-11-26T08:00:00.000Z' };
    expect(eventAlertActions({ kind: 'fleet.bundleResult', payload: { ...base, outcome: 'rolledBack', reason: 'healthGate' } })).toEqual([
      { action: 'raise', severity: 'critical', condition: { code: 'configRolledBack', subject: 'bundle:config', detail: { version: 7, previousVersion: 6, reason: 'healthGate', detail: 'health gate failed' } } },
    ]);
    expect(eventAlertActions({ kind: 'fleet.bundleResult', payload: { ...base, outcome: 'applied' } })).toEqual([{ action: 'clear', code: 'configRolledBack', subject: 'bundle:config' }]);
    expect(eventAlertActions({ kind: 'fleet.bundleResult', payload: { ...base, outcome: 'refused', reason: 'badSignature' } })).toEqual([]);
  });

  it('raises citizenNeedsHelp for 呼叫帮助, one subject per kiosk, with the step and nothing else (#16 item 15)', () => {
    const payload = { requestId: 'h-1', service: 'apply', step: 'form', requestedAt: '2026-12-05T08:00:00.000Z' };
    expect(eventAlertActions({ kind: 'help.requested', payload })).toEqual([{ action: 'raise', severity: 'critical', condition: { code: 'citizenNeedsHelp', subject: 'help', detail: payload } }]);
    expect(eventAlertActions({ kind: 'help.struggleCounts', payload: { hourStart: '2026-12-05T08:00:00.000Z', counts: [] } })).toEqual([]);
  });
});
