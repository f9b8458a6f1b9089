// The one place device statuses live (design.md §4). Drivers' managers write here; the API
// broadcast, the capability gate, the heartbeat and alerts read from here. Change-only: writing
// an identical status is not an event.
import { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../../../src-common/domain/device';

export class DeviceStatusBoard {
  private readonly statuses = new Map<string, DeviceStatus>();
  private readonly emitter = new EventEmitter();

  list(): DeviceStatus[] {
    return [...this.statuses.values()];
  }

  get(deviceId: string): DeviceStatus | undefined {
    return this.statuses.get(deviceId);
  }

  /** Records a status; emits `onDidChange` only when state, detail or reason changed. */
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
    this.emitter.emit('change', next, previous);
  }

  remove(deviceId: string): void {
    this.statuses.delete(deviceId);
  }

  onDidChange(listener: (status: DeviceStatus, previous: DeviceStatus | undefined) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
