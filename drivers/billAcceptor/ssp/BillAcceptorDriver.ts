// The SSP/eSSP banknote validator driver: connects (SYNC → [key exchange] → HOST PROTOCOL VERSION →
// SETUP REQUEST → SET INHIBITS → ENABLE/DISABLE), polls, holds escrowed notes while the host
// decides, maps events to the device status model, and reconnects with backoff after an unplug.
import type { ByteTransport } from '../../transport/ByteTransport';
import { silentLogger, type Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { responseName, SspCommand, SspResponse } from './commands';
import { DEFAULT_FIXED_KEY, deriveAesKey, makeIntermediateKey, randomPrime, readU64le, sharedKey, u64le } from './essp';
import { applyPollEvents, type AcceptorStatus, type BillAcceptorEvent } from './acceptorStatus';
import { parsePollEvents, type SspEvent } from './events';
import { parseSetupRequest, type SetupRequestInfo } from './setupRequest';
import { SspLink, type LinkError } from './sspLink';

/** Between polls while idle. ITL advises 100–1000 ms; 200 ms keeps escrow snappy and CPU idle. */
export const POLL_INTERVAL_MS = 200;
/** HOLD is renewed this often while the host decides; well inside the 10 s escrow timeout. */
export const HOLD_RENEW_INTERVAL_MS = 2000;
/** The first reconnect attempt after a lost link, doubled up to the maximum. */
export const RECONNECT_INITIAL_MS = 250;
export const RECONNECT_MAX_MS = 5000;
/** Protocol version we pin so READ/CREDIT carry a 1-byte channel (protocols.md §3.4). */
export const PINNED_PROTOCOL_VERSIONS = [8, 7, 6] as const;
export const EXPECTED_CURRENCY = 'CNY';

export type { AcceptorStatus, BillAcceptorEvent } from './acceptorStatus';

export type EscrowDecision = 'accept' | 'reject';
export type EscrowDecider = (note: { valueFen: number; channel: number }) => Promise<EscrowDecision>;

export interface DeviceCounters {
  readonly stacked: number;
  readonly rejected: number;
}

export interface BillAcceptorDriverOptions {
  readonly deviceId: string;
  readonly openTransport: () => Promise<Result<ByteTransport, Error>>;
  readonly log?: Logger;
  readonly encrypted?: boolean;
  readonly fixedKey?: bigint;
  readonly pollIntervalMs?: number;
  readonly replyTimeoutMs?: number;
  /** Face values in yuan the kiosk accepts; other channels stay inhibited. Default: all CNY. */
  readonly acceptYuan?: readonly number[];
}

type LinkState =
  | { readonly kind: 'stopped' } // not started, or stopped by the owner
  | { readonly kind: 'connecting' } // opening and configuring
  | { readonly kind: 'ready'; readonly link: SspLink; readonly transport: ByteTransport; readonly setup: SetupRequestInfo } // polling
  | { readonly kind: 'waitingToReconnect' }; // backoff after a failure

export class BillAcceptorDriver {
  private state: LinkState = { kind: 'stopped' };
  private readonly log: Logger;
  private readonly listeners = new Set<(event: BillAcceptorEvent) => void>();
  private readonly statusListeners = new Set<(status: AcceptorStatus) => void>();
  private wantEnabled = false;
  private decider: EscrowDecider | undefined;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private currentStatus: AcceptorStatus = { state: 'offline', detail: { kind: 'cashAcceptor', stacker: 'unknown', escrow: 'unknown', jammed: false }, reason: 'not connected yet' };

  constructor(private readonly options: BillAcceptorDriverOptions) {
    this.log = options.log ?? silentLogger;
  }

  get status(): AcceptorStatus {
    return this.currentStatus;
  }

  get isReady(): boolean {
    return this.state.kind === 'ready';
  }

  onEvent(listener: (event: BillAcceptorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: AcceptorStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Who decides on escrowed notes; without one every escrowed note is returned. */
  setEscrowDecider(decider: EscrowDecider | undefined): void {
    this.decider = decider;
  }

  /** Starts the connect/poll loop; resolves once the first connection attempt has finished. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.state = { kind: 'connecting' };
    const firstAttempt = new Promise<void>((resolve) => {
      const off = this.onStatus(() => {
        off();
        resolve();
      });
    });
    this.loop = this.run();
    await firstAttempt;
  }

  /** Disables the unit (so no note is taken while nobody listens), ends the loop, closes the port. */
  async stop(): Promise<void> {
    const state = this.state;
    if (state.kind === 'ready') await state.link.exchange(Uint8Array.of(SspCommand.disable)).catch(() => undefined);
    this.state = { kind: 'stopped' };
    this.wake?.();
    // The loop owns the link and the port: it disposes and closes them on its way out.
    await this.loop;
    this.loop = undefined;
  }

  /** Lets citizens insert notes. Resolves false when the unit is not connected or refused. */
  async enable(): Promise<boolean> {
    this.wantEnabled = true;
    return this.sendSimple(SspCommand.enable);
  }

  async disable(): Promise<boolean> {
    this.wantEnabled = false;
    return this.sendSimple(SspCommand.disable);
  }

  /** The unit's own counters (GET COUNTERS); `undefined` when the unit does not know the command. */
  async getCounters(): Promise<Result<DeviceCounters | undefined, string>> {
    const state = this.state;
    if (state.kind !== 'ready') return err('bill acceptor not connected');
    const reply = await state.link.exchange(Uint8Array.of(SspCommand.getCounters));
    if (!reply.ok) return err(describeLinkError(reply.error));
    if (reply.value[0] === SspResponse.commandNotKnown) return ok(undefined);
    if (reply.value[0] !== SspResponse.ok || reply.value.length < 2 + 4 * 5) return err(`GET COUNTERS answered ${hex(reply.value)}`);
    const u32 = (i: number) => (reply.value[2 + 4 * i]! | (reply.value[3 + 4 * i]! << 8) | (reply.value[4 + 4 * i]! << 16) | (reply.value[5 + 4 * i]! << 24)) >>> 0;
    return ok({ stacked: u32(0), rejected: u32(4) });
  }

  // ---- the loop ---------------------------------------------------------------------------------
  private async run(): Promise<void> {
    let backoff = RECONNECT_INITIAL_MS;
    while (this.state.kind !== 'stopped') {
      const connected = await this.connect();
      if (this.isStopped()) {
        if (connected.ok) {
          connected.value.link.dispose();
          await connected.value.transport.close().catch(() => undefined);
        }
        break;
      }
      if (!connected.ok) {
        this.setStatus({ state: 'offline', detail: { ...this.currentStatus.detail, escrow: 'unknown' }, reason: `bill acceptor ${this.options.deviceId}: ${connected.error}` });
        this.state = { kind: 'waitingToReconnect' };
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
        continue;
      }
      backoff = RECONNECT_INITIAL_MS;
      const { link, transport, setup } = connected.value;
      this.state = { kind: 'ready', link, transport, setup };
      this.setStatus({ state: 'online', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: false } });
      this.emit({ type: 'connected', setup });
      const lost = await this.pollUntilLost(link, transport, setup);
      link.dispose();
      await transport.close().catch(() => undefined);
      if (this.isStopped()) break;
      this.log.warn('billAcceptor.link_lost', { deviceId: this.options.deviceId, reason: lost });
      this.state = { kind: 'waitingToReconnect' };
      this.setStatus({ state: 'offline', detail: { ...this.currentStatus.detail, escrow: 'unknown' }, reason: `bill acceptor ${this.options.deviceId}: ${lost}` });
      this.emit({ type: 'disconnected', reason: lost });
      await this.sleep(backoff);
    }
  }

  private async connect(): Promise<Result<{ link: SspLink; transport: ByteTransport; setup: SetupRequestInfo }, string>> {
    const opened = await this.options.openTransport();
    if (!opened.ok) return err(opened.error.message);
    const transport = opened.value;
    const link = new SspLink(transport, this.options.replyTimeoutMs ? { replyTimeoutMs: this.options.replyTimeoutMs } : {});
    const fail = async (why: string) => {
      link.dispose();
      await transport.close().catch(() => undefined);
      return err(why);
    };
    const expectOk = async (data: number[], what: string, plain = false): Promise<Result<Uint8Array, string>> => {
      const reply = await link.exchange(Uint8Array.from(data), { plain });
      if (!reply.ok) return err(`${what}: ${describeLinkError(reply.error)}`);
      if (reply.value[0] !== SspResponse.ok) return err(`${what} answered ${responseName(reply.value[0]) ?? hex(reply.value)}`);
      return ok(reply.value);
    };
    const sync = await expectOk([SspCommand.sync], 'SYNC', true);
    if (!sync.ok) return fail(sync.error);
    if (this.options.encrypted) {
      const exchanged = await this.negotiateKey(link);
      if (!exchanged.ok) return fail(exchanged.error);
    }
    let pinned: number | undefined;
    for (const version of PINNED_PROTOCOL_VERSIONS) {
      const reply = await link.exchange(Uint8Array.of(SspCommand.hostProtocolVersion, version));
      if (!reply.ok) return fail(`HOST PROTOCOL VERSION: ${describeLinkError(reply.error)}`);
      if (reply.value[0] === SspResponse.ok) {
        pinned = version;
        break;
      }
    }
    if (pinned === undefined) return fail('the unit supports none of host protocol versions 6–8');
    const setupReply = await expectOk([SspCommand.setupRequest], 'SETUP REQUEST');
    if (!setupReply.ok) return fail(setupReply.error);
    const setup = parseSetupRequest(setupReply.value.subarray(1));
    if (!setup.ok) return fail(setup.error);
    if (setup.value.currency !== EXPECTED_CURRENCY) return fail(`unit is configured for ${setup.value.currency}, not ${EXPECTED_CURRENCY}`);
    const acceptYuan = this.options.acceptYuan;
    let mask = 0;
    setup.value.channelValues.forEach((yuan, i) => {
      if (setup.value.channelCurrencies[i] === EXPECTED_CURRENCY && (!acceptYuan || acceptYuan.includes(yuan)) && i < 24) mask |= 1 << i;
    });
    const inhibits = await expectOk([SspCommand.setChannelInhibits, mask & 0xff, (mask >> 8) & 0xff], 'SET CHANNEL INHIBITS');
    if (!inhibits.ok) return fail(inhibits.error);
    // A note found in escrow at connect was decided by no one alive: return it, never stack it.
    const rejectLeftover = await link.exchange(Uint8Array.of(SspCommand.rejectBanknote));
    if (!rejectLeftover.ok) return fail(`REJECT: ${describeLinkError(rejectLeftover.error)}`);
    if (rejectLeftover.value[0] === SspResponse.ok) this.log.warn('billAcceptor.leftover_escrow_returned', { deviceId: this.options.deviceId });
    const enableOrDisable = await expectOk([this.wantEnabled ? SspCommand.enable : SspCommand.disable], this.wantEnabled ? 'ENABLE' : 'DISABLE');
    if (!enableOrDisable.ok) return fail(enableOrDisable.error);
    this.log.info('billAcceptor.connected', { deviceId: this.options.deviceId, protocol: pinned, firmware: setup.value.firmwareVersion, encrypted: link.encrypted });
    return ok({ link, transport, setup: setup.value });
  }

  /** eSSP key exchange (protocols.md §3.7): plain SET GENERATOR, SET MODULUS, REQUEST KEY EXCHANGE. */
  private async negotiateKey(link: SspLink): Promise<Result<void, string>> {
    const modulus = randomPrime(63);
    let generator = randomPrime(62);
    while (generator >= modulus) generator = randomPrime(62);
    const params = { generator, modulus };
    const host = makeIntermediateKey(params);
    for (const [code, value, what] of [
      [SspCommand.setGenerator, generator, 'SET GENERATOR'],
      [SspCommand.setModulus, modulus, 'SET MODULUS'],
    ] as const) {
      const reply = await link.exchange(Uint8Array.from([code, ...u64le(value)]), { plain: true });
      if (!reply.ok) return err(`${what}: ${describeLinkError(reply.error)}`);
      if (reply.value[0] !== SspResponse.ok) return err(`${what} answered ${responseName(reply.value[0]) ?? hex(reply.value)}`);
    }
    const reply = await link.exchange(Uint8Array.from([SspCommand.requestKeyExchange, ...u64le(host.intermediate)]), { plain: true });
    if (!reply.ok) return err(`REQUEST KEY EXCHANGE: ${describeLinkError(reply.error)}`);
    const slaveIntermediate = readU64le(reply.value, 1);
    if (reply.value[0] !== SspResponse.ok || slaveIntermediate === undefined) return err(`REQUEST KEY EXCHANGE answered ${hex(reply.value)}`);
    link.setEncryptionKey(deriveAesKey(this.options.fixedKey ?? DEFAULT_FIXED_KEY, sharedKey(params, slaveIntermediate, host.secret)));
    return ok(undefined);
  }

  /** Polls until the link is lost or the driver stops; returns why it ended. */
  private async pollUntilLost(link: SspLink, transport: ByteTransport, setup: SetupRequestInfo): Promise<string> {
    let closedReason: string | undefined;
    const offClose = transport.onClose((e) => {
      closedReason = e?.message ?? 'port closed';
      this.wake?.();
    });
    try {
      while (this.state.kind === 'ready' && closedReason === undefined) {
        const reply = await link.exchange(Uint8Array.of(SspCommand.poll));
        if (!reply.ok) return describeLinkError(reply.error);
        if (reply.value[0] === SspResponse.keyNotSet) return 'the unit lost its encryption key (reset?)';
        if (reply.value[0] !== SspResponse.ok) {
          this.log.warn('billAcceptor.poll_refused', { deviceId: this.options.deviceId, reply: hex(reply.value) });
        } else {
          const events = parsePollEvents(reply.value.subarray(1));
          const list = events.ok ? events.value : events.error.parsed;
          if (!events.ok) this.log.warn('billAcceptor.poll_unparsed', { deviceId: this.options.deviceId, reason: events.error.message });
          const escrow = await this.handleEvents(list, setup);
          if (escrow) {
            const lost = await this.decideEscrow(link, escrow);
            if (lost) return lost;
            continue; // poll again at once: that poll stacks an accepted note
          }
        }
        await this.sleep(this.options.pollIntervalMs ?? POLL_INTERVAL_MS);
      }
      return closedReason ?? 'stopped';
    } finally {
      offClose();
    }
  }

  /** Applies events to the status and tells listeners; returns the escrowed note when one is waiting. */
  private async handleEvents(events: readonly SspEvent[], setup: SetupRequestInfo): Promise<{ valueFen: number; channel: number } | undefined> {
    const applied = applyPollEvents({ status: this.currentStatus, events, setup, hostWantsEnabled: this.wantEnabled });
    for (const event of applied.emit) this.emit(event);
    this.setStatus(applied.status);
    return applied.escrow;
  }

  /** HOLD at once, renew HOLD while the owner decides, then REJECT or fall through to POLL (accept). */
  private async decideEscrow(link: SspLink, note: { valueFen: number; channel: number }): Promise<string | undefined> {
    const hold = await link.exchange(Uint8Array.of(SspCommand.hold));
    if (!hold.ok) return describeLinkError(hold.error);
    const decider = this.decider;
    let decided = false;
    let decision: EscrowDecision = 'reject';
    const deciding = (decider ? decider(note) : Promise.resolve<EscrowDecision>('reject')).then(
      (d) => (decision = d),
      (e) => {
        this.log.error('billAcceptor.decider_failed', { deviceId: this.options.deviceId, error: e });
        decision = 'reject';
      },
    );
    void deciding.finally(() => {
      decided = true;
      this.wake?.();
    });
    while (!decided) {
      await Promise.race([deciding, this.sleepRaw(HOLD_RENEW_INTERVAL_MS)]);
      if (decided) break;
      const renew = await link.exchange(Uint8Array.of(SspCommand.hold));
      if (!renew.ok) return describeLinkError(renew.error);
    }
    if (decision === 'reject') {
      const reject = await link.exchange(Uint8Array.of(SspCommand.rejectBanknote));
      if (!reject.ok) return describeLinkError(reject.error);
    }
    return undefined;
  }

  /** A method, not a property test, so TypeScript does not keep a stale narrowing across awaits. */
  private isStopped(): boolean {
    return this.state.kind === 'stopped';
  }

  private async sendSimple(code: number): Promise<boolean> {
    const state = this.state;
    if (state.kind !== 'ready') return false;
    const reply = await state.link.exchange(Uint8Array.of(code));
    return reply.ok && reply.value[0] === SspResponse.ok;
  }

  private emit(event: BillAcceptorEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        this.log.error('billAcceptor.listener_threw', { error: e });
      }
    }
  }

  private setStatus(status: AcceptorStatus): void {
    const previous = this.currentStatus;
    this.currentStatus = status;
    const changed = previous.state !== status.state || previous.reason !== status.reason || JSON.stringify(previous.detail) !== JSON.stringify(status.detail);
    if (changed) this.log.info('billAcceptor.status', { deviceId: this.options.deviceId, state: status.state, reason: status.reason });
    for (const l of [...this.statusListeners]) l(status);
  }

  /** Sleeps, but wakes early on stop() or a closed port. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private sleepRaw(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

export function describeLinkError(error: LinkError): string {
  const command = `command 0x${error.command.toString(16).padStart(2, '0')}`;
  switch (error.kind) {
    case 'timeout':
      return `no reply to ${command}`;
    case 'closed':
      return `link closed during ${command}: ${error.message}`;
    case 'crypto':
      return `encrypted reply to ${command} rejected: ${error.message}`;
    default:
      return assertNeverLink(error);
  }
}

function assertNeverLink(value: never): never {
  throw new Error(`unexpected link error ${JSON.stringify(value)}`);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
