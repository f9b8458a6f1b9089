// The kiosk's heartbeat (design.md §6): every `sync.heartbeatSeconds` it reports device statuses,
// queue depth, oldest pending age, versions and free disk, runs the remote commands the answer
// carries, purges acknowledged PII past retention, and checks disk space for the alert.
import fs from 'node:fs';
import type { HeartbeatRequest, RemoteCommand } from '../../../src-common/wire/wire';
import type { Logger } from '../../../src-common/logging';
import type { AlertService } from '../alerts/AlertService';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';
import type { Outbox } from '../outbox/Outbox';
import { describeFailure, type PlatformClient } from './PlatformClient';
import type { RemoteConfigPuller } from './RemoteConfigPuller';
import type { SyncEngine } from './SyncEngine';

export interface HeartbeatOptions {
  readonly intervalSeconds: number;
  readonly client: PlatformClient;
  readonly engine: SyncEngine;
  readonly outbox: Outbox;
  readonly alerts: AlertService;
  readonly devices: DeviceStatusBoard;
  readonly configPuller: RemoteConfigPuller;
  readonly dataDir: string;
  readonly versions: { readonly app: string; readonly config: string };
  readonly retentionHours: number;
  readonly log: Logger;
}

export function diskFreeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private results: HeartbeatRequest['commandResults'] = [];
  private beating: Promise<void> | undefined;
  /** Last skew the platform reported (platform minus kiosk, seconds). */
  lastClockSkewSeconds: number | null = null;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.beating;
  }

  /** One heartbeat; never throws. */
  beat(): Promise<void> {
    this.beating ??= this.beatOnce().finally(() => {
      this.beating = undefined;
    });
    return this.beating;
  }

  private async beatOnce(): Promise<void> {
    const { outbox, alerts, log } = this.options;
    const free = diskFreeBytes(this.options.dataDir);
    alerts.onDiskFree(free);
    const purged = outbox.purgeAcknowledgedPii(this.options.retentionHours);
    if (purged.ok && purged.value > 0) log.info('outbox.pii_purged', { records: purged.value });
    if (!this.options.client.provisioned) return;
    const status = outbox.status();
    const request: HeartbeatRequest = {
      sentAt: new Date().toISOString(),
      // The detail (paper, stacker) lets the platform raise paper and cash-box alerts (issue #12.4).
      devices: this.options.devices.list().map((d) => ({ deviceId: d.deviceId, deviceClass: d.deviceClass, state: d.state, detail: d.detail, ...(d.reason ? { reason: d.reason.slice(0, 300) } : {}) })),
      queue: { pending: status.pending + status.inFlight, deadLetter: status.deadLetter, oldestPendingAgeSeconds: status.oldestPendingAgeSeconds },
      versions: this.options.versions,
      diskFreeBytes: free,
      commandResults: this.results,
    };
    const answer = await this.options.client.heartbeat(request);
    if (!answer.ok) {
      if (answer.error.kind === 'unreachable') this.options.engine.notifyUnreachable();
      log.debug('heartbeat.failed', { failure: describeFailure(answer.error) });
      return;
    }
    this.results = [];
    // Nothing waiting and the platform answered: the kiosk and the platform are in sync now.
    if (status.pending + status.inFlight === 0) outbox.markSynced();
    this.lastClockSkewSeconds = answer.value.clockSkewSeconds;
    if (Math.abs(answer.value.clockSkewSeconds) > 60) log.warn('heartbeat.clock_skew', { seconds: answer.value.clockSkewSeconds });
    this.options.engine.notifyReachable();
    for (const command of answer.value.commands) this.results.push(await this.run(command));
  }

  private async run(command: RemoteCommand): Promise<HeartbeatRequest['commandResults'][number]> {
    const { engine, outbox, configPuller } = this.options;
    this.options.log.info('heartbeat.command', { kind: command.kind, commandId: command.commandId });
    switch (command.kind) {
      case 'flushQueue': {
        const outcome = await engine.flushNow();
        return { commandId: command.commandId, outcome: outcome.kind === 'drained' ? 'done' : 'failed', detail: outcome.kind };
      }
      case 'retryDeadLetters': {
        const revived = outbox.retryDeadLetters();
        return { commandId: command.commandId, outcome: revived.ok ? 'done' : 'failed', detail: revived.ok ? `${revived.value} revived` : revived.error.message };
      }
      case 'pullConfig': {
        const pulled = await configPuller.pull();
        return { commandId: command.commandId, outcome: pulled.ok ? 'done' : 'failed', detail: pulled.ok ? pulled.value : pulled.error };
      }
      default: {
        const never: never = command.kind;
        return { commandId: command.commandId, outcome: 'unsupported', detail: String(never) };
      }
    }
  }
}
