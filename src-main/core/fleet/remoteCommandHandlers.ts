// What each remote command does on the kiosk (docs/fleet.md), and what a kill in the middle of it
// means. Handlers return the outcome; the runner stores it with the result in one transaction.
import type { RemoteAction } from '../../../src-common/wire/remoteCommands';
import type { InterruptedPolicy } from './CommandInbox';

export interface CommandOutcomeValue {
  readonly outcome: 'done' | 'failed';
  readonly detail: string;
}

/** The kiosk services remote commands act on (each optional: a missing one fails the command, clearly). */
export interface RemoteCommandServices {
  readonly setMaintenance: (on: boolean, reason: Extract<RemoteAction, { kind: 'setMaintenance' }>['reason'], commandId: string) => void;
  readonly reloadScreen: (reason: string) => void;
  readonly flushQueue?: () => Promise<{ readonly kind: string; readonly delivered: number }>;
  readonly retryDeadLetters?: () => { readonly ok: boolean; readonly revived?: number; readonly error?: string };
  readonly pullBundles: () => Promise<string>;
  readonly printTestPage?: (deviceId: string | undefined) => Promise<CommandOutcomeValue>;
  /** Issue #13: builds the PII-free diagnostics bundle and uploads it under `uploadId`. */
  readonly uploadDiagnostics?: (uploadId: string) => Promise<CommandOutcomeValue>;
  /** Whether this core can restart itself (a supervisor will start it again). */
  readonly canRestart: boolean;
}

/** After a kill mid-run: which actions are safe to repeat. */
export function interruptedPolicy(action: RemoteAction): InterruptedPolicy {
  switch (action.kind) {
    case 'restartCore':
      return 'done';
    case 'printTestPage':
      return 'failed';
    case 'reloadScreen':
    case 'setMaintenance':
    case 'uploadDiagnostics':
    case 'flushQueue':
    case 'retryDeadLetters':
    case 'pullConfig':
      return 'rerun';
    default: {
      const never: never = action;
      return never;
    }
  }
}

/**
 * Runs one action. `restartCore` is not run here: the runner records it done first, then
 * restarts (the restart would cut off any report written after it).
 */
export async function runRemoteAction(action: RemoteAction, commandId: string, services: RemoteCommandServices): Promise<CommandOutcomeValue> {
  switch (action.kind) {
    case 'restartCore':
      return services.canRestart ? { outcome: 'done', detail: 'the core restarts now; its supervisor starts it again' } : { outcome: 'failed', detail: 'this core runs without a supervisor that would start it again; not restarted' };
    case 'reloadScreen':
      services.reloadScreen(`remote command ${commandId}`);
      return { outcome: 'done', detail: 'reload requested of the connected screens' };
    case 'setMaintenance':
      services.setMaintenance(action.on, action.reason, commandId);
      return { outcome: 'done', detail: action.on ? `maintenance mode on${action.reason ? `: ${action.reason.en}` : ''}` : 'maintenance mode off' };
    case 'uploadDiagnostics':
      return services.uploadDiagnostics ? services.uploadDiagnostics(action.uploadId) : { outcome: 'failed', detail: 'diagnostics bundles are not available in this version (issue #13)' };
    case 'printTestPage':
      return services.printTestPage ? services.printTestPage(action.deviceId) : { outcome: 'failed', detail: 'no printing service runs in this core' };
    case 'flushQueue': {
      if (!services.flushQueue) return { outcome: 'failed', detail: 'no sync engine runs in this core' };
      const flushed = await services.flushQueue();
      return { outcome: flushed.kind === 'drained' ? 'done' : 'failed', detail: `${flushed.kind}: ${flushed.delivered} delivered` };
    }
    case 'retryDeadLetters': {
      const revived = services.retryDeadLetters?.();
      if (!revived) return { outcome: 'failed', detail: 'no outbox in this core' };
      return revived.ok ? { outcome: 'done', detail: `${revived.revived ?? 0} dead letter(s) back in the queue` } : { outcome: 'failed', detail: revived.error ?? 'storage error' };
    }
    case 'pullConfig':
      return { outcome: 'done', detail: await services.pullBundles() };
    default: {
      const never: never = action;
      return { outcome: 'failed', detail: `unknown action ${JSON.stringify(never)}` };
    }
  }
}

