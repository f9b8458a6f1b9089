// A generic supervisor for one configured device: opens its transport, builds the driver,
// inspects the device before trusting it, reconnects with exponential backoff after an unplug,
// writes the device's status to the status board, serialises and de-duplicates commands, and
// grants exclusive diagnostics leases.
//
// How to put a driver under it (printer, bill acceptor, …):
//
//   const supervisor = new DeviceSupervisor<MyDriver>({
//     deviceId, deviceClass, statuses: ctx.deviceStatuses, log,
//     initialDetail: { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false },
//     open: () => openTransport(config.transport, …),          // Result<ByteTransport, Error>
//     attach: (transport) => new MyDriver(transport, { log }),  // builds the driver; no I/O yet
//     inspect: (driver, signal) => driver.status(signal),       // Result<DeviceInspection, DeviceFault>
//     detach: (driver) => driver.dispose(),                     // stop listening; the supervisor closes the transport
//     isCitizenTransactionActive: () => ctx.sessions.active !== undefined,
//   });
//   supervisor.start();
//   const result = await supervisor.run({ commandId, signal }, (driver, signal) => driver.print(job, signal));
//
// - `inspect` runs after every (re)open and every `healthCheckIntervalMs` while idle. `ok` with a
//   detail = online; `err` with `state` = that state (e.g. `userError` for paper out); an `err`
//   with `reconnect: true` (no reply) closes the link and reconnects.
// - `run` refuses with `deviceNotReady` while the device is not online or is leased to someone
//   else; commands run one at a time; a repeated `commandId` gets the first run's result.
// - `acquireLease` succeeds only when no citizen transaction is active; while held, citizens see
//   `deviceBusy` and only commands carrying the lease run.
import type { ApiError } from '../../../src-common/api/envelope';
import type { DeviceClass, DeviceDetail, DeviceState } from '../../../src-common/domain/device';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import type { DeviceStatusBoard } from './DeviceStatusBoard';

/** What an inspection found when the device is usable. */
export interface DeviceInspection {
  readonly detail: DeviceDetail;
}

/** What an inspection found when it is not. */
export interface DeviceFault {
  readonly state: Exclude<DeviceState, 'online' | 'deviceBusy'>;
  readonly reason: string;
  readonly detail?: DeviceDetail;
  /** The device did not answer: close the link and reconnect rather than wait for it. */
  readonly reconnect?: boolean;
}

/** Named timings of the supervisor. */
export interface SupervisorTimings {
  /** First reconnect delay after an unplug; short, because a USB re-enumeration takes ~0.5 s. */
  readonly reconnectInitialDelayMs: number;
  /** Cap of the doubling delay: keeps "back online" within ~2 s of a replug without busy-looping. */
  readonly reconnectMaxDelayMs: number;
  /** Idle health probe period; the Qt sample checks the SAM every 2 s (protocols.md §1.3). */
  readonly healthCheckIntervalMs: number;
}

export const DEFAULT_SUPERVISOR_TIMINGS: SupervisorTimings = {
  reconnectInitialDelayMs: 100,
  reconnectMaxDelayMs: 1000,
  healthCheckIntervalMs: 2000,
};

/** Commands remembered for de-duplication; old ids fall out first. */
const REMEMBERED_COMMAND_IDS = 256;

export interface DeviceSupervisorOptions<D> {
  readonly deviceId: string;
  readonly deviceClass: DeviceClass;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly initialDetail: DeviceDetail;
  readonly open: () => Promise<Result<ByteTransport, Error>>;
  readonly attach: (transport: ByteTransport) => D;
  readonly inspect: (driver: D, signal: AbortSignal) => Promise<Result<DeviceInspection, DeviceFault>>;
  readonly detach: (driver: D) => void;
  readonly isCitizenTransactionActive: () => boolean;
  readonly timings?: Partial<SupervisorTimings>;
}

/** An exclusive hold on a device for diagnostics. */
export interface DeviceLease {
  readonly leaseId: string;
  readonly holder: string;
  readonly deviceId: string;
}

/** Lifecycle of the link. */
type LinkState<D> =
  /** Not started, or stopped. */
  | { readonly kind: 'stopped' }
  /** Opening the transport or inspecting the device. */
  | { readonly kind: 'connecting' }
  /** Open, driver attached, last inspection healthy or with a clearable fault. */
  | { readonly kind: 'connected'; readonly transport: ByteTransport; readonly driver: D }
  /** Waiting `delayMs` before the next open attempt. */
  | { readonly kind: 'waiting'; readonly delayMs: number };

export class DeviceSupervisor<D> {
  private link: LinkState<D> = { kind: 'stopped' };
  private readonly timings: SupervisorTimings;
  private health: { state: DeviceState; detail: DeviceDetail; reason?: string };
  private lease: DeviceLease | undefined;
  private commandQueue: Promise<unknown> = Promise.resolve();
  private busyCount = 0;
  private readonly recentCommands = new Map<string, Promise<Result<unknown, ApiError>>>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private nextDelayMs: number;
  private lifecycle = new AbortController();
  private leaseCounter = 0;

  constructor(private readonly options: DeviceSupervisorOptions<D>) {
    this.timings = { ...DEFAULT_SUPERVISOR_TIMINGS, ...options.timings };
    this.nextDelayMs = this.timings.reconnectInitialDelayMs;
    this.health = { state: 'offline', detail: options.initialDetail, reason: 'not started' };
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  get isOnline(): boolean {
    return this.link.kind === 'connected' && this.health.state === 'online';
  }

  /** The attached driver, when connected (for event subscriptions such as scans). */
  get driver(): D | undefined {
    return this.link.kind === 'connected' ? this.link.driver : undefined;
  }

  get currentLease(): DeviceLease | undefined {
    return this.lease;
  }

  start(): void {
    if (this.link.kind !== 'stopped') return;
    this.lifecycle = new AbortController();
    void this.connect();
    this.healthTimer = setInterval(() => void this.healthCheck(), this.timings.healthCheckIntervalMs);
    this.healthTimer.unref();
  }

  async stop(): Promise<void> {
    this.lifecycle.abort();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    const link = this.link;
    this.link = { kind: 'stopped' };
    if (link.kind === 'connected') {
      this.options.detach(link.driver);
      await link.transport.close().catch(() => undefined);
    }
    this.publish({ state: 'offline', detail: this.health.detail, reason: 'stopped' });
  }

  /** Updates the per-class detail (e.g. card present) without changing the state. */
  setDetail(detail: DeviceDetail): void {
    this.publish({ ...this.health, detail });
  }

  /** Runs a command on the driver: refused unless online and not leased to someone else; de-duplicated by commandId. */
  run<T>(
    request: { readonly commandId?: string; readonly lease?: DeviceLease },
    command: (driver: D) => Promise<Result<T, ApiError>>,
  ): Promise<Result<T, ApiError>> {
    if (request.commandId) {
      const previous = this.recentCommands.get(request.commandId);
      if (previous) return previous as Promise<Result<T, ApiError>>;
    }
    const refused = this.refusal(request.lease);
    if (refused) return Promise.resolve(err(refused));
    const execution = this.commandQueue.then(async (): Promise<Result<T, ApiError>> => {
      const again = this.refusal(request.lease);
      if (again) return err(again);
      this.busyCount++;
      try {
        return await command(this.link.kind === 'connected' ? this.link.driver : (undefined as never));
      } finally {
        this.busyCount--;
      }
    });
    this.commandQueue = execution.catch(() => undefined);
    if (request.commandId) {
      this.recentCommands.set(request.commandId, execution);
      if (this.recentCommands.size > REMEMBERED_COMMAND_IDS) this.recentCommands.delete(this.recentCommands.keys().next().value!);
    }
    return execution;
  }

  /** Discovery saw the device appear: skip the rest of the backoff delay and try now. */
  reconnectNow(): void {
    if (this.link.kind !== 'waiting' || this.lifecycle.signal.aborted) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.nextDelayMs = this.timings.reconnectInitialDelayMs;
    void this.connect();
  }

  /** Forgets de-duplicated results: they can hold PII (a read card) and go at session end. */
  forgetCommands(): void {
    this.recentCommands.clear();
  }

  /** Grants an exclusive diagnostics lease, only when no citizen transaction is active. */
  acquireLease(holder: string): Result<DeviceLease, ApiError> {
    if (this.options.isCitizenTransactionActive()) {
      return err({ code: 'sequenceError', description: `${this.deviceId}: a citizen transaction is active; the lease is granted when it ends` });
    }
    if (this.lease) return err({ code: 'unauthorized', description: `${this.deviceId} is already leased by ${this.lease.holder}` });
    this.lease = { leaseId: `${this.deviceId}-lease-${++this.leaseCounter}`, holder, deviceId: this.deviceId };
    this.options.log.info('device.lease_granted', { deviceId: this.deviceId, holder });
    this.publish(this.health);
    return ok(this.lease);
  }

  releaseLease(lease: DeviceLease): boolean {
    if (this.lease?.leaseId !== lease.leaseId) return false;
    this.lease = undefined;
    this.options.log.info('device.lease_released', { deviceId: this.deviceId, holder: lease.holder });
    this.publish(this.health);
    return true;
  }

  private refusal(lease: DeviceLease | undefined): ApiError | undefined {
    if (this.lease && this.lease.leaseId !== lease?.leaseId) {
      return { code: 'deviceNotReady', description: `${this.deviceId} is held by a diagnostics lease (${this.lease.holder})` };
    }
    if (this.link.kind !== 'connected') return { code: 'deviceNotReady', description: `${this.deviceId} is ${this.health.state}: ${this.health.reason ?? 'not connected'}` };
    if (this.health.state !== 'online') return { code: 'deviceNotReady', description: `${this.deviceId} is ${this.health.state}: ${this.health.reason ?? ''}` };
    return undefined;
  }

  private async connect(): Promise<void> {
    if (this.lifecycle.signal.aborted) return;
    this.link = { kind: 'connecting' };
    const opened = await this.options.open();
    if (this.lifecycle.signal.aborted) {
      if (opened.ok) await opened.value.close().catch(() => undefined);
      return;
    }
    if (!opened.ok) {
      this.publish({ state: 'offline', detail: this.options.initialDetail, reason: opened.error.message });
      this.scheduleReconnect();
      return;
    }
    const transport = opened.value;
    const driver = this.options.attach(transport);
    this.link = { kind: 'connected', transport, driver };
    transport.onClose((error) => this.onLinkClosed(transport, error));
    // Re-inspect before trusting the device (design.md §4): nothing is assumed across a reconnect.
    const inspected = await this.inspectNow(driver);
    if (inspected) this.nextDelayMs = this.timings.reconnectInitialDelayMs;
  }

  /** Runs the inspection; returns false when the link was dropped because of it. */
  private async inspectNow(driver: D): Promise<boolean> {
    const result = await this.options.inspect(driver, this.lifecycle.signal);
    if (this.link.kind !== 'connected' || this.link.driver !== driver) return false;
    if (result.ok) {
      this.publish({ state: 'online', detail: result.value.detail });
      return true;
    }
    this.publish({ state: result.error.state, detail: result.error.detail ?? this.health.detail, reason: result.error.reason });
    if (result.error.reconnect) {
      await this.dropLink(`inspection: ${result.error.reason}`);
      return false;
    }
    return true;
  }

  private async healthCheck(): Promise<void> {
    if (this.link.kind !== 'connected' || this.busyCount > 0 || this.lease) return;
    const driver = this.link.driver;
    // Queue behind commands so a probe never interleaves with a citizen's read.
    const run = this.commandQueue.then(() => (this.link.kind === 'connected' && this.link.driver === driver ? this.inspectNow(driver) : false));
    this.commandQueue = run.catch(() => undefined);
    await run;
  }

  private async dropLink(reason: string): Promise<void> {
    const link = this.link;
    if (link.kind !== 'connected') return;
    this.link = { kind: 'connecting' };
    this.options.detach(link.driver);
    await link.transport.close().catch(() => undefined);
    this.publish({ state: 'offline', detail: this.options.initialDetail, reason });
    this.scheduleReconnect();
  }

  private onLinkClosed(transport: ByteTransport, error?: Error): void {
    if (this.link.kind !== 'connected' || this.link.transport !== transport) return;
    const driver = this.link.driver;
    this.link = { kind: 'connecting' };
    this.options.detach(driver);
    this.options.log.warn('device.link_closed', { deviceId: this.deviceId, error: error?.message });
    this.publish({ state: 'offline', detail: this.options.initialDetail, reason: `link closed${error ? `: ${error.message}` : ''}` });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.lifecycle.signal.aborted) return;
    const delayMs = this.nextDelayMs;
    this.nextDelayMs = Math.min(this.nextDelayMs * 2, this.timings.reconnectMaxDelayMs);
    this.link = { kind: 'waiting', delayMs };
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
    this.reconnectTimer.unref();
  }

  /** Writes the status board; a lease shows as `deviceBusy` on top of the real state. */
  private publish(health: { state: DeviceState; detail: DeviceDetail; reason?: string }): void {
    const changed = health.state !== this.health.state || health.reason !== this.health.reason;
    this.health = health;
    if (changed) this.options.log.info('device.status', { deviceId: this.deviceId, state: health.state, reason: health.reason });
    const leased = this.lease && health.state === 'online';
    this.options.statuses.set({
      deviceId: this.deviceId,
      deviceClass: this.options.deviceClass,
      state: leased ? 'deviceBusy' : health.state,
      detail: health.detail,
      ...(leased ? { reason: `leased for diagnostics by ${this.lease!.holder}` } : health.reason ? { reason: health.reason } : {}),
    });
  }
}
