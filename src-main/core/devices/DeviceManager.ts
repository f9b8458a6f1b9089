// The core's device manager for ID card readers and scanners: one DeviceSupervisor each, their
// in-process simulators (demo/simulated modes only), scan fan-out that survives reconnects, and
// the hot-plug watcher. Printers and the bill acceptor have their own supervisors in their
// modules (printing, cash); every supervisor writes the same status board.
import type { DeviceConfig, KioskConfig } from '../../../kiosk-config/schema';
import type { DeviceDetail } from '../../../src-common/domain/device';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { Emitter, type Event } from '../../../src-common/event';
import { IdCardSimulator } from '../../../drivers/idcard/IdCardSimulator';
import { describeIdCardError, SamIdCardReader, type IdCardTimings } from '../../../drivers/idcard/SamIdCardReader';
import { BarcodeScanner, type ScannerMode } from '../../../drivers/scanner/BarcodeScanner';
import { ScannerSimulator } from '../../../drivers/scanner/ScannerSimulator';
import { DeviceSupervisor, type DeviceFault, type SupervisorTimings } from './DeviceSupervisor';
import type { DeviceStatusBoard } from './DeviceStatusBoard';
import { deviceMatchFor, openTransport } from './openTransport';
import { DiscoveryWatcher, matchDevice, type DiscoveryReport } from '../../../drivers/discovery/deviceDiscovery';
import { serviceId } from '../composition/serviceId';

/** Driver names this manager runs (kiosk-config `DeviceConfig.driver`). */
export const ID_CARD_DRIVERS = ['sam'] as const;
export const SCANNER_DRIVERS = { serialScanner: 'serial', hidPos: 'hidPos' } as const satisfies Record<string, ScannerMode>;

export type ManagedDevice =
  /** A SAM ID card reader and, in demo modes, its simulator. */
  | { readonly kind: 'idCardReader'; readonly config: DeviceConfig; readonly supervisor: DeviceSupervisor<SamIdCardReader>; readonly simulator?: IdCardSimulator }
  /** A barcode/QR scanner, its scan fan-out and, in demo modes, its simulator. */
  | {
      readonly kind: 'scanner';
      readonly config: DeviceConfig;
      readonly supervisor: DeviceSupervisor<BarcodeScanner>;
      /** Every scan of this scanner, across reconnects. */
      readonly scans: Event<string>;
      readonly simulator?: ScannerSimulator;
    };

export interface DeviceManagerOptions {
  readonly config: KioskConfig;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly citizenSession: () => string | undefined;
  readonly supervisorTimings?: Partial<SupervisorTimings>;
  readonly idCardTimings?: Partial<IdCardTimings>;
}

const CARD_READER_DETAIL: DeviceDetail = { kind: 'cardReader', cardPresent: false, samOk: false };

export class DeviceManager {
  private readonly devices = new Map<string, ManagedDevice>();
  /** Re-enumerates the buses when a device is matched by VID/PID, so a replugged one reconnects at once. */
  private watcher: DiscoveryWatcher | undefined;

  constructor(private readonly options: DeviceManagerOptions) {
    for (const device of options.config.devices) {
      if (!device.enabled) continue;
      const managed = this.build(device);
      if (managed) this.devices.set(device.id, managed);
    }
  }

  start(): void {
    for (const d of this.devices.values()) void d.supervisor.start();
    // USB devices found by VID/PID come and go with the cable: watch the buses for them.
    const hotPluggable = [...this.devices.values()].flatMap((d) => {
      const match = d.config.transport.kind === 'serialMatch' || d.config.transport.kind === 'hid' ? deviceMatchFor(d.config.transport) : undefined;
      return match ? [{ device: d, match }] : [];
    });
    if (hotPluggable.length > 0) {
      this.watcher = new DiscoveryWatcher((change) => {
        const appeared: DiscoveryReport = { serial: change.added.filter((d) => d.bus === 'serial'), hid: change.added.filter((d) => d.bus === 'hid'), problems: [] };
        // Only the devices that just appeared skip the rest of their backoff.
        for (const { device, match } of hotPluggable) if (matchDevice(appeared, match)) device.supervisor.reconnectNow();
        if (change.report.problems.length > 0) this.options.log.warn('devices.discovery_problem', { problems: change.report.problems });
      });
      this.watcher.start();
    }
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
    for (const d of this.devices.values()) {
      await d.supervisor.stop();
      await d.simulator?.stop();
    }
  }

  list(): ManagedDevice[] {
    return [...this.devices.values()];
  }

  /** The named ID card reader, or the first one. */
  idCardReader(deviceId?: string): Result<Extract<ManagedDevice, { kind: 'idCardReader' }>, string> {
    return this.find('idCardReader', deviceId);
  }

  scanner(deviceId?: string): Result<Extract<ManagedDevice, { kind: 'scanner' }>, string> {
    return this.find('scanner', deviceId);
  }

  private find<K extends ManagedDevice['kind']>(kind: K, deviceId?: string): Result<Extract<ManagedDevice, { kind: K }>, string> {
    const match = [...this.devices.values()].find((d) => d.kind === kind && (deviceId === undefined || d.config.id === deviceId));
    return match ? ok(match as Extract<ManagedDevice, { kind: K }>) : err(deviceId ? `no ${kind} with id ${deviceId} is configured` : `no ${kind} is configured`);
  }

  private build(device: DeviceConfig): ManagedDevice | undefined {
    const { config, statuses, log } = this.options;
    const simulated = device.transport.kind === 'simulator';
    if (simulated && config.mode === 'production') {
      statuses.set({ deviceId: device.id, deviceClass: device.class, state: 'hardwareError', detail: { kind: 'none' }, reason: 'simulator transports are refused in production mode' });
      log.error('device.simulator_refused', { deviceId: device.id });
      return undefined;
    }
    const common = {
      deviceId: device.id,
      deviceClass: device.class,
      statuses,
      log: log.child(device.id),
      citizenSession: this.options.citizenSession,
      ...(this.options.supervisorTimings ? { timings: this.options.supervisorTimings } : {}),
    };
    if (device.class === 'idCardReader' && (ID_CARD_DRIVERS as readonly string[]).includes(device.driver)) {
      const simulator = simulated ? new IdCardSimulator({ log: log.child(`${device.id}-simulator`) }) : undefined;
      const supervisor: DeviceSupervisor<SamIdCardReader> = new DeviceSupervisor<SamIdCardReader>({
        ...common,
        initialDetail: CARD_READER_DETAIL,
        open: () => openTransport(device.transport, { label: device.id, hidPayload: 'framedBytes', ...(simulator ? { simulator } : {}) }),
        attach: (transport) => new SamIdCardReader(transport, { log: log.child(device.id), ...(this.options.idCardTimings ? { timings: this.options.idCardTimings } : {}) }),
        detach: (reader) => reader.dispose(),
        inspect: async (reader, signal) => {
          const sam = await reader.checkSam(signal);
          // A card's presence is only known during a wait (0x80 also means "already read"), so idle = none.
          if (sam.ok) return ok({ detail: { kind: 'cardReader', cardPresent: false, samOk: true } });
          const e = sam.error;
          const fault: DeviceFault =
            e.kind === 'samResult'
              ? { state: 'hardwareError', reason: describeIdCardError(e).en, detail: { kind: 'cardReader', cardPresent: false, samOk: false } }
              : { state: 'offline', reason: describeIdCardError(e).en, reconnect: e.kind !== 'canceled' };
          return err(fault);
        },
      });
      return { kind: 'idCardReader', config: device, supervisor, ...(simulator ? { simulator } : {}) };
    }
    if (device.class === 'scanner' && device.driver in SCANNER_DRIVERS) {
      const mode = SCANNER_DRIVERS[device.driver as keyof typeof SCANNER_DRIVERS];
      const simulator = simulated ? new ScannerSimulator(mode) : undefined;
      const scans = new Emitter<string>();
      const supervisor = new DeviceSupervisor<BarcodeScanner>({
        ...common,
        initialDetail: { kind: 'none' },
        open: () => openTransport(device.transport, { label: device.id, hidPayload: 'reports', ...(simulator ? { simulator } : {}) }),
        attach: (transport) => {
          const scanner = new BarcodeScanner(transport, { mode, log: log.child(device.id) });
          scanner.onScan((text) => scans.fire(text));
          return scanner;
        },
        detach: (scanner) => scanner.dispose(),
        // A scanner answers nothing: an open link is all there is to check.
        inspect: async (scanner) => (scanner.isOpen ? ok({ detail: { kind: 'none' } }) : err({ state: 'offline', reason: 'link closed', reconnect: true })),
      });
      return { kind: 'scanner', config: device, supervisor, scans: scans.event, ...(simulator ? { simulator } : {}) };
    }
    return undefined;
  }
}

/** The device manager: ID card readers and scanners under supervision (devices module). */
export const DeviceManagerId = serviceId<DeviceManager>('devices');
