// The capability gate (design.md §4): which citizen services can run now, and why not.
// Pure: device statuses and platform reachability in, a CapabilitySummary out.
import type { Capability, DeviceClass, DeviceStatus } from '../../../src-common/domain/device';
import type { CapabilityState, CapabilitySummary, ServiceAvailability, ServiceEntry } from '../../../src-common/api/kiosk';

const DEVICE_FOR: Partial<Record<Capability, DeviceClass>> = {
  idRead: 'idCardReader',
  receiptPrint: 'receiptPrinter',
  a4Print: 'a4Printer',
  certificatePrint: 'certificatePrinter',
  cashIn: 'billAcceptor',
  scan: 'scanner',
};

/** Each home-screen service and the capabilities it needs: every group must have one available. */
export const SERVICE_NEEDS: Readonly<Record<ServiceEntry, readonly (readonly Capability[])[]>> = {
  apply: [['idRead'], ['receiptPrint']],
  bundle: [['idRead'], ['receiptPrint']],
  pay: [['cashIn', 'qrPay']],
  pickup: [['idRead'], ['certificatePrint'], ['platformOnline']],
  proof: [['idRead'], ['a4Print'], ['platformOnline']],
  query: [['platformOnline']],
};

export interface GateInput {
  readonly devices: readonly DeviceStatus[];
  readonly platformOnline: boolean;
  /** Capabilities turned off by config or by a technician, with the reason key. */
  readonly disabled?: Readonly<Partial<Record<Capability, string>>>;
  /** Services an admin switched off at this kiosk (config `services`), with the reason key. */
  readonly disabledServices?: Readonly<Partial<Record<ServiceEntry, string>>>;
}

export function evaluateCapability(capability: Capability, input: GateInput): CapabilityState {
  const disabledReason = input.disabled?.[capability];
  if (disabledReason) return { capability, available: false, reasonKey: disabledReason };
  if (capability === 'platformOnline' || capability === 'qrPay') {
    return input.platformOnline
      ? { capability, available: true }
      : { capability, available: false, reasonKey: 'reason.offline', detail: 'central platform unreachable' };
  }
  if (capability === 'camera') return { capability, available: true };
  const deviceClass = DEVICE_FOR[capability];
  const candidates = input.devices.filter((d) => d.deviceClass === deviceClass);
  if (candidates.length === 0) {
    return { capability, available: false, reasonKey: 'reason.noDevice', detail: `no ${deviceClass} configured` };
  }
  const usable = candidates.find((d) => d.state === 'online' && !(d.detail.kind === 'printer' && d.detail.paper === 'out'));
  if (usable) return { capability, available: true };
  const first = candidates[0]!;
  return { capability, available: false, reasonKey: reasonKeyFor(first), detail: `${first.deviceId}: ${first.state}${first.reason ? ` (${first.reason})` : ''}` };
}

function reasonKeyFor(status: DeviceStatus): string {
  if (status.detail.kind === 'printer') {
    if (status.detail.paper === 'out') return 'reason.paperOut';
    if (status.detail.coverOpen) return 'reason.coverOpen';
  }
  if (status.detail.kind === 'cashAcceptor' && status.detail.stacker === 'full') return 'reason.cashBoxFull';
  switch (status.state) {
    case 'deviceBusy':
      return 'reason.maintenance';
    case 'offline':
    case 'noDevice':
    case 'powerOff':
      return 'reason.deviceOffline';
    default:
      return 'reason.deviceFault';
  }
}

const ALL_CAPABILITIES: readonly Capability[] = ['idRead', 'receiptPrint', 'a4Print', 'certificatePrint', 'cashIn', 'qrPay', 'scan', 'camera', 'platformOnline'];

export function summarizeCapabilities(input: GateInput): CapabilitySummary {
  const capabilities = ALL_CAPABILITIES.map((c) => evaluateCapability(c, input));
  const byName = new Map(capabilities.map((c) => [c.capability, c]));
  const services: ServiceAvailability[] = (Object.keys(SERVICE_NEEDS) as ServiceEntry[]).map((service) => {
    const switchedOff = input.disabledServices?.[service];
    if (switchedOff) return { service, available: false, reasonKey: switchedOff };
    for (const group of SERVICE_NEEDS[service]) {
      const states = group.map((c) => byName.get(c)!);
      if (!states.some((s) => s.available)) {
        return { service, available: false, reasonKey: states[0]!.reasonKey ?? 'reason.deviceFault' };
      }
    }
    return { service, available: true };
  });
  return { capabilities, services, outOfService: services.every((s) => !s.available) };
}
