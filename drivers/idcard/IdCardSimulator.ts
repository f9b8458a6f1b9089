// The SAM_A module's side of the ID card protocol, protocol-exact, for demos and tests. It runs
// over any ByteTransport (an in-process pipe or the device end of a socat PTY pair), keeps its
// card and fault switches across reconnects, and answers with the same codec the driver uses.
import type { ByteTransport } from '../transport/ByteTransport';
import { DisposableStore } from '../../src-common/event';
import type { Logger } from '../../src-common/logging';
import { silentLogger } from '../../src-common/logging';
import { encodeSamResponse, parseSamCommand, READ_BASE_PAYLOAD, READ_WITH_FINGERPRINT_PAYLOAD, SamFrameReader, samCommandName } from './samCodec';
import { SAM_SW3 } from './samResultCodes';
import { findIdCardFixture, fixturePhoto, fixtureTextBlock, type IdCardFixture } from './idCardFixtures';

/** Fault switches (design.md §4). Each can be on until cleared, or for a number of replies. */
export const ID_CARD_FAULTS = [
  'noCard', // find always answers 0x80, even with a card inserted
  'selectFails', // select answers 0x81
  'readFails', // read answers 0x41
  'badChecksum', // the read reply carries a wrong CHK byte
  'garbage', // random noise bytes precede every reply
  'partialFrames', // replies arrive in small pieces with gaps
  'slowReplies', // every reply waits `slowReplyMs` first
  'samFault', // the SAM self-check answers 0x60
  'silent', // the SAM answers nothing at all
] as const;
export type IdCardFault = (typeof ID_CARD_FAULTS)[number];

export interface IdCardSimulatorOptions {
  readonly log?: Logger;
  /** Delay of each reply under the `slowReplies` fault. */
  readonly slowReplyMs?: number;
  /** Pace replies at this serial line rate (10 bits per byte), as a real SAM's UART would. */
  readonly paceBaudRate?: number;
  /** After a read, present the same card again (a citizen lifting and replacing it): for CLI runs and benchmarks. */
  readonly representCardAfterRead?: boolean;
}

/** Piece size and gap under the `partialFrames` fault. */
const PARTIAL_FRAME_PIECE_BYTES = 7;
const PARTIAL_FRAME_GAP_MS = 3;
/** Chunk size when pacing at a line rate: large enough that timer granularity does not dominate. */
const PACING_CHUNK_BYTES = 128;
const DEFAULT_SLOW_REPLY_MS = 300;
/** The fictitious SAM id returned by 12 FF. */
const SIMULATED_SAM_ID = Uint8Array.from([0x05, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x15, 0xcd, 0x5b, 0x07, 0x40, 0xe2, 0x01, 0x00]);

/** Card state as the SAM sees it. */
type CardState =
  /** Nothing on the reader. */
  | { readonly kind: 'empty' }
  /** A card in the field; `found`/`selected` follow the find → select → read sequence. */
  | { readonly kind: 'present'; readonly fixture: IdCardFixture; found: boolean; selected: boolean }
  /** The card was read and is still in the field: find fails until it is re-inserted (docs/protocols/sam-id-card-reader.md#operating-sequence). */
  | { readonly kind: 'alreadyRead'; readonly fixture: IdCardFixture };

export class IdCardSimulator {
  private card: CardState = { kind: 'empty' };
  private readonly faults = new Map<IdCardFault, number>();
  private readonly log: Logger;
  private connection: { transport: ByteTransport; subscriptions: DisposableStore } | undefined;
  private plugged = true;
  /** Count of each command received, for tests. */
  readonly commandCounts = new Map<string, number>();
  private replyChain: Promise<void> = Promise.resolve();

  constructor(private readonly options: IdCardSimulatorOptions = {}) {
    this.log = options.log ?? silentLogger;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  get cardState(): CardState['kind'] {
    return this.card.kind;
  }

  /** Serves the protocol on a transport until it closes; replaces any previous connection. */
  attach(transport: ByteTransport): void {
    this.connection?.subscriptions.dispose();
    const reader = new SamFrameReader();
    const subscriptions = new DisposableStore();
    subscriptions.add(transport.onData((chunk) => {
      for (const item of reader.push(chunk)) {
        if (item.kind === 'frame') this.onCommand(transport, item.body);
        else if (item.kind === 'badChecksum') this.reply(transport, encodeSamResponse(0x10));
      }
    }));
    subscriptions.add(transport.onClose(() => {
      if (this.connection?.transport === transport) this.connection = undefined;
    }));
    this.connection = { transport, subscriptions };
  }

  /** Places a card on the reader (by fixture id or fixture). Re-inserting the same card resets it. */
  insertCard(card: string | IdCardFixture): boolean {
    const fixture = typeof card === 'string' ? findIdCardFixture(card) : card;
    if (!fixture) return false;
    this.card = { kind: 'present', fixture, found: false, selected: false };
    return true;
  }

  removeCard(): void {
    this.card = { kind: 'empty' };
  }

  /** Turns a fault on for `times` replies (default: until cleared). */
  setFault(fault: IdCardFault, times = Number.POSITIVE_INFINITY): void {
    this.faults.set(fault, times);
  }

  clearFault(fault: IdCardFault): void {
    this.faults.delete(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  activeFaults(): IdCardFault[] {
    return [...this.faults.keys()];
  }

  /** Pulls the cable: the current link closes and in-process reconnects are refused until replug. */
  async unplug(): Promise<void> {
    this.plugged = false;
    const transport = this.connection?.transport;
    this.connection?.subscriptions.dispose();
    this.connection = undefined;
    await transport?.close();
  }

  replug(): void {
    this.plugged = true;
  }

  async stop(): Promise<void> {
    const transport = this.connection?.transport;
    this.connection?.subscriptions.dispose();
    this.connection = undefined;
    await this.replyChain;
    await transport?.close();
  }

  /** Consumes one use of a fault; true when it applies to this reply. */
  private takeFault(fault: IdCardFault): boolean {
    const left = this.faults.get(fault);
    if (left === undefined) return false;
    if (left <= 1) this.faults.delete(fault);
    else this.faults.set(fault, left - 1);
    return true;
  }

  private onCommand(transport: ByteTransport, body: Uint8Array): void {
    const command = parseSamCommand(body);
    if (!command) return;
    const name = samCommandName(command.cmd, command.para) ?? 'unknown';
    this.commandCounts.set(name, (this.commandCounts.get(name) ?? 0) + 1);
    if (this.takeFault('silent')) return;
    const response = this.respond(name);
    this.reply(transport, response);
  }

  private respond(name: string): Uint8Array {
    const card = this.card;
    switch (name) {
      case 'resetSam':
        return encodeSamResponse(SAM_SW3.success);
      case 'samStatus':
        return encodeSamResponse(this.takeFault('samFault') ? SAM_SW3.samSelfCheckFailed : SAM_SW3.success);
      case 'samId':
        return encodeSamResponse(SAM_SW3.success, SIMULATED_SAM_ID);
      case 'findCard':
        if (card.kind !== 'present' || this.takeFault('noCard')) return encodeSamResponse(SAM_SW3.findCardFailed);
        card.found = true;
        return encodeSamResponse(SAM_SW3.cardFound, new Uint8Array(4));
      case 'selectCard':
        if (card.kind !== 'present' || !card.found || this.takeFault('selectFails')) return encodeSamResponse(SAM_SW3.selectCardFailed);
        card.selected = true;
        return encodeSamResponse(SAM_SW3.success, new Uint8Array(8));
      case 'readBase':
      case 'readWithFingerprint': {
        if (card.kind !== 'present' || !card.selected) return encodeSamResponse(0x34);
        if (this.takeFault('readFails')) {
          card.found = false;
          card.selected = false;
          return encodeSamResponse(SAM_SW3.readFailed);
        }
        const frame = encodeSamResponse(SAM_SW3.success, this.readPayload(card.fixture, name === 'readWithFingerprint'));
        this.card = this.options.representCardAfterRead ? { kind: 'present', fixture: card.fixture, found: false, selected: false } : { kind: 'alreadyRead', fixture: card.fixture };
        if (this.takeFault('badChecksum')) frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0x5a;
        return frame;
      }
      case 'readNewAddress':
        return encodeSamResponse(SAM_SW3.noContent);
      default:
        return encodeSamResponse(0x21);
    }
  }

  /** 30 01 or 30 10 data (docs/protocols/sam-id-card-reader.md#response-layouts); fixtures carry no fingerprint, so FP_LEN = 0. */
  private readPayload(fixture: IdCardFixture, withFingerprintLength: boolean): Uint8Array {
    const payload = { text: fixtureTextBlock(fixture), photo: fixturePhoto(fixture.id), fingerprint: new Uint8Array(0) };
    return withFingerprintLength ? READ_WITH_FINGERPRINT_PAYLOAD.encode(payload) : READ_BASE_PAYLOAD.encode(payload);
  }

  private reply(transport: ByteTransport, frame: Uint8Array): void {
    const slow = this.takeFault('slowReplies');
    const garbage = this.takeFault('garbage');
    const partial = this.takeFault('partialFrames');
    this.replyChain = this.replyChain.then(async () => {
      try {
        if (slow) await sleep(this.options.slowReplyMs ?? DEFAULT_SLOW_REPLY_MS);
        let bytes = frame;
        if (garbage) {
          const noise = Uint8Array.from({ length: 5 + Math.floor(Math.random() * 20) }, (_, i) => (i % 3 === 0 ? 0xaa : Math.floor(Math.random() * 256)));
          bytes = new Uint8Array(noise.length + frame.length);
          bytes.set(noise, 0);
          bytes.set(frame, noise.length);
        }
        await this.send(transport, bytes, partial);
      } catch (e) {
        this.log.debug('idCardSimulator.reply_failed', { error: e });
      }
    });
  }

  private async send(transport: ByteTransport, bytes: Uint8Array, partial: boolean): Promise<void> {
    if (!transport.isOpen) return;
    if (partial) {
      for (let i = 0; i < bytes.length; i += PARTIAL_FRAME_PIECE_BYTES) {
        await transport.write(bytes.subarray(i, i + PARTIAL_FRAME_PIECE_BYTES));
        await sleep(PARTIAL_FRAME_GAP_MS);
      }
      return;
    }
    const baud = this.options.paceBaudRate;
    if (!baud) {
      await transport.write(bytes);
      return;
    }
    // Absolute schedule, so timer lateness does not accumulate over a 1295-byte reply.
    const start = performance.now();
    for (let i = 0; i < bytes.length; i += PACING_CHUNK_BYTES) {
      const chunk = bytes.subarray(i, i + PACING_CHUNK_BYTES);
      const dueAt = start + ((i + chunk.length) * 10 * 1000) / baud;
      const wait = dueAt - performance.now();
      if (wait > 0) await sleep(wait);
      await transport.write(chunk);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
