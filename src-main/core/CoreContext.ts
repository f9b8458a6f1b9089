// What every core module receives: config, logging, the API router, sessions, device statuses,
// the capability summary, and the services of the modules started before it.
import type { KioskConfig } from '../../kiosk-config/schema';
import type { CapabilitySummary } from '../../src-common/api/kiosk';
import type { ApiRouter } from './api/ApiRouter';
import type { DeviceStatusBoard } from './devices/DeviceStatusBoard';
import type { CoreLogger } from './logging/createLogger';
import type { CoreServices } from './services';
import type { SessionService } from './session/SessionService';

export interface CoreContext {
  readonly config: KioskConfig;
  readonly profile: string;
  readonly dataDir: string;
  readonly log: CoreLogger;
  readonly router: ApiRouter;
  readonly sessions: SessionService;
  readonly deviceStatuses: DeviceStatusBoard;
  readonly services: CoreServices;
  readonly capabilities: {
    current(): CapabilitySummary;
    /** Re-evaluates the summary and broadcasts it when it changed. */
    refresh(): void;
    setPlatformOnline(online: boolean): void;
  };
  /** Registers cleanup run at shutdown in reverse order. */
  onShutdown(fn: () => void | Promise<void>): void;
}

/** One domain of the core: devices, printing, storage, sync, payments, applications… */
export interface CoreModule {
  readonly name: string;
  start(ctx: CoreContext): void | Promise<void>;
}
