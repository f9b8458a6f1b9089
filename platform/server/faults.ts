// Test and demo fault injection for the reference platform (admin API `POST /admin/faults`):
// answer 500/503 with Retry-After, reset connections in the middle of a batch, or act down.
import type { InjectFaultRequest } from '../../src-common/wire/admin';

/** The fault currently injected (see InjectFaultRequest for each variant's meaning). */
export type PlatformFault = InjectFaultRequest;

export class FaultControl {
  private fault: PlatformFault = { kind: 'none' };
  /** How many requests each fault affected, for tests. */
  triggered = 0;

  set(fault: PlatformFault): void {
    this.fault = fault;
    this.triggered = 0;
  }

  get current(): PlatformFault {
    return this.fault;
  }

  /** The fault to apply to this request, consuming one of `remaining`. */
  take(kind: PlatformFault['kind']): PlatformFault | undefined {
    const fault = this.fault;
    if (fault.kind !== kind) return undefined;
    this.triggered++;
    if ('remaining' in fault && fault.remaining !== undefined) {
      if (fault.remaining <= 1) this.fault = { kind: 'none' };
      else this.fault = { ...fault, remaining: fault.remaining - 1 };
    }
    return fault;
  }
}
