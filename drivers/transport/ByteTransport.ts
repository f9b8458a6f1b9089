// The minimal byte-stream seam every serial-style driver talks through (after vxsuite's
// minimal transport types): a real serial port, a USB printer device file, a TCP socket, an HID
// report adapter or an in-memory pipe to a simulator all look the same to a driver.

export interface ByteTransport {
  /** Human-readable endpoint for technicians' messages, e.g. `/dev/ttyUSB0@115200`. */
  readonly description: string;
  /** Resolves once the bytes are handed to the OS (drain); rejects when the link is gone. */
  write(data: Uint8Array): Promise<void>;
  /** Subscribes to incoming bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Fires once when the link closes for any reason (unplug, remote end gone, close()). */
  onClose(listener: (error?: Error) => void): () => void;
  readonly isOpen: boolean;
  close(): Promise<void>;
}

/** A small listener set used by transports. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();
  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(...args: A): void {
    for (const l of [...this.set]) l(...args);
  }
  clear(): void {
    this.set.clear();
  }
}
