// The SSP/eSSP banknote validator driver over one open link: configures the unit (SYNC → [key
// exchange] → HOST PROTOCOL VERSION → SETUP REQUEST → SET INHIBITS → ENABLE/DISABLE), then polls,
// holds escrowed notes while the host decides, and maps events to the device status model.
// Reconnecting after an unplug is the device supervisor's job: a lost link ends this driver
// (`onLinkLost`) and the supervisor builds a new one on the next link.
import type { ByteTransport } from '../../transport/ByteTransport';
import { Emitter } from '../../../src-common/event';
import { silentLogger, type Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { responseName, SspCommand, SspResponse } from './commands';
import { DEFAULT_FIXED_KEY, deriveAesKey, makeIntermediateKey, randomPrime, readU64le, sharedKey, u64le } from './essp';
import { applyPollEvents, type AcceptorStatus, type BillAcceptorEvent } from './acceptorStatus';
import { parsePollEvents, type SspEvent } from './events';
import { COUNTERS_REPLY, SETUP_REQUEST_REPLY, type SetupRequestInfo } from './sspMessages';
import { SspLink, type LinkError } from './sspLink';

/** Between polls while idle. ITL advises 100–1000 ms; 200 ms keeps escrow snappy and CPU idle. */
export const POLL_INTERVAL_MS = 200;
/** HOLD is renewed this often while the host decides; well inside the 10 s escrow timeout. */
export const HOLD_RENEW_INTERVAL_MS = 2000;
/** Protocol versions we pin so READ/CREDIT carry a 1-byte channel (docs/protocols/itl-ssp.md#poll-events). */
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
  readonly log?: Logger;
  readonly encrypted?: boolean;
  readonly fixedKey?: bigint;
  readonly pollIntervalMs?: number;
  readonly replyTimeoutMs?: number;
  /** Face values in yuan the kiosk accepts; other channels stay inhibited. Default: all CNY. */
  readonly acceptYuan?: readonly number[];
  /** Whether the unit should take notes once configured (the host's wish survives a reconnect). */
  readonly enabled?: boolean;
  /** Who decides on escrowed notes; without one every escrowed note is returned. */
  readonly decider?: EscrowDecider;
}

/** Where this driver is in its one link's life. */
type Phase =
  /** Built; nothing sent yet. */
  | { readonly kind: 'new' }
  /** The configure handshake is running. */
  | { readonly kind: 'configuring' }
  /** Configured; the poll loop runs. */
  | { readonly kind: 'polling'; readonly setup: SetupRequestInfo }
  /** Let go (link lost or disposed); nothing more is sent. */
  | { readonly kind: 'ended' };

export const INITIAL_ACCEPTOR_STATUS: AcceptorStatus = { state: 'offline', detail: { kind: 'cashAcceptor', stacker: 'unknown', escrow: 'unknown', jammed: false }, reason: 'not configured yet' };

export class BillAcceptorDriver {
  private phase: Phase = { kind: 'new' };
  private readonly link: SspLink;
  private readonly log: Logger;
  private wantEnabled: boolean;
  private decider: EscrowDecider | undefined;
  private wake: (() => void) | undefined;
  private currentStatus: AcceptorStatus = INITIAL_ACCEPTOR_STATUS;
  private readonly eventEmitter = new Emitter<BillAcceptorEvent>({ onListenerError: (error) => this.log.error('billAcceptor.listener_threw', { error }) });
  private readonly statusEmitter = new Emitter<AcceptorStatus>({ onListenerError: (error) => this.log.error('billAcceptor.listener_threw', { error }) });
  private readonly linkLostEmitter = new Emitter<string>();
  /** Notes and conditions as the unit reports them (escrow, credit, jam, …). */
  readonly onEvent = this.eventEmitter.event;
  /** The status model, each time a poll changes it. */
  readonly onStatus = this.statusEmitter.event;
  /** The unit stopped answering (or the link failed): this driver is finished; reconnect. */
  readonly onLinkLost = this.linkLostEmitter.event;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: BillAcceptorDriverOptions,
  ) {
    this.log = options.log ?? silentLogger;
    this.link = new SspLink(transport, options.replyTimeoutMs ? { replyTimeoutMs: options.replyTimeoutMs } : {});
    this.wantEnabled = options.enabled ?? false;
    this.decider = options.decider;
  }

  get status(): AcceptorStatus {
    return this.currentStatus;
  }

  /** True once configured and polling, until the link is lost or the driver disposed. */
  get isPolling(): boolean {
    return this.phase.kind === 'polling';
  }

  get setup(): SetupRequestInfo | undefined {
    return this.phase.kind === 'polling' ? this.phase.setup : undefined;
  }

  setEscrowDecider(decider: EscrowDecider | undefined): void {
    this.decider = decider;
  }

  /** Runs the configure handshake once, then starts polling. An error names the step that failed. */
  async configure(): Promise<Result<SetupRequestInfo, string>> {
    if (this.phase.kind === 'polling') return ok(this.phase.setup);
    if (this.phase.kind !== 'new') return err(`bill acceptor ${this.options.deviceId}: cannot configure while ${this.phase.kind}`);
    this.phase = { kind: 'configuring' };
    const configured = await this.handshake();
    if (this.phase.kind !== 'configuring') return err(`bill acceptor ${this.options.deviceId}: disposed while configuring`);
    if (!configured.ok) {
      this.phase = { kind: 'ended' };
      return configured;
    }
    this.phase = { kind: 'polling', setup: configured.value };
    this.setStatus({ state: 'online', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: false } });
    this.eventEmitter.fire({ type: 'connected', setup: configured.value });
    void this.pollUntilLost(configured.value);
    return configured;
  }

  /** Lets citizens insert notes. Resolves false when the unit is not polling or refused. */
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
    if (this.phase.kind !== 'polling') return err(`bill acceptor ${this.options.deviceId} is not configured`);
    const reply = await this.link.exchange(Uint8Array.of(SspCommand.getCounters));
    if (!reply.ok) return err(describeLinkError(reply.error));
    if (reply.value[0] === SspResponse.commandNotKnown) return ok(undefined);
    const counters = COUNTERS_REPLY.decode(reply.value);
    if (!counters.ok) return err(`GET COUNTERS answered ${hex(reply.value)}: ${counters.error}`);
    return ok({ stacked: counters.value.stacked, rejected: counters.value.rejected });
  }

  /** Ends the poll loop and stops listening; the link's owner closes the transport. */
  dispose(): void {
    this.phase = { kind: 'ended' };
    this.wake?.();
    this.link.dispose();
    this.eventEmitter.dispose();
    this.statusEmitter.dispose();
    this.linkLostEmitter.dispose();
  }

  // ---- configure --------------------------------------------------------------------------------
  private async handshake(): Promise<Result<SetupRequestInfo, string>> {
    const link = this.link;
    const expectOk = async (data: number[], what: string, plain = false): Promise<Result<Uint8Array, string>> => {
      const reply = await link.exchange(Uint8Array.from(data), { plain });
      if (!reply.ok) return err(`${what}: ${describeLinkError(reply.error)}`);
      if (reply.value[0] !== SspResponse.ok) return err(`${what} answered ${responseName(reply.value[0]) ?? hex(reply.value)}`);
      return ok(reply.value);
    };
    const sync = await expectOk([SspCommand.sync], 'SYNC', true);
    if (!sync.ok) return sync;
    if (this.options.encrypted) {
      const exchanged = await this.negotiateKey();
      if (!exchanged.ok) return exchanged;
    }
    let pinned: number | undefined;
    for (const version of PINNED_PROTOCOL_VERSIONS) {
      const reply = await link.exchange(Uint8Array.of(SspCommand.hostProtocolVersion, version));
      if (!reply.ok) return err(`HOST PROTOCOL VERSION: ${describeLinkError(reply.error)}`);
      if (reply.value[0] === SspResponse.ok) {
        pinned = version;
        break;
      }
    }
    if (pinned === undefined) return err('the unit supports none of host protocol versions 6–8');
    const setupReply = await expectOk([SspCommand.setupRequest], 'SETUP REQUEST');
    if (!setupReply.ok) return setupReply;
    const setup = SETUP_REQUEST_REPLY.decode(setupReply.value);
    if (!setup.ok) return err(`SETUP REQUEST reply: ${setup.error}`);
    if (setup.value.currency !== EXPECTED_CURRENCY) return err(`unit is configured for ${setup.value.currency}, not ${EXPECTED_CURRENCY}`);
    const acceptYuan = this.options.acceptYuan;
    let mask = 0;
    setup.value.channelValues.forEach((yuan, i) => {
      if (setup.value.channelCurrencies[i] === EXPECTED_CURRENCY && (!acceptYuan || acceptYuan.includes(yuan)) && i < 24) mask |= 1 << i;
    });
    const inhibits = await expectOk([SspCommand.setChannelInhibits, mask & 0xff, (mask >> 8) & 0xff], 'SET CHANNEL INHIBITS');
    if (!inhibits.ok) return inhibits;
    // A note found in escrow at connect was decided by no one alive: return it, never stack it.
    const rejectLeftover = await link.exchange(Uint8Array.of(SspCommand.rejectBanknote));
    if (!rejectLeftover.ok) return err(`REJECT: ${describeLinkError(rejectLeftover.error)}`);
    if (rejectLeftover.value[0] === SspResponse.ok) this.log.warn('billAcceptor.leftover_escrow_returned', { deviceId: this.options.deviceId });
    const enableOrDisable = await expectOk([this.wantEnabled ? SspCommand.enable : SspCommand.disable], this.wantEnabled ? 'ENABLE' : 'DISABLE');
    if (!enableOrDisable.ok) return enableOrDisable;
    this.log.info('billAcceptor.connected', { deviceId: this.options.deviceId, protocol: pinned, firmware: setup.value.firmwareVersion, encrypted: link.encrypted });
    return ok(setup.value);
  }

  /** eSSP key exchange (docs/protocols/itl-ssp.md#essp-encryption): plain SET GENERATOR, SET MODULUS, REQUEST KEY EXCHANGE. */
  private async negotiateKey(): Promise<Result<void, string>> {
    const link = this.link;
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

  // ---- the poll loop ------------------------------------------------------------------------------
  /** Polls until the link is lost or the driver ends; a lost link is announced once. */
  private async pollUntilLost(setup: SetupRequestInfo): Promise<void> {
    const lost = await this.pollLoop(setup);
    if (lost === undefined || this.phase.kind === 'ended') return;
    this.phase = { kind: 'ended' };
    this.log.warn('billAcceptor.link_lost', { deviceId: this.options.deviceId, reason: lost });
    this.setStatus({ state: 'offline', detail: { ...this.currentStatus.detail, escrow: 'unknown' }, reason: `bill acceptor ${this.options.deviceId}: ${lost}` });
    this.linkLostEmitter.fire(lost);
  }

  /** Returns why the link was lost, or undefined when the driver was ended by its owner. */
  private async pollLoop(setup: SetupRequestInfo): Promise<string | undefined> {
    while (this.isStillPolling()) {
      if (!this.transport.isOpen) return 'port closed';
      const reply = await this.link.exchange(Uint8Array.of(SspCommand.poll));
      if (!this.isStillPolling()) return undefined;
      if (!reply.ok) return describeLinkError(reply.error);
      if (reply.value[0] === SspResponse.keyNotSet) return 'the unit lost its encryption key (reset?)';
      if (reply.value[0] !== SspResponse.ok) {
        this.log.warn('billAcceptor.poll_refused', { deviceId: this.options.deviceId, reply: hex(reply.value) });
      } else {
        const events = parsePollEvents(reply.value.subarray(1));
        const list = events.ok ? events.value : events.error.parsed;
        if (!events.ok) this.log.warn('billAcceptor.poll_unparsed', { deviceId: this.options.deviceId, reason: events.error.message });
        const escrow = this.handleEvents(list, setup);
        if (escrow) {
          const lost = await this.decideEscrow(escrow);
          if (lost) return lost;
          continue; // poll again at once: that poll stacks an accepted note
        }
      }
      await this.sleep(this.options.pollIntervalMs ?? POLL_INTERVAL_MS);
    }
    return undefined;
  }

  /** A method, not a property test, so TypeScript does not keep a stale narrowing across awaits. */
  private isStillPolling(): boolean {
    return this.phase.kind === 'polling';
  }

  /** Applies events to the status and tells listeners; returns the escrowed note when one is waiting. */
  private handleEvents(events: readonly SspEvent[], setup: SetupRequestInfo): { valueFen: number; channel: number } | undefined {
    const applied = applyPollEvents({ status: this.currentStatus, events, setup, hostWantsEnabled: this.wantEnabled });
    for (const event of applied.emit) this.eventEmitter.fire(event);
    this.setStatus(applied.status);
    return applied.escrow;
  }

  /** HOLD at once, renew HOLD while the owner decides, then REJECT or fall through to POLL (accept). */
  private async decideEscrow(note: { valueFen: number; channel: number }): Promise<string | undefined> {
    const hold = await this.link.exchange(Uint8Array.of(SspCommand.hold));
    if (!hold.ok) return describeLinkError(hold.error);
    const decider = this.decider;
    let decided = false;
    let decision: EscrowDecision = 'reject';
    const deciding = (decider ? decider(note) : Promise.resolve<EscrowDecision>('reject')).then(
      (d) => (decision = d),
      (e: unknown) => {
        this.log.error('billAcceptor.decider_failed', { deviceId: this.options.deviceId, error: e });
        decision = 'reject';
      },
    );
    const settled = deciding.finally(() => (decided = true));
    while (!decided) {
      let renewTimer: NodeJS.Timeout | undefined;
      await Promise.race([settled, new Promise((resolve) => (renewTimer = setTimeout(resolve, HOLD_RENEW_INTERVAL_MS)))]);
      clearTimeout(renewTimer);
      if (decided) break;
      const renew = await this.link.exchange(Uint8Array.of(SspCommand.hold));
      if (!renew.ok) return describeLinkError(renew.error);
    }
    if (decision === 'reject') {
      const reject = await this.link.exchange(Uint8Array.of(SspCommand.rejectBanknote));
      if (!reject.ok) return describeLinkError(reject.error);
    }
    return undefined;
  }

  private async sendSimple(code: number): Promise<boolean> {
    if (this.phase.kind !== 'polling') return false;
    const reply = await this.link.exchange(Uint8Array.of(code));
    return reply.ok && reply.value[0] === SspResponse.ok;
  }

  private setStatus(status: AcceptorStatus): void {
    const previous = this.currentStatus;
    this.currentStatus = status;
    const changed = previous.state !== status.state || previous.reason !== status.reason || JSON.stringify(previous.detail) !== JSON.stringify(status.detail);
    if (!changed) return;
    this.log.info('billAcceptor.status', { deviceId: this.options.deviceId, state: status.state, reason: status.reason });
    this.statusEmitter.fire(status);
  }

  /** Sleeps, but wakes early when the driver is disposed. */
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
