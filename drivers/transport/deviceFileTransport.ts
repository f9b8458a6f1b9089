// A ByteTransport over a character device file, e.g. a USB printer-class device `/dev/usb/lp0`
// (Linux usblp). Writes go to the device; reads are attempted only when `readable` is set,
// because many printers' usblp endpoint is one-way (then the driver reports outcomes `unknown`).
import fs from 'node:fs';
import { err, ok, type Result } from '../../src-common/result';
import { Emitter } from '../../src-common/event';
import type { ByteTransport } from './ByteTransport';

/** Pause between reads when the device has nothing to say (usblp read returns 0 bytes). */
export const DEVICE_FILE_READ_IDLE_MS = 50;

class DeviceFileTransport implements ByteTransport {
  private readonly dataEmitter = new Emitter<Uint8Array>();
  private readonly closeEmitter = new Emitter<Error | undefined>();
  readonly onData = this.dataEmitter.event;
  readonly onClose = this.closeEmitter.event;
  private closed = false;

  constructor(private readonly handle: fs.promises.FileHandle, readonly description: string, readable: boolean) {
    if (readable) void this.readLoop();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`${this.description}: device is closed`);
    try {
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
    } catch (e) {
      // ENODEV/EIO: the printer was unplugged.
      this.finish(e as Error);
      throw e;
    }
  }

  async close(): Promise<void> {
    this.finish();
  }

  private async readLoop(): Promise<void> {
    const buffer = new Uint8Array(256);
    while (!this.closed) {
      try {
        const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, null);
        if (bytesRead > 0) this.dataEmitter.fire(buffer.slice(0, bytesRead));
        else await new Promise((r) => setTimeout(r, DEVICE_FILE_READ_IDLE_MS));
      } catch (e) {
        if (!this.closed) this.finish(e as Error);
      }
    }
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    void this.handle.close().catch(() => {});
    this.closeEmitter.fire(error);
    this.dataEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

/** Opens a device file; `readable` opens it read-write for printers that answer status. */
export async function openDeviceFileTransport(path: string, readable = false): Promise<Result<ByteTransport, Error>> {
  try {
    const handle = await fs.promises.open(path, readable ? 'r+' : 'w');
    return ok(new DeviceFileTransport(handle, path, readable));
  } catch (e) {
    return err(new Error(`cannot open printer device ${path}: ${(e as Error).message}`, { cause: e }));
  }
}
