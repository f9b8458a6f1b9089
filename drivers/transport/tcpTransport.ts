// A ByteTransport over a raw TCP socket: network receipt printers on port 9100 ("JetDirect"
// raw printing), which answer DLE EOT on the same socket.
import net from 'node:net';
import { err, ok, type Result } from '../../src-common/result';
import { Emitter } from '../../src-common/event';
import type { ByteTransport } from './ByteTransport';

/** How long a connect may take before the printer counts as unreachable. */
export const TCP_CONNECT_TIMEOUT_MS = 3000;

class TcpTransport implements ByteTransport {
  private readonly dataEmitter = new Emitter<Uint8Array>();
  private readonly closeEmitter = new Emitter<Error | undefined>();
  readonly onData = this.dataEmitter.event;
  readonly onClose = this.closeEmitter.event;
  private closed = false;
  private lastError: Error | undefined;

  constructor(private readonly socket: net.Socket, readonly description: string) {
    socket.on('data', (chunk: Buffer) => this.dataEmitter.fire(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on('error', (error) => (this.lastError = error));
    socket.on('close', () => this.finish(this.lastError));
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new Error(`${this.description}: socket is closed`));
        return;
      }
      this.socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.socket.destroy();
    this.finish();
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire(error);
    this.dataEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export function openTcpTransport(host: string, port = 9100): Promise<Result<ByteTransport, Error>> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(err(new Error(`tcp://${host}:${port}: no connection within ${TCP_CONNECT_TIMEOUT_MS} ms`)));
    }, TCP_CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(ok(new TcpTransport(socket, `tcp://${host}:${port}`)));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      resolve(err(new Error(`tcp://${host}:${port}: ${e.message}`, { cause: e })));
    });
  });
}
