// One configured SSP bill acceptor under the device supervisor, like every other device: the
// supervisor opens the link, reconnects with backoff, publishes the status and grants leases; a
// new BillAcceptorDriver configures and polls each link. This class keeps what outlives a link —
// the host's wish to accept notes, the escrow decider, and the subscribers to events and statuses.
import type { DeviceStatus } from '../../../src-common/domain/device';
import { DisposableStore, Emitter, type Event } from '../../../src-common/event';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { BillAcceptorDriver, INITIAL_ACCEPTOR_STATUS, type AcceptorStatus, type BillAcceptorDriverOptions, type BillAcceptorEvent, type DeviceCounters, type EscrowDecider } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { DeviceStatusBoard } from './DeviceStatusBoard';
import { DeviceSupervisor, type DeviceHealth, type SupervisorTimings } from './DeviceSupervisor';

/**
 * Reconnect timing of a bill acceptor: its handshake (SYNC, key exchange, setup) is several
 * exchanges at 9600 baud, so retries start a little later than for other devices and cap at 5 s.
 */
export const BILL_ACCEPTOR_TIMINGS: Partial<SupervisorTimings> = { reconnectInitialDelayMs: 250, reconnectMaxDelayMs: 5000 };

export interface BillAcceptorDeviceOptions extends Omit<BillAcceptorDriverOptions, 'enabled' | 'decider'> {
  readonly log: Logger;
  readonly open: () => Promise<Result<ByteTransport, Error>>;
  /** The core's board; the CLI (no core) gets a private one. */
  readonly statuses?: DeviceStatusBoard;
  readonly citizenSession?: () => string | undefined;
  readonly timings?: Partial<SupervisorTimings>;
}

/** The status model of an acceptor as the supervisor sees it. */
function healthOf(status: AcceptorStatus): DeviceHealth {
  if (status.state === 'online') return ok({ detail: status.detail });
  if (status.state === 'deviceBusy') return err({ state: 'hardwareError', reason: status.reason ?? 'busy', detail: status.detail });
  return err({ state: status.state, reason: status.reason ?? status.state, detail: status.detail });
}

export class BillAcceptorDevice {
  readonly supervisor: DeviceSupervisor<BillAcceptorDriver>;
  private readonly statuses: DeviceStatusBoard;
  private wantEnabled = false;
  private decider: EscrowDecider | undefined;
  private readonly eventEmitter: Emitter<BillAcceptorEvent>;
  private readonly statusEmitter: Emitter<Omit<DeviceStatus, 'since'>>;
  private readonly subscriptions = new DisposableStore();
  /** The driver whose `connected` was announced: only its loss is a `disconnected`. */
  private announced: BillAcceptorDriver | undefined;
  /** Every event of every link: notes, faults, and `connected`/`disconnected` around reconnects. */
  readonly onEvent: Event<BillAcceptorEvent>;
  /** This acceptor's entry on the status board, each time it changes. */
  readonly onStatus: Event<Omit<DeviceStatus, 'since'>>;

  constructor(private readonly options: BillAcceptorDeviceOptions) {
    const log = options.log;
    this.eventEmitter = new Emitter<BillAcceptorEvent>({ onListenerError: (error) => log.error('billAcceptor.listener_threw', { error }) });
    this.statusEmitter = new Emitter<Omit<DeviceStatus, 'since'>>({ onListenerError: (error) => log.error('billAcceptor.listener_threw', { error }) });
    this.onEvent = this.eventEmitter.event;
    this.onStatus = this.statusEmitter.event;
    this.statuses = options.statuses ?? new DeviceStatusBoard();
    this.subscriptions.add(
      this.statuses.onDidChange(({ status }) => {
        if (status.deviceId === options.deviceId) this.statusEmitter.fire(status);
      }),
    );
    let current: DisposableStore | undefined;
    this.supervisor = new DeviceSupervisor<BillAcceptorDriver>({
      deviceId: options.deviceId,
      deviceClass: 'billAcceptor',
      statuses: this.statuses,
      log,
      initialDetail: INITIAL_ACCEPTOR_STATUS.detail,
      citizenSession: options.citizenSession ?? (() => undefined),
      timings: { ...BILL_ACCEPTOR_TIMINGS, ...options.timings },
      open: options.open,
      attach: (transport) => {
        const driver = new BillAcceptorDriver(transport, { ...this.driverOptions(), enabled: this.wantEnabled, ...(this.decider ? { decider: this.decider } : {}) });
        current = new DisposableStore();
        // `connected` is announced by the supervisor once the status is published (below).
        current.add(
          driver.onEvent((event) => {
            if (event.type !== 'connected') this.eventEmitter.fire(event);
          }),
        );
        return driver;
      },
      // The poll loop is the health probe: the first inspection configures the unit, later ones
      // read what the last poll found.
      inspect: async (driver) => {
        if (driver.isPolling) return healthOf(driver.status);
        const configured = await driver.configure();
        if (!configured.ok) return err({ state: 'offline', reason: `bill acceptor ${options.deviceId}: ${configured.error}`, reconnect: true });
        return healthOf(driver.status);
      },
      watch: (driver, report) => {
        const store = new DisposableStore();
        store.add(driver.onStatus((status) => report(healthOf(status))));
        store.add(driver.onLinkLost((reason) => report(err({ state: 'offline', reason: `bill acceptor ${options.deviceId}: ${reason}`, reconnect: true }))));
        return store;
      },
      detach: (driver, reason) => {
        current?.dispose();
        current = undefined;
        driver.dispose();
        const wasAnnounced = this.announced === driver;
        if (wasAnnounced) this.announced = undefined;
        // A stop is the owner's doing, and a link that never got configured was never "connected".
        if (wasAnnounced && reason !== 'stopped') this.eventEmitter.fire({ type: 'disconnected', reason });
      },
    });
    this.subscriptions.add(
      this.supervisor.onDidConnect((driver) => {
        const setup = driver.setup;
        if (!setup) return;
        this.announced = driver;
        this.eventEmitter.fire({ type: 'connected', setup });
      }),
    );
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  /** Configured and polling (whatever its state: a full stacker still answers). */
  get isReady(): boolean {
    return this.supervisor.driver?.isPolling ?? false;
  }

  get status(): AcceptorStatus {
    return this.supervisor.driver?.status ?? INITIAL_ACCEPTOR_STATUS;
  }

  /** Starts the supervisor; resolves once the first connection attempt has finished. */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  /** Disables the unit (so no note is taken while nobody listens), then ends the lifecycle. */
  async stop(): Promise<void> {
    const driver = this.supervisor.driver;
    if (driver?.isPolling) await driver.disable();
    await this.supervisor.stop();
    this.subscriptions.dispose();
  }

  /** Who decides on escrowed notes; without one every escrowed note is returned. */
  setEscrowDecider(decider: EscrowDecider | undefined): void {
    this.decider = decider;
    this.supervisor.driver?.setEscrowDecider(decider);
  }

  /** Lets citizens insert notes. Resolves false when the unit is not online, leased, or refused. */
  async enable(): Promise<boolean> {
    this.wantEnabled = true;
    const result = await this.supervisor.run({}, async (driver) => ok(await driver.enable()));
    return result.ok && result.value;
  }

  /** Stops taking notes; also on a unit in a fault state (a jam, a full stacker). */
  async disable(): Promise<boolean> {
    this.wantEnabled = false;
    const result = await this.supervisor.run({ evenIfFaulted: true }, async (driver) => ok(await driver.disable()));
    return result.ok && result.value;
  }

  /** GET COUNTERS; works in a fault state too, since the boot reconciler needs it most then. */
  async getCounters(): Promise<Result<DeviceCounters | undefined, string>> {
    const result = await this.supervisor.run({ evenIfFaulted: true }, async (driver) => ok(await driver.getCounters()));
    if (!result.ok) return err(result.error.description);
    return result.value;
  }

  private driverOptions(): BillAcceptorDriverOptions {
    const { deviceId, log, encrypted, fixedKey, pollIntervalMs, replyTimeoutMs, acceptYuan } = this.options;
    return {
      deviceId,
      log,
      ...(encrypted ? { encrypted } : {}),
      ...(fixedKey !== undefined ? { fixedKey } : {}),
      ...(pollIntervalMs ? { pollIntervalMs } : {}),
      ...(replyTimeoutMs ? { replyTimeoutMs } : {}),
      ...(acceptYuan ? { acceptYuan } : {}),
    };
  }
}
