// The one place device statuses live (design.md §4). Every device's supervisor writes here; the API
// broadcast, the capability gate, the heartbeat and alerts read from here. Change-only: writing
// an identical status is not an event.
import type { DeviceStatus } from '../../../src-common/domain/device';
import { Emitter } from '../../../src-common/event';

/** One change on the board: the new status and the one it replaced (absent for a new device). */
export interface DeviceStatusChange {
  readonly status: DeviceStatus;
  readonly previous: DeviceStatus | undefined;
}

export class DeviceStatusBoard {
  private readonly statuses = new Map<string, DeviceStatus>();
  private readonly changed = new Emitter<DeviceStatusChange>();
  /** Fires only when a device's state, detail or reason changed. */
  readonly onDidChange = this.changed.event;

  list(): DeviceStatus[] {
    return [...this.statuses.values()];
  }

  get(deviceId: string): DeviceStatus | undefined {
    return this.statuses.get(deviceId);
  }

  /** Records a status; fires `onDidChange` only when state, detail or reason changed. */
  set(status: Omit<DeviceStatus, 'since'> & { since?: string }): void {
    const previous = this.statuses.get(status.deviceId);
    if (
      previous &&
      previous.state === status.state &&
      previous.reason === status.reason &&
      JSON.stringify(previous.detail) === JSON.stringify(status.detail)
    ) {
      return;
    }
    const next: DeviceStatus = { ...status, since: status.since ?? new Date().toISOString() };
    this.statuses.set(status.deviceId, next);
    this.changed.fire({ status: next, previous });
  }

  remove(deviceId: string): void {
    this.statuses.delete(deviceId);
  }
}
