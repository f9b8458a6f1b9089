// The capability gate: each home-screen service is enabled only when what it needs works now,
// and says why not otherwise; nothing usable means out of service.
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../src-common/domain/device';
import { summarizeCapabilities } from '../../../src-main/core/capabilities/capabilityGate';

const at = '2026-11-26T00:00:00.000Z';
const device = (deviceId: string, deviceClass: DeviceStatus['deviceClass'], state: DeviceStatus['state'] = 'online', detail: DeviceStatus['detail'] = { kind: 'none' }): DeviceStatus => ({ deviceId, deviceClass, state, detail, since: at });
const printer = (paper: 'ok' | 'low' | 'out', coverOpen = false) => device('receipt', 'receiptPrinter', paper === 'out' || coverOpen ? 'userError' : 'online', { kind: 'printer', paper, coverOpen, cutterError: false });
const all = (paper: 'ok' | 'low' | 'out' = 'ok') => [device('id', 'idCardReader'), device('scan', 'scanner'), printer(paper), device('a4', 'a4Printer'), device('cert', 'certificatePrinter'), device('cash', 'billAcceptor')];
const service = (summary: ReturnType<typeof summarizeCapabilities>, name: string) => summary.services.find((s) => s.service === name)!;

describe('capability gate', () => {
  it('everything works: every service available', () => {
    const s = summarizeCapabilities({ devices: all(), platformOnline: true });
    expect(s.services.every((x) => x.available)).toBe(true);
    expect(s.outOfService).toBe(false);
  });

  it('receipt paper out turns off applying, with the reason, and leaves paying on', () => {
    const s = summarizeCapabilities({ devices: all('out'), platformOnline: true });
    expect(service(s, 'apply')).toEqual({ service: 'apply', available: false, reasonKey: 'reason.paperOut' });
    expect(service(s, 'pay').available).toBe(true);
  });

  it('paper low still prints', () => {
    expect(service(summarizeCapabilities({ devices: all('low'), platformOnline: true }), 'apply').available).toBe(true);
  });

  it('offline: QR payment off with the reason, cash still pays, query off', () => {
    const s = summarizeCapabilities({ devices: all(), platformOnline: false });
    expect(s.capabilities.find((c) => c.capability === 'qrPay')).toMatchObject({ available: false, reasonKey: 'reason.offline' });
    expect(service(s, 'pay').available).toBe(true);
    expect(service(s, 'query')).toMatchObject({ available: false, reasonKey: 'reason.offline' });
  });

  it('a leased device reads as maintenance', () => {
    const devices = all().map((d) => (d.deviceClass === 'idCardReader' ? { ...d, state: 'deviceBusy' as const } : d));
    expect(service(summarizeCapabilities({ devices, platformOnline: true }), 'apply')).toMatchObject({ available: false, reasonKey: 'reason.maintenance' });
  });

  it('nothing usable: out of service', () => {
    const s = summarizeCapabilities({ devices: [], platformOnline: false });
    expect(s.outOfService).toBe(true);
    expect(service(s, 'apply').reasonKey).toBe('reason.noDevice');
  });
});
