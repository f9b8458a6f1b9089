// The one lifecycle of every configured device (ID card readers, scanners, receipt printers, system
// printers, bill acceptors): opens its link, builds the driver, inspects the device before trusting
// it, reconnects with backoff after an unplug, writes the device's status to the status board,
// serialises and de-duplicates commands, and grants exclusive diagnostics leases.
//
// How to put a driver under it:
//
//   const supervisor = new DeviceSupervisor<MyDriver>({
//     deviceId, deviceClass, statuses: ctx.deviceStatuses, log,
//     initialDetail: { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false },
//     open: () => openTransport(config.transport, …),          // Result<link, Error>; a ByteTransport by default
//     attach: (link) => new MyDriver(link, { log }),            // builds the driver; no I/O yet
//     inspect: (driver, signal) => driver.status(signal),       // Result<DeviceInspection, DeviceFault>
//     watch: (driver, report) => driver.onStatus(…report…),     // optional: status the driver learns by itself
//     detach: (driver, reason) => driver.dispose(),             // stop listening; the supervisor closes the link
//     citizenSession: () => ctx.sessions.active?.info.sessionId,
//   });
//   supervisor.start();
//   const result = await supervisor.run({ commandId }, (driver) => driver.print(job));
//
// - `inspect` runs after every (re)open and every `healthCheckIntervalMs` while idle. `ok` with a
//   detail = online; `err` with `state` = that state (e.g. `userError` for paper out); an `err`
//   with `reconnect: true` (no reply) closes the link and reconnects. `watch` reports the same
//   way whenever the driver learns something on its own (a bill acceptor's poll, a printer's ASB).
// - `run` refuses with `deviceNotReady` while the device is not online or is leased to someone
//   else (`evenIfFaulted` lets a command run on a connected device in a fault state, e.g. DISABLE
//   on a jammed acceptor); commands run one at a time; a repeated `commandId` gets the first
//   run's result.
// - `acquireLease` succeeds unless a citizen transaction uses this device: a citizen command is
//   queued or running on it, or the citizen session in progress has run one (a session that read
//   its card keeps the reader until it ends; a session that never touched the printer does not
//   hold it). While held, citizens see `deviceBusy` and only commands carrying the lease run.
import type { ApiError } from '../../../src-common/api/envelope';
import { Backoff, type BackoffPolicy } from '../../../src-common/backoff';
import type { DeviceClass, DeviceDetail, DeviceState } from '../../../src-common/domain/device';
import { Emitter, type Disposable, type Event } from '../../../src-common/event';
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

export type DeviceHealth = Result<DeviceInspection, DeviceFault>;

/** What the supervisor needs of a link: a serial port, a socket, an HID device, a CUPS queue… */
export interface DeviceLink {
  /** Fires once when the link is gone (unplug, remote end closed, close()). */
  readonly onClose: Event<Error | undefined>;
  close(): Promise<void>;
}

/** Named timings of the supervisor. */
export interface SupervisorTimings {
  /** First reconnect delay after an unplug; short, because a USB re-enumeration takes ~0.5 s. */
  readonly reconnectInitialDelayMs: number;
  /** Cap of the doubling delay: keeps "back online" within ~1 s of a replug without busy-looping. */
  readonly reconnectMaxDelayMs: number;
  /** Idle health probe period; the public SAM sample code checks the SAM every 2 s (docs/protocols/sam-id-card-reader.md#operating-sequence). */
  readonly healthCheckIntervalMs: number;
}

export const DEFAULT_SUPERVISOR_TIMINGS: SupervisorTimings = {
  reconnectInitialDelayMs: 100,
  reconnectMaxDelayMs: 1000,
  healthCheckIntervalMs: 2000,
};

/** Reconnects double without jitter: one local device gains nothing from spreading its retries. */
function reconnectPolicy(timings: SupervisorTimings): BackoffPolicy {
  return { baseMs: timings.reconnectInitialDelayMs, capMs: timings.reconnectMaxDelayMs, jitter: 'none' };
}

/** Commands remembered for de-duplication; old ids fall out first. */
const REMEMBERED_COMMAND_IDS = 256;

export interface DeviceSupervisorOptions<D, L extends DeviceLink = ByteTransport> {
  readonly deviceId: string;
  readonly deviceClass: DeviceClass;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly initialDetail: DeviceDetail;
  readonly open: () => Promise<Result<L, Error>>;
  readonly attach: (link: L) => D;
  readonly inspect: (driver: D, signal: AbortSignal) => Promise<DeviceHealth>;
  /** Subscribes to health the driver reports unprompted; disposed when the driver is detached. */
  readonly watch?: (driver: D, report: (health: DeviceHealth) => void) => Disposable;
  /** The driver is being let go (`reason` says why); the supervisor closes the link after this. */
  readonly detach: (driver: D, reason: string) => void;
  /** The citizen session in progress (its id), if any: a device it has used is not leased until it ends. */
  readonly citizenSession: () => string | undefined;
  readonly timings?: Partial<SupervisorTimings>;
}

/** An exclusive hold on a device for diagnostics. */
export interface DeviceLease {
  readonly leaseId: string;
  readonly holder: string;
  readonly deviceId: string;
  /** The API connection that holds it for a session of work, if any: its other commands may run under it. */
  readonly owner?: string;
}

/** What a command asks of the supervisor besides the work itself. */
export interface CommandRequest {
  /** Repeats of the same id get the first run's result instead of running again. */
  readonly commandId?: string;
  /** A technician's lease: required while the device is leased. */
  readonly lease?: DeviceLease;
  /** Run on a connected device even when its state is a fault (never while leased to another). */
  readonly evenIfFaulted?: boolean;
}

/** Lifecycle of the link. */
type LinkState<D, L> =
  /** Not started, or stopped. */
  | { readonly kind: 'stopped' }
  /** Opening the link. */
  | { readonly kind: 'connecting' }
  /** Open, driver attached; its health is in `health`. */
  | { readonly kind: 'connected'; readonly link: L; readonly driver: D; readonly watching: Disposable | undefined }
  /** Waiting `delayMs` before the next open attempt. */
  | { readonly kind: 'waiting'; readonly delayMs: number };

interface Health {
  readonly state: DeviceState;
  readonly detail: DeviceDetail;
  readonly reason?: string;
}

export class DeviceSupervisor<D, L extends DeviceLink = ByteTransport> {
  private link: LinkState<D, L> = { kind: 'stopped' };
  private readonly timings: SupervisorTimings;
  private health: Health;
  private lease: DeviceLease | undefined;
  private commandQueue: Promise<unknown> = Promise.resolve();
  private busyCount = 0;
  /** Citizen (lease-less) commands queued or running. */
  private citizenCommands = 0;
  /** The last citizen session a command ran for: that session uses the device until it ends. */
  private servedSession: string | undefined;
  private readonly recentCommands = new Map<string, Promise<Result<unknown, ApiError>>>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private lifecycle = new AbortController();
  private leaseCounter = 0;
  private firstAttempt: Promise<void> = Promise.resolve();
  private readonly reconnectScheduled = new Emitter<number>({ onListenerError: (error) => this.options.log.error('device.listener_threw', { deviceId: this.deviceId, error }) });
  /** Fires with the delay each time a reconnect is scheduled (diagnostics and tests). */
  readonly onDidScheduleReconnect = this.reconnectScheduled.event;
  private readonly connected = new Emitter<D>({ onListenerError: (error) => this.options.log.error('device.listener_threw', { deviceId: this.deviceId, error }) });
  /** Fires with the new driver once a (re)opened link passed its first inspection and its status is published. */
  readonly onDidConnect = this.connected.event;

  constructor(private readonly options: DeviceSupervisorOptions<D, L>) {
    this.timings = { ...DEFAULT_SUPERVISOR_TIMINGS, ...options.timings };
    this.backoff = new Backoff(reconnectPolicy(this.timings));
    this.health = { state: 'offline', detail: options.initialDetail, reason: 'not started' };
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  get isOnline(): boolean {
    return this.link.kind === 'connected' && this.health.state === 'online';
  }

  /** True while a link is open and a driver attached, whatever the device's state. */
  get isConnected(): boolean {
    return this.link.kind === 'connected';
  }

  /** The attached driver, when connected (for event subscriptions such as scans). */
  get driver(): D | undefined {
    return this.link.kind === 'connected' ? this.link.driver : undefined;
  }

  get currentLease(): DeviceLease | undefined {
    return this.lease;
  }

  /** Starts the lifecycle; the promise settles once the first open-and-inspect attempt is over. */
  start(): Promise<void> {
    if (this.link.kind !== 'stopped') return this.firstAttempt;
    this.lifecycle = new AbortController();
    this.backoff.reset();
    this.firstAttempt = this.connect();
    this.healthTimer = setInterval(() => void this.checkNow(), this.timings.healthCheckIntervalMs);
    this.healthTimer.unref();
    return this.firstAttempt;
  }

  async stop(): Promise<void> {
    this.lifecycle.abort();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    const link = this.link;
    this.link = { kind: 'stopped' };
    if (link.kind === 'connected') {
      link.watching?.dispose();
      this.options.detach(link.driver, 'stopped');
      await link.link.close().catch(() => undefined);
    }
    this.publish({ state: 'offline', detail: this.health.detail, reason: 'stopped' });
  }

  /** Updates the per-class detail (e.g. card present) without changing the state. */
  setDetail(detail: DeviceDetail): void {
    this.publish({ ...this.health, detail });
  }

  /** Runs a command on the driver: refused unless online (see `evenIfFaulted`) and not leased to someone else; de-duplicated by commandId. */
  run<T>(request: CommandRequest, command: (driver: D) => Promise<Result<T, ApiError>>): Promise<Result<T, ApiError>> {
    if (request.commandId) {
      const previous = this.recentCommands.get(request.commandId);
      if (previous) return previous as Promise<Result<T, ApiError>>;
    }
    const refused = this.refusal(request);
    if (refused) return Promise.resolve(err(refused));
    const citizen = request.lease === undefined;
    if (citizen) {
      this.citizenCommands++;
      this.servedSession = this.options.citizenSession() ?? this.servedSession;
    }
    const execution = this.commandQueue.then(async (): Promise<Result<T, ApiError>> => {
      const again = this.refusal(request);
      if (again) return err(again);
      if (this.link.kind !== 'connected') return err({ code: 'deviceNotReady', description: `${this.deviceId} is not connected` });
      this.busyCount++;
      try {
        return await command(this.link.driver);
      } finally {
        this.busyCount--;
      }
    });
    if (citizen) void execution.finally(() => this.citizenCommands--).catch(() => undefined);
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
    this.backoff.reset();
    void this.connect();
  }

  /** Forgets de-duplicated results: they can hold PII (a read card) and go at session end. */
  forgetCommands(): void {
    this.recentCommands.clear();
  }

  /** True while a citizen transaction uses this device (see the module comment). */
  get inCitizenUse(): boolean {
    if (this.citizenCommands > 0) return true;
    const session = this.options.citizenSession();
    return session !== undefined && session === this.servedSession;
  }

  /** Grants an exclusive diagnostics lease, unless a citizen transaction uses this device. */
  acquireLease(holder: string, owner?: string): Result<DeviceLease, ApiError> {
    if (this.inCitizenUse) {
      return err({ code: 'sequenceError', description: `${this.deviceId}: a citizen transaction uses this device; the lease is granted when it ends` });
    }
    if (this.lease) return err({ code: 'unauthorized', description: `${this.deviceId} is already leased by ${this.lease.holder}` });
    this.lease = { leaseId: `${this.deviceId}-lease-${++this.leaseCounter}`, holder, deviceId: this.deviceId, ...(owner ? { owner } : {}) };
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

  private refusal(request: CommandRequest): ApiError | undefined {
    if (this.lease && this.lease.leaseId !== request.lease?.leaseId) {
      return { code: 'deviceNotReady', description: `${this.deviceId} is held by a diagnostics lease (${this.lease.holder})` };
    }
    if (this.link.kind !== 'connected') return { code: 'deviceNotReady', description: `${this.deviceId} is ${this.health.state}: ${this.health.reason ?? 'not connected'}` };
    if (this.health.state !== 'online' && !request.evenIfFaulted) return { code: 'deviceNotReady', description: `${this.deviceId} is ${this.health.state}: ${this.health.reason ?? ''}` };
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
    const link = opened.value;
    const driver = this.options.attach(link);
    const watching = this.options.watch?.(driver, (health) => void this.apply(driver, health));
    this.link = { kind: 'connected', link, driver, watching };
    link.onClose((error) => this.onLinkClosed(link, error));
    // Re-inspect before trusting the device (design.md §4): nothing is assumed across a reconnect.
    const inspected = await this.inspectNow(driver);
    if (!inspected) return;
    this.backoff.reset();
    this.connected.fire(driver);
  }

  /** Runs the inspection; returns false when the link was dropped because of it. */
  private async inspectNow(driver: D): Promise<boolean> {
    const result = await this.options.inspect(driver, this.lifecycle.signal);
    return this.apply(driver, result);
  }

  /** Publishes a health report of the attached driver; returns false when it dropped the link. */
  private async apply(driver: D, result: DeviceHealth): Promise<boolean> {
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

  /** Inspects the device now (queued behind commands); skipped while a command runs or a lease is held. */
  async checkNow(): Promise<void> {
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
    link.watching?.dispose();
    this.options.detach(link.driver, reason);
    await link.link.close().catch(() => undefined);
    this.publish({ state: 'offline', detail: this.options.initialDetail, reason });
    this.scheduleReconnect();
  }

  private onLinkClosed(closed: L, error?: Error): void {
    if (this.link.kind !== 'connected' || this.link.link !== closed) return;
    const { driver, watching } = this.link;
    this.link = { kind: 'connecting' };
    const reason = `link closed${error ? `: ${error.message}` : ''}`;
    watching?.dispose();
    this.options.detach(driver, reason);
    this.options.log.warn('device.link_closed', { deviceId: this.deviceId, error: error?.message });
    this.publish({ state: 'offline', detail: this.options.initialDetail, reason });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.lifecycle.signal.aborted) return;
    const delayMs = this.backoff.nextDelayMs();
    this.link = { kind: 'waiting', delayMs };
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
    this.reconnectTimer.unref();
    this.reconnectScheduled.fire(delayMs);
  }

  /** Writes the status board; a lease shows as `deviceBusy` on top of the real state. */
  private publish(health: Health): void {
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
