// The minimal byte-stream seam every serial-style driver talks through (after vxsuite's
// minimal transport types): a real serial port, a USB printer device file, a TCP socket, an HID
// report adapter or an in-memory pipe to a simulator all look the same to a driver.
import type { Event } from '../../src-common/event';

export interface ByteTransport {
  /** Human-readable endpoint for technicians' messages, e.g. `/dev/ttyUSB0@115200`. */
  readonly description: string;
  /** Resolves once the bytes are handed to the OS (drain); rejects when the link is gone. */
  write(data: Uint8Array): Promise<void>;
  /** Incoming bytes, in arrival order. */
  readonly onData: Event<Uint8Array>;
  /** Fires once when the link closes for any reason (unplug, remote end gone, close()); the error says why, if known. */
  readonly onClose: Event<Error | undefined>;
  readonly isOpen: boolean;
  close(): Promise<void>;
}
