// Turns conditions a technician must act on into `alert.raised` / `alert.cleared` events in the
// outbox (design.md §5–6): device status changes, paper low, cash box full, device offline, dead
// letters, disk low. One stream per subject keeps raise and clear in order.
import type { DeviceStatus } from '../../../src-common/domain/device';
import type { Logger } from '../../../src-common/logging';
import type { Outbox } from '../outbox/Outbox';
import type { DeadLetter } from '../outbox/outboxTypes';
import { serviceId } from '../composition/serviceId';
import { ALERT_SEVERITY, deviceAlertCodes, type AlertCode } from './deviceAlerts';

/** Below this much free space the kiosk raises `diskLow` (a day of records and logs needs far less). */
export const DISK_LOW_BYTES = 500 * 1024 * 1024;

export class AlertService {
  private readonly active = new Set<string>();

  constructor(
    private readonly outbox: Outbox,
    private readonly log: Logger,
  ) {}

  /** Raises an alert once; raising an active alert again is not an event. */
  raise(code: AlertCode, subject: string, detail: Readonly<Record<string, unknown>> = {}): void {
    const key = `${code}|${subject}`;
    if (this.active.has(key) && code !== 'deadLetter') return;
    // Marked active only once recorded: a raise refused by a full disk is tried again next time.
    if (this.record('alert.raised', code, subject, detail)) this.active.add(key);
  }

  clear(code: AlertCode, subject: string): void {
    const key = `${code}|${subject}`;
    if (!this.active.has(key)) return;
    if (this.record('alert.cleared', code, subject, {})) this.active.delete(key);
  }

  isActive(code: AlertCode, subject: string): boolean {
    return this.active.has(`${code}|${subject}`);
  }

  onDeviceStatus(status: DeviceStatus, previous: DeviceStatus | undefined): void {
    const before = deviceAlertCodes(previous);
    const after = deviceAlertCodes(status);
    for (const code of after) if (!before.has(code) || !this.isActive(code, status.deviceId)) this.raise(code, status.deviceId, { deviceClass: status.deviceClass, state: status.state, ...(status.reason ? { reason: status.reason } : {}) });
    for (const code of before) if (!after.has(code)) this.clear(code, status.deviceId);
  }

  onDeadLetters(dead: readonly DeadLetter[]): void {
    for (const d of dead) {
      // An alert that was itself rejected must not raise another alert (it could loop).
      if (d.kind.startsWith('alert.')) continue;
      this.raise('deadLetter', `job:${d.jobId}`, { jobId: d.jobId, kind: d.kind, streamKey: d.streamKey, reason: d.reason.slice(0, 300) });
    }
  }

  onDiskFree(freeBytes: number | null): void {
    if (freeBytes === null) return;
    if (freeBytes < DISK_LOW_BYTES) this.raise('diskLow', 'kiosk', { freeBytes });
    else this.clear('diskLow', 'kiosk');
  }

  private record(kind: 'alert.raised' | 'alert.cleared', code: AlertCode, subject: string, detail: Readonly<Record<string, unknown>>): boolean {
    const written = this.outbox.enqueue({ streamKey: `alert:${subject}`, kind, payload: { code, severity: ALERT_SEVERITY[code], subject, ...detail } });
    if (written.ok) this.log.info(kind === 'alert.raised' ? 'alert.raised' : 'alert.cleared', { code, subject });
    else this.log.error('alert.not_recorded', { code, subject, error: written.error.message });
    return written.ok;
  }
}

/** Raises alerts into the outbox (alerts module). */
export const AlertServiceId = serviceId<AlertService>('alerts');
