// The host's side of the SSP link layer: one command at a time, the sequence flag, the manual's
// resend-on-silence rule, address/flag checks on replies, and the eSSP wrap when a key is set.
import type { ByteTransport } from '../../transport/ByteTransport';
import { DisposableStore } from '../../../src-common/event';
import { err, ok, type Result } from '../../../src-common/result';
import { SspCommand, STEX } from './commands';
import { decryptData, encryptData } from './essp';
import { encodePacket, SspFrameDecoder, type SspPacket } from './packet';

/** The manual: "The master waits 1 s for a reply, then resends with the same flag". */
export const REPLY_TIMEOUT_MS = 1000;
/**
 * The manual allows 20 resends before declaring the slave dead; a kiosk must show "offline"
 * within seconds, so we stop after 3 (about 4 s) and let the reconnect loop take over.
 */
export const RESENDS_BEFORE_LINK_LOST = 3;

/** Why an exchange failed. */
export type LinkError =
  | { readonly kind: 'timeout'; readonly command: number } // no valid reply after every resend
  | { readonly kind: 'closed'; readonly command: number; readonly message: string } // transport gone
  | { readonly kind: 'crypto'; readonly command: number; readonly message: string }; // reply did not decrypt

export interface SspLinkOptions {
  readonly address?: number;
  readonly replyTimeoutMs?: number;
  readonly resends?: number;
}

export class SspLink {
  private readonly decoder = new SspFrameDecoder();
  private seq = true;
  private waiter: ((packet: SspPacket) => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private aesKey: Buffer | undefined;
  private count = 0;
  private readonly subscriptions = new DisposableStore();
  private abortWait: (() => void) | undefined;

  constructor(private readonly transport: ByteTransport, private readonly options: SspLinkOptions = {}) {
    this.subscriptions.add(
      transport.onData((chunk) => {
        for (const frame of this.decoder.push(chunk)) if (frame.kind === 'packet') this.waiter?.(frame.packet);
      }),
    );
    // A closed port ends the wait at once instead of after the reply timeout.
    this.subscriptions.add(transport.onClose(() => this.abortWait?.()));
  }

  /** Turns on eSSP with the negotiated key; eCOUNT starts from 0. */
  setEncryptionKey(aesKey: Buffer | undefined): void {
    this.aesKey = aesKey;
    this.count = 0;
  }

  get encrypted(): boolean {
    return this.aesKey !== undefined;
  }

  /** Sends one command (queued behind any in flight) and resolves to the reply DATA. */
  exchange(data: Uint8Array, options: { plain?: boolean } = {}): Promise<Result<Uint8Array, LinkError>> {
    const run = this.queue.then(() => this.exchangeNow(data, options.plain ?? false));
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.waiter = undefined;
  }

  private async exchangeNow(data: Uint8Array, plain: boolean): Promise<Result<Uint8Array, LinkError>> {
    const command = data[0] ?? 0;
    // SYNC goes out with the flag set and resets it, so the next command starts at 0 (docs/protocols/itl-ssp.md#sequencing).
    const seq = command === SspCommand.sync ? true : !this.seq;
    this.seq = seq;
    const address = this.options.address ?? 0;
    const encrypt = this.aesKey !== undefined && !plain;
    const payload = encrypt ? encryptData(this.aesKey!, this.count, data) : data;
    const wire = encodePacket({ address, seq, data: payload });
    const attempts = 1 + (this.options.resends ?? RESENDS_BEFORE_LINK_LOST);
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (!this.transport.isOpen) return err({ kind: 'closed', command, message: `${this.transport.description} is closed` });
      const reply = this.awaitReply(address, seq);
      try {
        await this.transport.write(wire);
      } catch (e) {
        this.waiter = undefined;
        return err({ kind: 'closed', command, message: (e as Error).message });
      }
      const packet = await reply;
      if (!packet) continue; // resend the same bytes with the same flag
      if (!encrypt) return ok(packet.data);
      if (packet.data[0] !== STEX) return ok(packet.data); // e.g. KEY NOT SET after a slave reset
      const opened = decryptData(this.aesKey!, packet.data);
      if (!opened.ok) return err({ kind: 'crypto', command, message: opened.error });
      if (opened.value.count !== this.count + 1) return err({ kind: 'crypto', command, message: `eCOUNT ${opened.value.count}, expected ${this.count + 1}` });
      this.count += 2;
      return ok(opened.value.data);
    }
    return err({ kind: 'timeout', command });
  }

  private awaitReply(address: number, seq: boolean): Promise<SspPacket | undefined> {
    return new Promise((resolve) => {
      const finish = (packet: SspPacket | undefined) => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.abortWait = undefined;
        resolve(packet);
      };
      const timer = setTimeout(() => finish(undefined), this.options.replyTimeoutMs ?? REPLY_TIMEOUT_MS);
      this.abortWait = () => finish(undefined);
      this.waiter = (packet) => {
        // A reply must echo our address and flag; anything else is stale and ignored.
        if (packet.address !== address || packet.seq !== seq) return;
        finish(packet);
      };
    });
  }
}
