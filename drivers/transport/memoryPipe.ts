// An in-memory pair of connected ByteTransports: a driver on one end, a simulator on the other.
// Used by the demo profile and unit tests. Optional pacing delivers bytes at a serial line rate.
import { Emitter } from '../../src-common/event';
import type { ByteTransport } from './ByteTransport';

export interface MemoryPipeOptions {
  /** Simulate a serial line: deliver at 10 bits per byte at this baud rate. Absent = immediate. */
  readonly baudRate?: number;
}

class MemoryEnd implements ByteTransport {
  peer!: MemoryEnd;
  readonly dataEmitter = new Emitter<Uint8Array>();
  readonly closeEmitter = new Emitter<Error | undefined>();
  readonly onData = this.dataEmitter.event;
  readonly onClose = this.closeEmitter.event;
  isOpen = true;
  constructor(readonly description: string, private readonly options: MemoryPipeOptions) {}

  async write(data: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new Error(`${this.description}: write on a closed pipe`);
    const copy = Uint8Array.from(data);
    const delayMs = this.options.baudRate ? (copy.length * 10 * 1000) / this.options.baudRate : 0;
    const deliver = () => {
      if (this.peer.isOpen) this.peer.dataEmitter.fire(copy);
    };
    if (delayMs > 0) setTimeout(deliver, delayMs);
    else queueMicrotask(deliver);
  }
  async close(): Promise<void> {
    this.shutdown();
    this.peer.shutdown(new Error(`${this.peer.description}: remote end closed`));
  }
  shutdown(error?: Error): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closeEmitter.fire(error);
    this.dataEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export function createMemoryPipe(name = 'memory', options: MemoryPipeOptions = {}): readonly [ByteTransport, ByteTransport] {
  const a = new MemoryEnd(`${name}:host`, options);
  const b = new MemoryEnd(`${name}:device`, options);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
