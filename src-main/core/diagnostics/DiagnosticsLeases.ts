// Diagnostics leases held for a session of work (docs/technicians.md): a technician takes a device
// for N minutes (renewable), does several things with it, and gives it back; the lease also ends
// when its connection closes, when the technician leaves diagnostics mode, and when it times out
// (checked against an injectable clock, so the timeout is tested without waiting).
import type { ApiError } from '../../../src-common/api/envelope';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { DeviceLease } from '../devices/DeviceSupervisor';

/** A device whose supervisor grants leases (the supervisor's driver type hidden). */
export interface LeasableDevice {
  readonly deviceId: string;
  acquireLease(holder: string, owner?: string): Result<DeviceLease, ApiError>;
  releaseLease(lease: DeviceLease): boolean;
}

/** Who takes a lease: the connection it dies with, and how it reads on the status board and in the audit. */
export interface LeaseHolder {
  readonly connectionId: string;
  /** e.g. `technician CLI (t3)`: shown as the device's `deviceBusy` reason. */
  readonly label: string;
  readonly technicianId: string;
}

export interface HeldLease {
  readonly lease: DeviceLease;
  readonly holder: LeaseHolder;
  readonly grantedAt: number;
  expiresAt: number;
}

/** Why a lease ended. */
export type LeaseEnd =
  | 'released' // the technician gave it back
  | 'expired' // its timeout passed without a renewal
  | 'connectionClosed' // the CLI exited or the screen's socket dropped
  | 'technicianExited'; // the technician left diagnostics mode (or its session expired)

/** Default and longest lease, in minutes: long enough for a calibration loop, short enough that a forgotten lease gives the device back before the morning. */
export const DEFAULT_LEASE_MINUTES = 10;
export const MAX_LEASE_MINUTES = 60;

export interface LeaseRefusal {
  readonly code: ApiError['code'];
  readonly errorCode: 'deviceNotConfigured' | 'leaseRefused' | 'leaseNotFound';
  readonly description: string;
}

export interface DiagnosticsLeasesOptions {
  readonly devices: () => readonly LeasableDevice[];
  readonly log: Logger;
  /** Milliseconds since the epoch; injectable for the timeout tests. */
  readonly now?: () => number;
  /** Told of every lease that ends, whatever the reason (the audit). */
  readonly onEnded?: (held: HeldLease, reason: LeaseEnd) => void;
}

export class DiagnosticsLeases {
  private readonly held = new Map<string, { readonly device: LeasableDevice; readonly held: HeldLease }>();
  private readonly now: () => number;

  constructor(private readonly options: DiagnosticsLeasesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes `deviceId` for `minutes`; refused while a citizen transaction uses it or another technician holds it. */
  take(deviceId: string, holder: LeaseHolder, minutes: number): Result<HeldLease, LeaseRefusal> {
    this.expireDue();
    const device = this.options.devices().find((d) => d.deviceId === deviceId);
    if (!device) return err({ code: 'invalidData', errorCode: 'deviceNotConfigured', description: `no leasable device ${deviceId} on this kiosk` });
    const mine = this.heldFor(holder.connectionId, deviceId);
    if (mine) return this.renew(mine.leaseId, holder.connectionId, minutes);
    const granted = device.acquireLease(holder.label, holder.connectionId);
    if (!granted.ok) return err({ code: granted.error.code, errorCode: 'leaseRefused', description: granted.error.description });
    const now = this.now();
    const held: HeldLease = { lease: granted.value, holder, grantedAt: now, expiresAt: now + clampMinutes(minutes) * 60_000 };
    this.held.set(granted.value.leaseId, { device, held });
    this.options.log.info('lease.taken', { deviceId, holder: holder.label, technician: holder.technicianId, expiresAt: new Date(held.expiresAt).toISOString() });
    return ok(held);
  }

  /** Pushes the timeout `minutes` from now; only the connection that holds the lease may. */
  renew(leaseId: string, connectionId: string, minutes: number): Result<HeldLease, LeaseRefusal> {
    this.expireDue();
    const entry = this.held.get(leaseId);
    if (!entry || entry.held.holder.connectionId !== connectionId) return err({ code: 'invalidData', errorCode: 'leaseNotFound', description: `lease ${leaseId} is not held by this connection (released or expired)` });
    entry.held.expiresAt = this.now() + clampMinutes(minutes) * 60_000;
    this.options.log.info('lease.renewed', { deviceId: entry.held.lease.deviceId, expiresAt: new Date(entry.held.expiresAt).toISOString() });
    return ok(entry.held);
  }

  /** Gives a lease back; false when this connection does not hold it. */
  release(leaseId: string, connectionId: string): boolean {
    const entry = this.held.get(leaseId);
    if (!entry || entry.held.holder.connectionId !== connectionId) return false;
    this.end(leaseId, 'released');
    return true;
  }

  /** Ends every lease of a connection (closed, or its technician left diagnostics mode). */
  releaseAllOf(connectionId: string, reason: Exclude<LeaseEnd, 'released' | 'expired'>): number {
    let ended = 0;
    for (const [leaseId, entry] of [...this.held]) {
      if (entry.held.holder.connectionId !== connectionId) continue;
      this.end(leaseId, reason);
      ended++;
    }
    return ended;
  }

  /** Ends the leases whose timeout has passed; the module calls it every second, tests after moving the clock. */
  expireDue(): number {
    const now = this.now();
    let ended = 0;
    for (const [leaseId, entry] of [...this.held]) {
      if (entry.held.expiresAt > now) continue;
      this.end(leaseId, 'expired');
      ended++;
    }
    return ended;
  }

  /** The supervisor lease a connection holds on a device, for its commands to run under. */
  heldFor(connectionId: string, deviceId: string): DeviceLease | undefined {
    for (const { held } of this.held.values()) if (held.holder.connectionId === connectionId && held.lease.deviceId === deviceId) return held.lease;
    return undefined;
  }

  list(): HeldLease[] {
    return [...this.held.values()].map((e) => e.held);
  }

  /** Releases everything (core stop). */
  dispose(): void {
    for (const leaseId of [...this.held.keys()]) this.end(leaseId, 'connectionClosed');
  }

  private end(leaseId: string, reason: LeaseEnd): void {
    const entry = this.held.get(leaseId);
    if (!entry) return;
    this.held.delete(leaseId);
    entry.device.releaseLease(entry.held.lease);
    this.options.log.info('lease.ended', { deviceId: entry.held.lease.deviceId, holder: entry.held.holder.label, reason });
    try {
      this.options.onEnded?.(entry.held, reason);
    } catch (e) {
      this.options.log.error('lease.listener_threw', { error: e });
    }
  }
}

function clampMinutes(minutes: number): number {
  return Math.min(MAX_LEASE_MINUTES, Math.max(1, Math.round(minutes)));
}
