// Which alert conditions a device status implies. Pure: the alert service diffs the conditions of
// the previous and the new status to raise and clear alerts.
import type { DeviceStatus } from '../../../src-common/domain/device';

/** An alert condition, by what a technician must do. */
export type AlertCode =
  | 'deviceOffline' // not answering, unplugged or powered off: check cable and power
  | 'deviceFault' // hardware error reported by the device
  | 'deviceNeedsAttention' // a fault an attendant can clear (paper out, cover open, jam)
  | 'fraudAttempt' // the device reports tampering
  | 'paperLow' // printer paper near end: refill soon
  | 'paperOut' // printer out of paper
  | 'cashBoxFull' // bill acceptor stacker full: collect cash (清机)
  | 'cashBoxRemoved' // stacker removed outside a collection
  | 'deadLetter' // the platform rejected a record as invalid
  | 'diskLow'; // little free disk space left

export type AlertSeverity = 'info' | 'warning' | 'critical';

export const ALERT_SEVERITY: Readonly<Record<AlertCode, AlertSeverity>> = {
  deviceOffline: 'critical',
  deviceFault: 'critical',
  deviceNeedsAttention: 'warning',
  fraudAttempt: 'critical',
  paperLow: 'warning',
  paperOut: 'critical',
  cashBoxFull: 'critical',
  cashBoxRemoved: 'critical',
  deadLetter: 'warning',
  diskLow: 'warning',
};

export function deviceAlertCodes(status: DeviceStatus | undefined): Set<AlertCode> {
  const codes = new Set<AlertCode>();
  if (!status) return codes;
  switch (status.state) {
    case 'offline':
    case 'powerOff':
    case 'noDevice':
      codes.add('deviceOffline');
      break;
    case 'hardwareError':
      codes.add('deviceFault');
      break;
    case 'userError':
      codes.add('deviceNeedsAttention');
      break;
    case 'fraudAttempt':
      codes.add('fraudAttempt');
      break;
    case 'online':
    case 'deviceBusy':
      break;
    default: {
      const never: never = status.state;
      throw new Error(`unknown device state ${String(never)}`);
    }
  }
  const detail = status.detail;
  switch (detail.kind) {
    case 'printer':
      if (detail.paper === 'low') codes.add('paperLow');
      if (detail.paper === 'out') codes.add('paperOut');
      break;
    case 'cashAcceptor':
      if (detail.stacker === 'full') codes.add('cashBoxFull');
      if (detail.stacker === 'removed') codes.add('cashBoxRemoved');
      break;
    case 'cardReader':
    case 'none':
      break;
    default: {
      const never: never = detail;
      throw new Error(`unknown device detail ${JSON.stringify(never)}`);
    }
  }
  return codes;
}
