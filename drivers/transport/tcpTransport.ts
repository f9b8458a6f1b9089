// A ByteTransport over a raw TCP socket: network receipt printers on port 9100 ("JetDirect"
// raw printing), which answer DLE EOT on the same socket.
import net from 'node:net';
import { err, ok, type Result } from '../../src-common/result';
import { Listeners, type ByteTransport } from './ByteTransport';

/** How long a connect may take before the printer counts as unreachable. */
export const TCP_CONNECT_TIMEOUT_MS = 3000;

class TcpTransport implements ByteTransport {
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly closeListeners = new Listeners<[Error | undefined]>();
  private closed = false;
  private lastError: Error | undefined;

  constructor(private readonly socket: net.Socket, readonly description: string) {
    socket.on('data', (chunk: Buffer) => this.dataListeners.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
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

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.closeListeners.add(listener);
  }

  async close(): Promise<void> {
    this.socket.destroy();
    this.finish();
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeListeners.emit(error);
    this.dataListeners.clear();
    this.closeListeners.clear();
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
