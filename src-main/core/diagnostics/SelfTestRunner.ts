// Runs a device's self-test table under a diagnostics lease (design.md §4): the lease is refused
// while a citizen session is active, citizens see the device as `deviceBusy` (maintenance) while
// it is held, and it is released when the run ends, whatever happens.
import type { ApiError } from '../../../src-common/api/envelope';
import type { SelfTestRun, SelfTestStep } from '../../../src-common/api/technician';
import type { DeviceClass } from '../../../src-common/domain/device';
import { err, ok, type Result } from '../../../src-common/result';
import type { DeviceLease, DeviceLink, DeviceSupervisor } from '../devices/DeviceSupervisor';
import { newUlid } from '../ids/ulids';
import type { SelfTestTable, StepContext } from './selfTestTables';

/** One configured device the technician can self-test, its driver type hidden in a closure. */
export interface TestableDevice {
  readonly deviceId: string;
  readonly deviceClass: DeviceClass;
  readonly driver: string;
  /** Runs the whole table under one lease (the technician's held one, or its own); refused (leaseRefused) when the lease is. */
  run(holder: string, step: Omit<StepContext, 'scratch'>, requestedBy: string, heldLease?: DeviceLease): Promise<Result<SelfTestRun, ApiError>>;
  acquireLease(holder: string, owner?: string): Result<DeviceLease, ApiError>;
  releaseLease(lease: DeviceLease): boolean;
}

export function testableDevice<D, L extends DeviceLink>(
  info: { readonly deviceId: string; readonly deviceClass: DeviceClass; readonly driver: string },
  supervisor: DeviceSupervisor<D, L>,
  table: SelfTestTable<D>,
): TestableDevice {
  return {
    ...info,
    acquireLease: (holder, owner) => supervisor.acquireLease(holder, owner),
    releaseLease: (lease) => supervisor.releaseLease(lease),
    async run(holder, stepContext, requestedBy, heldLease) {
      const lease = heldLease ? ok(heldLease) : supervisor.acquireLease(holder);
      if (!lease.ok) return err(lease.error);
      const startedAt = new Date().toISOString();
      const steps: SelfTestStep[] = [];
      const scratch = new Map<string, unknown>();
      try {
        for (const row of table) {
          const began = performance.now();
          const result = await supervisor.run({ lease: lease.value, evenIfFaulted: true }, async (driver) => ok(await row.run(driver, { ...stepContext, scratch })));
          const durationMs = Math.round(performance.now() - began);
          const verdict = result.ok ? result.value : { outcome: 'failed' as const, detail: result.error.description };
          steps.push({ action: row.action, outcome: verdict.outcome, durationMs, ...(verdict.detail ? { detail: verdict.detail.slice(0, 500) } : {}) });
          if (stepContext.signal.aborted) break;
        }
      } finally {
        if (!heldLease) supervisor.releaseLease(lease.value);
      }
      return ok({
        runId: newUlid(),
        deviceId: info.deviceId,
        deviceClass: info.deviceClass,
        driver: info.driver,
        startedAt,
        finishedAt: new Date().toISOString(),
        outcome: steps.some((s) => s.outcome === 'failed') ? 'failed' : 'passed',
        steps,
        requestedBy,
      });
    },
  };
}

/** Runs `work` on a supervised device under the technician's held lease, or a lease of its own released afterwards. */
export async function withLease<D, L extends DeviceLink, T>(
  supervisor: DeviceSupervisor<D, L>,
  holder: string,
  work: (driver: D) => Promise<Result<T, ApiError>>,
  heldLease?: DeviceLease,
): Promise<Result<T, ApiError & { readonly leaseRefused?: true }>> {
  if (heldLease) return supervisor.run({ lease: heldLease, evenIfFaulted: true }, work);
  const lease = supervisor.acquireLease(holder);
  if (!lease.ok) return err({ ...lease.error, leaseRefused: true });
  try {
    return await supervisor.run({ lease: lease.value, evenIfFaulted: true }, work);
  } finally {
    supervisor.releaseLease(lease.value);
  }
}
