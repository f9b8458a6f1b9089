import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../src-common/domain/device';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { AlertService, DISK_LOW_BYTES } from '../../../src-main/core/alerts/AlertService';
import { deviceAlertCodes } from '../../../src-main/core/alerts/deviceAlerts';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { openSyncStack, type SyncStack } from '../../../src-main/core/sync/openSyncStack';
import { tempDir } from '../../integration/sync/support/syncHarness';

const printer = (paper: 'ok' | 'low' | 'out', state: DeviceStatus['state'] = 'online'): Omit<DeviceStatus, 'since'> => ({
  deviceId: 'receipt-1',
  deviceClass: 'receiptPrinter',
  state,
  detail: { kind: 'printer', paper, coverOpen: false, cutterError: false },
});

const stacks: SyncStack[] = [];
afterEach(() => {
  for (const s of stacks.splice(0)) s.close();
});

describe('alerts', () => {
  it('maps device statuses to alert conditions', () => {
    expect([...deviceAlertCodes({ ...printer('low'), since: '' })]).toEqual(['paperLow']);
    expect([...deviceAlertCodes({ ...printer('out', 'userError'), since: '' })].sort()).toEqual(['deviceNeedsAttention', 'paperOut']);
    expect([...deviceAlertCodes({ deviceId: 'cash', deviceClass: 'billAcceptor', state: 'online', detail: { kind: 'cashAcceptor', stacker: 'full', escrow: 'empty', jammed: false }, since: '' })]).toEqual(['cashBoxFull']);
    expect([...deviceAlertCodes({ deviceId: 'id', deviceClass: 'idCardReader', state: 'offline', detail: { kind: 'none' }, since: '' })]).toEqual(['deviceOffline']);
  });

  it('queues alert.raised and alert.cleared events from device status changes, once each', () => {
    const stack = unwrap(openSyncStack({ dataDir: tempDir('alerts'), log: silentLogger }));
    stacks.push(stack);
    const alerts = new AlertService(stack.outbox, silentLogger);
    const board = new DeviceStatusBoard();
    board.onDidChange(({ status, previous }) => alerts.onDeviceStatus(status, previous));
    board.set(printer('ok'));
    board.set(printer('low'));
    board.set({ ...printer('low'), reason: 'still low' }); // same condition: no second alert
    board.set(printer('ok'));
    board.set(printer('ok', 'offline'));
    alerts.onDiskFree(DISK_LOW_BYTES - 1);
    alerts.onDiskFree(DISK_LOW_BYTES - 2);
    alerts.onDeadLetters([{ jobId: 7, idempotencyKey: 'k', streamKey: 'case:A', kind: 'application.submitted', reason: 'invalid', deadAt: '' }]);
    alerts.onDeadLetters([{ jobId: 8, idempotencyKey: 'k2', streamKey: 'alert:x', kind: 'alert.raised', reason: 'invalid', deadAt: '' }]);
    const rows = stack.db.prepare('SELECT stream_key, kind, payload_json FROM outbox_jobs ORDER BY id').all() as { stream_key: string; kind: string; payload_json: string }[];
    expect(rows.map((r) => `${r.kind}:${(JSON.parse(r.payload_json) as { code: string }).code}@${r.stream_key}`)).toEqual([
      'alert.raised:paperLow@alert:receipt-1',
      'alert.cleared:paperLow@alert:receipt-1',
      'alert.raised:deviceOffline@alert:receipt-1',
      'alert.raised:diskLow@alert:kiosk',
      'alert.raised:deadLetter@alert:job:7',
    ]);
  });
});
