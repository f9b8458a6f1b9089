// ESC/POS status bytes, declared once as data (docs/protocols/escpos.md#real-time-status-dle-eot):
// the four DLE EOT replies and the GS r 1 reply, as named bits. The simulator encodes them from
// its condition, the driver decodes them back. Every DLE EOT reply has bits 1 and 4 set and bits
// 0 and 7 clear, so an idle healthy printer answers 0x12 to each n; a GS r reply has bit 4 clear.
import { err, ok, type Result } from '../../../src-common/result';
import { flagsByte, hasFixedBits, mapped, message, P } from '../../codec/messageCoder';

/** The fixed bits of every DLE EOT reply: bit 1 and bit 4 set, bit 0 and bit 7 clear. */
const REALTIME_FIXED = { fixedMask: 0x93, fixedValue: 0x12 } as const;
/** The GS r 1 reply keeps bit 4 clear (so it is never taken for a DLE EOT reply), and bit 7. */
const IN_ORDER_FIXED = { fixedMask: 0x90, fixedValue: 0x00 } as const;

/** DLE EOT 1: printer status. */
export const PRINTER_STATUS_BYTE = flagsByte({ ...REALTIME_FIXED, flags: { drawerPin3High: 2, offline: 3, waitingForOnlineRecovery: 5, feedButtonPressed: 6 } });
/** DLE EOT 2: why the printer is offline. */
export const OFFLINE_CAUSE_BYTE = flagsByte({ ...REALTIME_FIXED, flags: { coverOpen: 2, feedingByButton: 3, stoppedByPaperEnd: 5, errorOccurred: 6 } });
/** DLE EOT 3: which error. */
export const ERROR_CAUSE_BYTE = flagsByte({ ...REALTIME_FIXED, flags: { recoverableError: 2, autocutterError: 3, unrecoverableError: 5, autoRecoverableError: 6 } });
/** DLE EOT 4: roll paper sensor; each condition is reported on two bits that are set together. */
export const PAPER_SENSOR_BYTE = flagsByte({ ...REALTIME_FIXED, flags: { nearEndLow: 2, nearEndHigh: 3, paperEndLow: 5, paperEndHigh: 6 } });
/** GS r 1: paper sensor status, processed in order with the data (bits 0–1 near end, 2–3 end). */
export const IN_ORDER_PAPER_SENSOR_BYTE = flagsByte({ ...IN_ORDER_FIXED, flags: { nearEndLow: 0, nearEndHigh: 1, paperEndLow: 2, paperEndHigh: 3 } });

/** What the four DLE EOT replies say about the printer. */
export interface PrinterCondition {
  /** DLE EOT 1 bit 3. */
  readonly offline: boolean;
  /** DLE EOT 2 bit 2. */
  readonly coverOpen: boolean;
  /** DLE EOT 4 bits 5+6 (or DLE EOT 2 bit 5: printing stopped by paper end). */
  readonly paperOut: boolean;
  /** DLE EOT 4 bits 2+3. */
  readonly paperNearEnd: boolean;
  /** DLE EOT 3 bit 3. */
  readonly cutterError: boolean;
  /** DLE EOT 3 bit 5. */
  readonly unrecoverableError: boolean;
  /** DLE EOT 3 bit 6 (e.g. head overheating). */
  readonly autoRecoverableError: boolean;
}

export const HEALTHY_CONDITION: PrinterCondition = {
  offline: false,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
};

/**
 * The replies to DLE EOT 1, 2, 3 and 4, sent as one batch, as one 4-byte message read as a
 * printer condition. Encoding sets what a printer in that condition reports (the simulator).
 */
export const REALTIME_STATUS = message<PrinterCondition>(
  mapped(P.struct({ printer: PRINTER_STATUS_BYTE, offlineCause: OFFLINE_CAUSE_BYTE, errorCause: ERROR_CAUSE_BYTE, paper: PAPER_SENSOR_BYTE }), {
    decode: ({ printer, offlineCause, errorCause, paper }): PrinterCondition => ({
      offline: printer.offline,
      coverOpen: offlineCause.coverOpen,
      paperOut: (paper.paperEndLow && paper.paperEndHigh) || offlineCause.stoppedByPaperEnd,
      paperNearEnd: paper.nearEndLow && paper.nearEndHigh,
      cutterError: errorCause.autocutterError,
      unrecoverableError: errorCause.unrecoverableError,
      autoRecoverableError: errorCause.autoRecoverableError,
    }),
    encode: (c) => {
      const anyError = c.cutterError || c.unrecoverableError || c.autoRecoverableError;
      // A printer at paper end also reports near end: the sensor passes near end first.
      const nearEnd = c.paperNearEnd || c.paperOut;
      return {
        printer: { drawerPin3High: false, offline: c.offline || c.coverOpen || c.paperOut || anyError, waitingForOnlineRecovery: false, feedButtonPressed: false },
        offlineCause: { coverOpen: c.coverOpen, feedingByButton: false, stoppedByPaperEnd: c.paperOut, errorOccurred: anyError },
        errorCause: { recoverableError: false, autocutterError: c.cutterError, unrecoverableError: c.unrecoverableError, autoRecoverableError: c.autoRecoverableError },
        paper: { nearEndLow: nearEnd, nearEndHigh: nearEnd, paperEndLow: c.paperOut, paperEndHigh: c.paperOut },
      };
    },
  }),
);

/** True when a byte has the fixed-bit pattern of a DLE EOT reply (as opposed to a GS r reply). */
export function isRealtimeStatusByte(byte: number): boolean {
  return hasFixedBits(byte, REALTIME_FIXED);
}

/** The reply byte to DLE EOT n for a condition (simulator side); 0x12 for an n outside 1–4. */
export function statusByteFor(n: number, c: PrinterCondition): number {
  return n >= 1 && n <= 4 ? REALTIME_STATUS.encode(c)[n - 1]! : REALTIME_FIXED.fixedValue;
}

/** Parses the four replies (to DLE EOT 1, 2, 3, 4 in that order) into a condition. */
export function parseStatusBytes(replies: readonly [number, number, number, number]): Result<PrinterCondition, string> {
  const decoded = REALTIME_STATUS.decode(Uint8Array.from(replies));
  return decoded.ok ? ok(decoded.value) : err(`unreadable DLE EOT replies ${replies.map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${decoded.error}`);
}

/** GS r 1 reply for a condition (simulator side). */
export function paperSensorByteFor(c: PrinterCondition): number {
  const nearEnd = c.paperNearEnd || c.paperOut;
  return IN_ORDER_PAPER_SENSOR_BYTE.encode({ nearEndLow: nearEnd, nearEndHigh: nearEnd, paperEndLow: c.paperOut, paperEndHigh: c.paperOut })[0]!;
}

/** Whether the printer can take a job now, and if not, the first reason in English. */
export function readinessOf(c: PrinterCondition): { ready: true } | { ready: false; reason: string } {
  if (c.paperOut) return { ready: false, reason: 'paper out' };
  if (c.coverOpen) return { ready: false, reason: 'cover open' };
  if (c.cutterError) return { ready: false, reason: 'autocutter error' };
  if (c.unrecoverableError) return { ready: false, reason: 'unrecoverable error' };
  if (c.autoRecoverableError) return { ready: false, reason: 'auto-recoverable error (e.g. head overheated)' };
  if (c.offline) return { ready: false, reason: 'offline' };
  return { ready: true };
}
