// A ByteTransport over the real `serialport` package. Modem lines (DTR/RTS) are optional:
// PTYs refuse them, so a failure to set them is not a failure to open.
import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../src-common/result';
import { Emitter } from '../../src-common/event';
import type { ByteTransport } from './ByteTransport';

export interface SerialOpenOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits?: 7 | 8;
  readonly parity?: 'none' | 'even' | 'odd';
  readonly stopBits?: 1 | 2;
}

class SerialTransport implements ByteTransport {
  readonly description: string;
  private readonly dataEmitter = new Emitter<Uint8Array>();
  private readonly closeEmitter = new Emitter<Error | undefined>();
  readonly onData = this.dataEmitter.event;
  readonly onClose = this.closeEmitter.event;
  private closed = false;

  constructor(private readonly port: SerialPort, options: SerialOpenOptions) {
    this.description = `${options.path}@${options.baudRate}`;
    port.on('data', (chunk: Buffer) => this.dataEmitter.fire(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    port.on('close', (error?: Error | null) => this.finish(error ?? undefined));
    port.on('error', (error: Error) => this.finish(error));
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new Error(`${this.description}: port is closed`));
        return;
      }
      this.port.write(Buffer.from(data), (error) => {
        if (error) {
          reject(error);
          return;
        }
        this.port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        this.finish();
        resolve();
        return;
      }
      this.port.close(() => {
        this.finish();
        resolve();
      });
    });
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire(error);
    this.dataEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

/** Opens a serial port; a missing path or a refused open is a Result error naming the port. */
export function openSerialTransport(options: SerialOpenOptions): Promise<Result<ByteTransport, Error>> {
  return new Promise((resolve) => {
    const port = new SerialPort({
      path: options.path,
      baudRate: options.baudRate,
      dataBits: options.dataBits ?? 8,
      parity: options.parity ?? 'none',
      stopBits: options.stopBits ?? 1,
      autoOpen: false,
      hupcl: false,
    });
    port.open((error) => {
      if (error) {
        resolve(err(new Error(`cannot open serial port ${options.path}: ${error.message}`, { cause: error })));
        return;
      }
      resolve(ok(new SerialTransport(port, options)));
    });
  });
}
