// The validator's side of SSP/eSSP (an NV9USB-like unit with CNY channels) over any ByteTransport:
// the same codec as the driver, a note queue, escrow exactly as docs/protocols/itl-ssp.md#escrow describes
// (POLL accepts, REJECT returns, HOLD or any non-POLL command restarts the 10 s escrow timer),
// persisted counters as the device's own report, and switches for every fault the kiosk handles.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ByteTransport } from '../../transport/ByteTransport';
import { DisposableStore } from '../../../src-common/event';
import { silentLogger, type Logger } from '../../../src-common/logging';
import { RejectCode, SspCommand, SspResponse, STEX } from './commands';
import { DEFAULT_FIXED_KEY, decryptData, deriveAesKey, encryptData, isPrime64, makeIntermediateKey, readU64le, sharedKey, u64le } from './essp';
import { encodePollEvents, type SspEvent } from './events';
import { encodePacket, SspFrameDecoder } from './packet';
import { COUNTERS_REPLY, SETUP_REQUEST_REPLY } from './sspMessages';

/** CNY note channels of the simulated unit, in yuan (channel 1 = first). */
export const CNY_CHANNELS_YUAN: readonly number[] = [1, 5, 10, 20, 50, 100];
/** The manual's escrow timeout: a held note is returned after this long without a non-POLL command. */
export const ESCROW_TIMEOUT_MS = 10_000;
/** Notes the simulated cash box holds before it reports STACKER FULL. */
export const DEFAULT_STACKER_CAPACITY = 500;

/** The device's own persisted report (NVRAM on a real unit): what GET COUNTERS answers. */
export interface SimulatorDeviceReport {
  stacked: number;
  rejected: number;
  /** Sum of credited notes in fen: not an SSP counter, kept so tests can check the cash box. */
  stackedValueFen: number;
}

export interface SspSimulatorOptions {
  readonly address?: number;
  readonly channelsYuan?: readonly number[];
  /** Encrypted link: answer KEY NOT SET to ordinary commands until the key exchange is done. */
  readonly requireEncryption?: boolean;
  readonly fixedKey?: bigint;
  /** File holding the persisted device report; absent = in memory only. */
  readonly stateFile?: string;
  readonly escrowTimeoutMs?: number;
  readonly stackerCapacity?: number;
  readonly log?: Logger;
}

/** Where the note in the head is. */
type NoteStage =
  | { readonly kind: 'idle' } // no note in the mechanism
  | { readonly kind: 'reading'; readonly channel: number } // EF 00 reported, validation in progress
  | { readonly kind: 'escrow'; readonly channel: number; readonly reported: boolean } // held; `reported` once EF nn went out
  | { readonly kind: 'stacking'; readonly channel: number } // accepted by a POLL, moving to the cash box
  | { readonly kind: 'rejecting'; readonly code: number; readonly fraud: boolean } // being returned to the citizen
  | { readonly kind: 'rejected'; readonly code: number }; // returned; EC goes out on the next poll

interface EncryptionState {
  generator?: bigint;
  modulus?: bigint;
  aesKey?: Buffer;
  count: number;
}

export class SspSimulator {
  private transport: ByteTransport | undefined;
  private subscriptions = new DisposableStore();
  private readonly decoder = new SspFrameDecoder();
  private readonly channelsYuan: readonly number[];
  private readonly escrowTimeoutMs: number;
  private readonly stackerCapacity: number;
  private readonly log: Logger;
  private report: SimulatorDeviceReport;
  private enabled = false;
  private inhibitMask = 0;
  private stage: NoteStage = { kind: 'idle' };
  private pendingEvents: SspEvent[] = [{ type: 'slaveReset' }];
  private readonly noteQueue: number[] = [];
  private lastRejectCode: number = RejectCode.accepted;
  private escrowTimer: NodeJS.Timeout | undefined;
  private lastSeq: boolean | undefined;
  private lastReply: Uint8Array | undefined;
  private encryption: EncryptionState = { count: 0 };
  // Fault switches.
  private cashboxRemoved = false;
  private jammed = false;
  private jamNext = false;
  private fraudNext = false;
  private garbageBeforeNextReply = 0;
  private replyDelayMs = 0;
  private readonly unknownCommands = new Set<number>();
  private silent = false;

  constructor(private readonly options: SspSimulatorOptions = {}) {
    this.channelsYuan = options.channelsYuan ?? CNY_CHANNELS_YUAN;
    this.escrowTimeoutMs = options.escrowTimeoutMs ?? ESCROW_TIMEOUT_MS;
    this.stackerCapacity = options.stackerCapacity ?? DEFAULT_STACKER_CAPACITY;
    this.log = options.log ?? silentLogger;
    this.report = this.loadReport();
  }

  /** Connects the simulator to a link (again after an unplug). */
  attach(transport: ByteTransport): void {
    this.detach();
    this.transport = transport;
    this.decoder.reset();
    this.subscriptions.add(transport.onData((chunk) => this.onBytes(chunk)));
    this.subscriptions.add(transport.onClose(() => this.detach()));
  }

  detach(): void {
    this.subscriptions.dispose();
    this.subscriptions = new DisposableStore();
    this.transport = undefined;
  }

  /** A citizen puts a note of this value into the slot (any value; unknown ones are rejected). */
  insert(valueFen: number): void {
    this.noteQueue.push(valueFen);
  }

  get deviceReport(): Readonly<SimulatorDeviceReport> {
    return { ...this.report };
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  get queuedNotes(): number {
    return this.noteQueue.length + (this.stage.kind === 'idle' ? 0 : 1);
  }

  // ---- fault switches -------------------------------------------------------------------------
  setStackerFull(full: boolean): void {
    if (full) this.report.stacked = Math.max(this.report.stacked, this.stackerCapacity);
    else this.report.stacked = Math.min(this.report.stacked, this.stackerCapacity - 1);
    this.saveReport();
  }
  removeCashbox(): void {
    this.cashboxRemoved = true;
    this.pendingEvents.push({ type: 'cashboxRemoved' });
  }
  replaceCashbox(): void {
    this.cashboxRemoved = false;
    this.pendingEvents.push({ type: 'cashboxReplaced' });
  }
  /** The next accepted note jams on its way to the cash box (before the credit point). */
  jamNextNote(): void {
    this.jamNext = true;
  }
  clearJam(): void {
    this.jammed = false;
  }
  /** The next inserted note is a fraud attempt (string, strim). */
  fraudNextNote(): void {
    this.fraudNext = true;
  }
  /** The validator disables itself (as after an internal fault). */
  disableSelf(): void {
    this.enabled = false;
  }
  injectGarbage(bytes: number): void {
    this.garbageBeforeNextReply = bytes;
  }
  setReplyDelay(ms: number): void {
    this.replyDelayMs = ms;
  }
  /** Answer COMMAND NOT KNOWN to these command codes (optional commands older units lack). */
  setUnknownCommands(codes: readonly number[]): void {
    this.unknownCommands.clear();
    for (const c of codes) this.unknownCommands.add(c);
  }
  /** Stop answering entirely (a hung unit) until called with false. */
  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  dispose(): void {
    if (this.escrowTimer) clearTimeout(this.escrowTimer);
    this.detach();
  }

  // ---- link layer -----------------------------------------------------------------------------
  private onBytes(chunk: Uint8Array): void {
    for (const frame of this.decoder.push(chunk)) {
      if (frame.kind !== 'packet') continue; // the host retries on silence
      const { packet } = frame;
      if (packet.address !== (this.options.address ?? 0) || this.silent) continue;
      const isSync = packet.data[0] === SspCommand.sync;
      if (!isSync && this.lastSeq === packet.seq && this.lastReply) {
        // Same sequence flag as last time: a retry. Do not execute; repeat the last reply.
        this.send(this.lastReply);
        continue;
      }
      const reply = this.handlePacketData(packet.data);
      if (!reply) continue; // undecryptable or out-of-count: dropped, as the manual says
      this.lastSeq = packet.seq;
      const wire = encodePacket({ address: packet.address, seq: packet.seq, data: reply });
      this.lastReply = wire;
      this.send(wire);
    }
  }

  private send(wire: Uint8Array): void {
    const transport = this.transport;
    if (!transport) return;
    const garbage = this.garbageBeforeNextReply;
    this.garbageBeforeNextReply = 0;
    const write = () => {
      if (!transport.isOpen) return;
      const bytes = garbage > 0 ? Uint8Array.from([...randomBytes(garbage), ...wire]) : wire;
      transport.write(bytes).catch(() => {});
    };
    if (this.replyDelayMs > 0) setTimeout(write, this.replyDelayMs);
    else write();
  }

  /** Decrypts if needed, executes, and encrypts the reply the same way the command came. */
  private handlePacketData(data: Uint8Array): Uint8Array | undefined {
    if (data[0] === STEX) {
      const key = this.encryption.aesKey;
      if (!key) return Uint8Array.of(SspResponse.keyNotSet);
      const opened = decryptData(key, data);
      if (!opened.ok || opened.value.count !== this.encryption.count) {
        this.log.warn('sim.encrypted_packet_dropped', { reason: opened.ok ? 'eCOUNT mismatch' : opened.error });
        return undefined;
      }
      this.encryption.count++;
      const reply = this.execute(opened.value.data, true);
      const sealed = encryptData(key, this.encryption.count, reply);
      this.encryption.count++;
      return sealed;
    }
    return this.execute(data, false);
  }

  // ---- command layer --------------------------------------------------------------------------
  private execute(data: Uint8Array, encrypted: boolean): Uint8Array {
    const code = data[0];
    const args = data.subarray(1);
    const reply = (...bytes: number[]) => Uint8Array.from(bytes);
    if (code === undefined) return reply(SspResponse.wrongParameterCount);
    if (this.unknownCommands.has(code)) return reply(SspResponse.commandNotKnown);
    const exchangeCommand = code === SspCommand.sync || code === SspCommand.setGenerator || code === SspCommand.setModulus || code === SspCommand.requestKeyExchange || code === SspCommand.reset;
    if (this.options.requireEncryption && !encrypted && !exchangeCommand) return reply(SspResponse.keyNotSet);
    if (code !== SspCommand.poll) this.restartEscrowTimer();
    switch (code) {
      case SspCommand.sync:
        return reply(SspResponse.ok);
      case SspCommand.reset:
        this.enabled = false;
        this.encryption = { count: 0 };
        this.pendingEvents.push({ type: 'slaveReset' });
        return reply(SspResponse.ok);
      case SspCommand.hostProtocolVersion:
        if (args.length !== 1) return reply(SspResponse.wrongParameterCount);
        return args[0]! >= 6 && args[0]! <= 8 ? reply(SspResponse.ok) : reply(SspResponse.fail);
      case SspCommand.setupRequest:
        return SETUP_REQUEST_REPLY.encode({
          unitType: 0,
          firmwareVersion: '0411',
          currency: 'CNY',
          valueMultiplier: 0,
          realValueMultiplier: 100,
          protocolVersion: 7,
          channelValues: this.channelsYuan,
          channelCurrencies: this.channelsYuan.map(() => 'CNY'),
        });
      case SspCommand.setChannelInhibits:
        if (args.length < 1 || args.length > 3) return reply(SspResponse.wrongParameterCount);
        this.inhibitMask = args.reduce((mask, byte, i) => mask | (byte << (8 * i)), 0);
        return reply(SspResponse.ok);
      case SspCommand.enable:
        this.enabled = true;
        return reply(SspResponse.ok);
      case SspCommand.disable:
        this.enabled = false;
        return reply(SspResponse.ok);
      case SspCommand.getSerialNumber:
        return reply(SspResponse.ok, 0x00, 0x12, 0xd6, 0x87);
      case SspCommand.lastRejectCode:
        return reply(SspResponse.ok, this.lastRejectCode);
      case SspCommand.hold:
        return this.stage.kind === 'escrow' ? reply(SspResponse.ok) : reply(SspResponse.cannotBeProcessed);
      case SspCommand.rejectBanknote:
        if (this.stage.kind !== 'escrow' && this.stage.kind !== 'reading') return reply(SspResponse.cannotBeProcessed);
        this.clearEscrowTimer();
        this.startRejecting(RejectCode.rejectByHost, false);
        return reply(SspResponse.ok);
      case SspCommand.poll:
        return reply(SspResponse.ok, ...encodePollEvents(this.poll()));
      case SspCommand.getCounters:
        return COUNTERS_REPLY.encode({ stacked: this.report.stacked, stored: 0, dispensed: 0, transferredToStack: 0, rejected: this.report.rejected });
      case SspCommand.displayOn:
      case SspCommand.displayOff:
        return reply(SspResponse.ok);
      case SspCommand.getFirmwareVersion:
        return reply(SspResponse.ok, ...[...'NV00904110000000'].map((c) => c.charCodeAt(0)));
      case SspCommand.setGenerator:
      case SspCommand.setModulus: {
        const value = readU64le(args);
        if (value === undefined || args.length !== 8) return reply(SspResponse.wrongParameterCount);
        if (!isPrime64(value)) return reply(SspResponse.parameterOutOfRange);
        if (code === SspCommand.setGenerator) this.encryption.generator = value;
        else this.encryption.modulus = value;
        return reply(SspResponse.ok);
      }
      case SspCommand.requestKeyExchange: {
        const hostIntermediate = readU64le(args);
        const { generator, modulus } = this.encryption;
        if (hostIntermediate === undefined || args.length !== 8) return reply(SspResponse.wrongParameterCount);
        if (generator === undefined || modulus === undefined) return reply(SspResponse.cannotBeProcessed);
        const params = { generator, modulus };
        const mine = makeIntermediateKey(params);
        const key = sharedKey(params, hostIntermediate, mine.secret);
        this.encryption = { generator, modulus, aesKey: deriveAesKey(this.options.fixedKey ?? DEFAULT_FIXED_KEY, key), count: 0 };
        return reply(SspResponse.ok, ...u64le(mine.intermediate));
      }
      default:
        return reply(SspResponse.commandNotKnown);
    }
  }

  /** One POLL: advances the note one step and reports what happened since the last poll. */
  private poll(): SspEvent[] {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    const stage = this.stage;
    switch (stage.kind) {
      case 'idle':
        this.takeNextNote(events);
        break;
      case 'reading':
        this.stage = { kind: 'escrow', channel: stage.channel, reported: true };
        events.push({ type: 'read', channel: stage.channel });
        this.restartEscrowTimer();
        break;
      case 'escrow':
        // A POLL while a note is held accepts it (manual "Read" section).
        this.clearEscrowTimer();
        this.stage = { kind: 'stacking', channel: stage.channel };
        events.push({ type: 'stacking' });
        break;
      case 'stacking':
        if (this.jamNext) {
          this.jamNext = false;
          this.jammed = true;
          this.stage = { kind: 'idle' };
        } else {
          this.report.stacked++;
          this.report.stackedValueFen += this.channelsYuan[stage.channel - 1]! * 100;
          this.saveReport();
          this.stage = { kind: 'idle' };
          events.push({ type: 'credit', channel: stage.channel }, { type: 'stacked' });
        }
        break;
      case 'rejecting':
        if (stage.fraud) events.push({ type: 'fraudAttempt', channel: 0 });
        events.push({ type: 'rejecting' });
        this.stage = { kind: 'rejected', code: stage.code };
        break;
      case 'rejected':
        this.lastRejectCode = stage.code;
        events.push({ type: 'rejected' });
        this.stage = { kind: 'idle' };
        break;
    }
    if (this.jammed) events.push({ type: 'unsafeJam' });
    if (this.report.stacked >= this.stackerCapacity) events.push({ type: 'stackerFull' });
    if (!this.enabled) events.push({ type: 'disabled' });
    return events;
  }

  private takeNextNote(events: SspEvent[]): void {
    const canAccept = this.enabled && !this.jammed && !this.cashboxRemoved && this.report.stacked < this.stackerCapacity;
    if (!canAccept || this.noteQueue.length === 0) return;
    const valueFen = this.noteQueue.shift()!;
    events.push({ type: 'read', channel: 0 });
    if (this.fraudNext) {
      this.fraudNext = false;
      this.startRejecting(0x0e, true);
      return;
    }
    const index = this.channelsYuan.findIndex((yuan) => yuan * 100 === valueFen);
    const channel = index + 1;
    if (index < 0 || (this.inhibitMask & (1 << index)) === 0) {
      this.startRejecting(RejectCode.channelInhibit, false);
      return;
    }
    this.stage = { kind: 'reading', channel };
  }

  /** The note is on its way back to the citizen: counted as rejected at once, as the unit does. */
  private startRejecting(code: number, fraud: boolean): void {
    this.stage = { kind: 'rejecting', code, fraud };
    this.report.rejected++;
    this.saveReport();
  }

  private restartEscrowTimer(): void {
    if (this.stage.kind !== 'escrow') return;
    this.clearEscrowTimer();
    this.escrowTimer = setTimeout(() => {
      if (this.stage.kind === 'escrow') {
        this.log.info('sim.escrow_timeout');
        this.startRejecting(RejectCode.escrowTimeout, false);
      }
    }, this.escrowTimeoutMs);
    this.escrowTimer.unref?.();
  }

  private clearEscrowTimer(): void {
    if (this.escrowTimer) clearTimeout(this.escrowTimer);
    this.escrowTimer = undefined;
  }

  private loadReport(): SimulatorDeviceReport {
    const file = this.options.stateFile;
    if (file && fs.existsSync(file)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SimulatorDeviceReport>;
        return { stacked: parsed.stacked ?? 0, rejected: parsed.rejected ?? 0, stackedValueFen: parsed.stackedValueFen ?? 0 };
      } catch {
        // A corrupt report file starts the counters afresh, as a replaced unit would.
      }
    }
    return { stacked: 0, rejected: 0, stackedValueFen: 0 };
  }

  private saveReport(): void {
    const file = this.options.stateFile;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, JSON.stringify(this.report));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  }
}
