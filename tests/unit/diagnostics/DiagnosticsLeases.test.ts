// Leases held for a session of work: timeout on an injectable clock, renewal, release by the
// holder only, release of everything a connection held, and the supervisor's refusal passed on.
import { describe, expect, it } from 'vitest';
import { DiagnosticsLeases, type LeasableDevice, type LeaseEnd } from '../../../src-main/core/diagnostics/DiagnosticsLeases';
import type { DeviceLease } from '../../../src-main/core/devices/DeviceSupervisor';
import { silentLogger } from '../../../src-common/logging';
import { err, ok } from '../../../src-common/result';

/** A device that grants one lease at a time, refusing while `citizenUses` is set (as the supervisor does). */
function device(deviceId: string) {
  let held: DeviceLease | undefined;
  let counter = 0;
  const d = {
    citizenUses: false,
    get held() {
      return held;
    },
    deviceId,
    acquireLease: (holder: string) => {
      if (d.citizenUses) return err({ code: 'sequenceError' as const, description: `${deviceId}: a citizen transaction uses this device` });
      if (held) return err({ code: 'unauthorized' as const, description: `${deviceId} is already leased by ${held.holder}` });
      held = { leaseId: `${deviceId}-${++counter}`, holder, deviceId };
      return ok(held);
    },
    releaseLease: (lease: DeviceLease) => {
      if (held?.leaseId !== lease.leaseId) return false;
      held = undefined;
      return true;
    },
  };
  return d satisfies LeasableDevice;
}

function setup() {
  let now = Date.parse('2026-12-05T02:00:00Z');
  const printer = device('cert-printer');
  const reader = device('id-reader');
  const ended: Array<{ deviceId: string; reason: LeaseEnd }> = [];
  const leases = new DiagnosticsLeases({ devices: () => [printer, reader], log: silentLogger, now: () => now, onEnded: (h, reason) => ended.push({ deviceId: h.lease.deviceId, reason }) });
  const tech = { connectionId: 'c1', label: 'technician CLI (c1)', technicianId: 'cli' };
  return { leases, printer, reader, ended, tech, advance: (ms: number) => (now += ms), now: () => now };
}

const unwrap = <T, E>(r: { ok: true; value: T } | { ok: false; error: E }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

describe('DiagnosticsLeases', () => {
  it('holds a device for its minutes and gives it back when the clock passes them', () => {
    const s = setup();
    const held = unwrap(s.leases.take('cert-printer', s.tech, 10));
    expect(held.expiresAt - s.now()).toBe(10 * 60_000);
    expect(s.printer.held?.holder).toBe('technician CLI (c1)');
    s.advance(10 * 60_000 - 1);
    expect(s.leases.expireDue()).toBe(0);
    expect(s.printer.held).toBeDefined();
    s.advance(1);
    expect(s.leases.expireDue()).toBe(1);
    expect(s.printer.held).toBeUndefined();
    expect(s.ended).toEqual([{ deviceId: 'cert-printer', reason: 'expired' }]);
    expect(s.leases.heldFor('c1', 'cert-printer')).toBeUndefined();
  });

  it('a renewal pushes the timeout from now; taking the same device again renews instead of failing', () => {
    const s = setup();
    const held = unwrap(s.leases.take('cert-printer', s.tech, 10));
    s.advance(9 * 60_000);
    const renewed = unwrap(s.leases.renew(held.lease.leaseId, 'c1', 10));
    expect(renewed.expiresAt - s.now()).toBe(10 * 60_000);
    s.advance(5 * 60_000);
    const again = unwrap(s.leases.take('cert-printer', s.tech, 3));
    expect(again.lease.leaseId).toBe(held.lease.leaseId);
    expect(again.expiresAt - s.now()).toBe(3 * 60_000);
    s.advance(3 * 60_000);
    expect(s.leases.expireDue()).toBe(1);
    // A renewal after the end is refused: the technician must take the device again.
    const late = s.leases.renew(held.lease.leaseId, 'c1', 10);
    expect(late.ok ? undefined : late.error.errorCode).toBe('leaseNotFound');
  });

  it('only the holding connection may renew or release; another technician is refused the device', () => {
    const s = setup();
    const held = unwrap(s.leases.take('cert-printer', s.tech, 10));
    const other = { connectionId: 'c2', label: 'technician screen (c2)', technicianId: 'li-na' };
    expect(s.leases.release(held.lease.leaseId, 'c2')).toBe(false);
    expect(s.leases.renew(held.lease.leaseId, 'c2', 10).ok).toBe(false);
    const refused = s.leases.take('cert-printer', other, 10);
    expect(refused.ok ? undefined : refused.error.errorCode).toBe('leaseRefused');
    expect(s.leases.release(held.lease.leaseId, 'c1')).toBe(true);
    expect(s.ended).toEqual([{ deviceId: 'cert-printer', reason: 'released' }]);
    expect(s.leases.take('cert-printer', other, 10).ok).toBe(true);
  });

  it('passes on the supervisor refusal while a citizen transaction uses the device, and names unknown devices', () => {
    const s = setup();
    s.reader.citizenUses = true;
    const refused = s.leases.take('id-reader', s.tech, 10);
    expect(refused.ok ? undefined : refused.error).toMatchObject({ code: 'sequenceError', errorCode: 'leaseRefused' });
    const unknown = s.leases.take('camera-9', s.tech, 10);
    expect(unknown.ok ? undefined : unknown.error.errorCode).toBe('deviceNotConfigured');
    expect(s.leases.list()).toEqual([]);
  });

  it('ends every lease of a connection when it closes or its technician leaves, and no one else’s', () => {
    const s = setup();
    unwrap(s.leases.take('cert-printer', s.tech, 10));
    unwrap(s.leases.take('id-reader', { connectionId: 'c2', label: 'technician screen (c2)', technicianId: 'li-na' }, 10));
    expect(s.leases.releaseAllOf('c1', 'connectionClosed')).toBe(1);
    expect(s.printer.held).toBeUndefined();
    expect(s.reader.held).toBeDefined();
    expect(s.leases.releaseAllOf('c2', 'technicianExited')).toBe(1);
    expect(s.ended.map((e) => e.reason)).toEqual(['connectionClosed', 'technicianExited']);
  });

  it('clamps the minutes to 1–60', () => {
    const s = setup();
    const long = unwrap(s.leases.take('cert-printer', s.tech, 600));
    expect(long.expiresAt - s.now()).toBe(60 * 60_000);
  });
});
