// The core's facilities every module receives, built by the composition root before any module
// starts: config, logging, the API router, sessions, device statuses and the capability summary.
// Services of other modules are not here: a module declares them (composition/CoreModule.ts).
import type { KioskConfig } from '../../kiosk-config/schema';
import type { CapabilitySummary } from '../../src-common/api/kiosk';
import type { ApiRouter } from './api/ApiRouter';
import type { DeviceStatusBoard } from './devices/DeviceStatusBoard';
import type { CoreLogger } from './logging/createLogger';
import type { SessionService } from './session/SessionService';

export interface CoreContext {
  readonly config: KioskConfig;
  readonly profile: string;
  readonly dataDir: string;
  readonly log: CoreLogger;
  readonly router: ApiRouter;
  readonly sessions: SessionService;
  readonly deviceStatuses: DeviceStatusBoard;
  readonly capabilities: CapabilityGate;
}

/** The capability summary the home screen, the heartbeat and the QR methods read. */
export interface CapabilityGate {
  current(): CapabilitySummary;
  /** Re-evaluates the summary and broadcasts it when it changed. */
  refresh(): void;
  setPlatformOnline(online: boolean): void;
}
