// DLE EOT real-time status bytes (protocols.md §2.2), both ways: the simulator builds them from
// its condition, the driver parses them back. Every reply has bits 1 and 4 set and bits 0 and 7
// clear, so an idle healthy printer answers 0x12 to each n.

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

const FIXED = 0x12;

/** True when a byte has the fixed-bit pattern of a DLE EOT reply (as opposed to a GS r reply). */
export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & 0x93) === FIXED;
}

/** The reply byte to DLE EOT n for a condition (simulator side). */
export function statusByteFor(n: number, c: PrinterCondition): number {
  const anyError = c.cutterError || c.unrecoverableError || c.autoRecoverableError;
  switch (n) {
    case 1:
      return FIXED | (c.offline || c.coverOpen || c.paperOut || anyError ? 0x08 : 0);
    case 2:
      return FIXED | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0) | (anyError ? 0x40 : 0);
    case 3:
      return FIXED | (c.cutterError ? 0x08 : 0) | (c.unrecoverableError ? 0x20 : 0) | (c.autoRecoverableError ? 0x40 : 0);
    case 4:
      return FIXED | (c.paperNearEnd || c.paperOut ? 0x0c : 0) | (c.paperOut ? 0x60 : 0);
    default:
      return FIXED;
  }
}

/** Parses the four replies (to DLE EOT 1, 2, 3, 4 in that order) into a condition. */
export function parseStatusBytes(replies: readonly [number, number, number, number]): PrinterCondition {
  const [printer, offlineCause, errorCause, paper] = replies;
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (paper & 0x60) === 0x60 || (offlineCause & 0x20) !== 0,
    paperNearEnd: (paper & 0x0c) === 0x0c,
    cutterError: (errorCause & 0x08) !== 0,
    unrecoverableError: (errorCause & 0x20) !== 0,
    autoRecoverableError: (errorCause & 0x40) !== 0,
  };
}

/** GS r 1 reply: bits 0–1 paper near end, bits 2–3 paper end; bit 4 is 0 (unlike DLE EOT). */
export function paperSensorByteFor(c: PrinterCondition): number {
  return (c.paperNearEnd || c.paperOut ? 0x03 : 0) | (c.paperOut ? 0x0c : 0);
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
