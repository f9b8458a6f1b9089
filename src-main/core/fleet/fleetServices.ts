// The fleet domain's services as the composition root names them: what the boot step decided
// (handed in by createKioskCore), the fleet service other parts of the core and the CLI read,
// and the safe point other domains ask before disruptive work.
import type { KioskConfigInput } from '../../../kiosk-config/schema';
import type { FleetVersions, KioskAvailability } from '../../../src-common/api/kiosk';
import { serviceId } from '../composition/serviceId';
import type { BootConfig } from './bootConfig';
import type { BundleApplier } from './BundleApplier';
import type { CommandInbox } from './CommandInbox';
import type { Keyring } from './keyring';
import type { SafePoint } from './SafePoint';

/** Provided by createKioskCore before modules start: what the boot step decided, and the restart seam. */
export interface FleetBootContext {
  readonly boot: BootConfig;
  readonly overrides?: Partial<KioskConfigInput>;
  /**
   * Stops this core so its supervisor starts it again (the browser shell's CoreSupervisor, the
   * Electron main process, systemd). Absent: config swaps wait, restart commands fail.
   */
  readonly requestRestart?: (reason: string) => void;
}

/** What the fleet module offers other parts of the core. */
export interface FleetService {
  availability(): KioskAvailability;
  versions(): FleetVersions;
  readonly applier: BundleApplier;
  readonly inbox: CommandInbox;
  /** Pulls both bundle kinds now; resolves with one line per kind. */
  pullNow(): Promise<string>;
  /** Runs one pass of the apply and command loop now (tests; the loop also runs on its own). */
  tick(): Promise<void>;
  /** The app release the fleet's rollout names for this kiosk (last heartbeat answer); undefined = none. */
  desiredAppVersion(): string | undefined;
  /** The admin keys this kiosk pins (app releases are verified with them too, ADR 0016). */
  keyring(): Keyring;
  /** The kiosk clock corrected by the platform's measured skew (ms). */
  now(): number;
}

export const FleetBootId = serviceId<FleetBootContext>('fleetBoot');
export const FleetServiceId = serviceId<FleetService>('fleet');
/** "May disruptive work run now?": other domains add their own probes (a technician lease, an update). */
export const SafePointId = serviceId<SafePoint>('safePoint');
