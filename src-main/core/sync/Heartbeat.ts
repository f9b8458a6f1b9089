// The kiosk's heartbeat (design.md §6): every `sync.heartbeatSeconds` it reports device statuses,
// queue depth, oldest pending age, versions and free disk, purges acknowledged PII past retention,
// and checks disk space for the alert. Remote commands and desired bundle versions in the answer
// go to the fleet domain (docs/fleet.md), which stores commands durably before they are
// acknowledged in the next beat; nothing runs inline here.
import fs from 'node:fs';
import type { KioskSite } from '../../../src-common/wire/fleetAdmin';
import type { HeartbeatRequest, HeartbeatResponse } from '../../../src-common/wire/wire';
import type { Logger } from '../../../src-common/logging';
import type { SelfTestRun } from '../../../src-common/api/technician';
import type { AlertService } from '../alerts/AlertService';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';
import type { Outbox } from '../outbox/Outbox';
import { serviceId } from '../composition/serviceId';
import { describeFailure, type PlatformClient } from './PlatformClient';
import type { SyncEngine } from './SyncEngine';

/** The fleet domain's part in each beat (attached when the fleet module starts). */
export interface HeartbeatFleetSeam {
  /** Active signed bundle versions (null = none). */
  versions(): { readonly configVersion: number | null; readonly catalogVersion: number | null };
  /** Commands stored since the platform last confirmed receipt. */
  receivedCommandIds(): string[];
  /**
   * The platform answered a beat that listed `acknowledged`: store the commands it carries and
   * note the desired versions. Must not throw.
   */
  onAnswer(answer: HeartbeatResponse, acknowledged: readonly string[]): void;
}

export interface HeartbeatOptions {
  readonly intervalSeconds: number;
  readonly client: PlatformClient;
  readonly engine: SyncEngine;
  readonly outbox: Outbox;
  readonly alerts: AlertService;
  readonly devices: DeviceStatusBoard;
  readonly dataDir: string;
  readonly versions: { readonly app: string; readonly config: string };
  /** Level, region and devices, reported so that rollouts can select this kiosk. */
  readonly site?: KioskSite;
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

/** The heartbeat of the sync module; the fleet module attaches to it. */
export const HeartbeatId = serviceId<Heartbeat>('heartbeat');

export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private fleet: HeartbeatFleetSeam | undefined;
  private selfTests: (() => readonly SelfTestRun[]) | undefined;
  /** Last skew the platform reported (platform minus kiosk, seconds). */
  lastClockSkewSeconds: number | null = null;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalSeconds * 1000);
    this.timer.unref();
  }

  /**
   * Connects the fleet domain. Until then, commands in answers are not acknowledged, so the
   * platform delivers them again.
   */
  attachFleet(seam: HeartbeatFleetSeam): void {
    this.fleet = seam;
    // The first beat of a boot left before the fleet module started: report its versions now.
    if (this.timer) void (this.beating ?? Promise.resolve()).then(() => this.beat());
  }

  /** The latest self-test run of each device, sent with every beat (technician module). */
  attachSelfTests(latest: () => readonly SelfTestRun[]): void {
    this.selfTests = latest;
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

  /** Summaries only (device, outcome, steps with timings): the full history stays on the kiosk. */
  private latestSelfTests(latest: () => readonly SelfTestRun[]): NonNullable<HeartbeatRequest['selfTests']> {
    try {
      return latest()
        .slice(0, 100)
        .map((r) => ({ deviceId: r.deviceId, outcome: r.outcome, finishedAt: r.finishedAt, steps: r.steps.map((s) => ({ action: s.action, outcome: s.outcome, durationMs: s.durationMs })) }));
    } catch (e) {
      this.options.log.warn('heartbeat.selftests_unreadable', { error: e });
      return [];
    }
  }

  private async beatOnce(): Promise<void> {
    const { outbox, alerts, log } = this.options;
    const free = diskFreeBytes(this.options.dataDir);
    alerts.onDiskFree(free);
    const purged = outbox.purgeAcknowledgedPii(this.options.retentionHours);
    if (purged.ok && purged.value > 0) log.info('outbox.pii_purged', { records: purged.value });
    if (!this.options.client.provisioned) return;
    const status = outbox.status();
    const fleet = this.fleet;
    const acknowledging = fleet?.receivedCommandIds() ?? [];
    const request: HeartbeatRequest = {
      sentAt: new Date().toISOString(),
      // The detail (paper, stacker) lets the platform raise paper and cash-box alerts (issue #12.4).
      devices: this.options.devices.list().map((d) => ({ deviceId: d.deviceId, deviceClass: d.deviceClass, state: d.state, detail: d.detail, ...(d.reason ? { reason: d.reason.slice(0, 300) } : {}) })),
      queue: { pending: status.pending + status.inFlight, deadLetter: status.deadLetter, oldestPendingAgeSeconds: status.oldestPendingAgeSeconds },
      versions: { ...this.options.versions, ...(fleet ? fleet.versions() : {}) },
      diskFreeBytes: free,
      commandResults: [],
      receivedCommandIds: acknowledging,
      ...(this.selfTests ? { selfTests: this.latestSelfTests(this.selfTests) } : {}),
      ...(this.options.site ? { site: this.options.site } : {}),
    };
    const answer = await this.options.client.heartbeat(request);
    if (!answer.ok) {
      if (answer.error.kind === 'unreachable') this.options.engine.notifyUnreachable();
      log.debug('heartbeat.failed', { failure: describeFailure(answer.error) });
      return;
    }
    // Nothing waiting and the platform answered: the kiosk and the platform are in sync now.
    if (status.pending + status.inFlight === 0) outbox.markSynced();
    this.lastClockSkewSeconds = answer.value.clockSkewSeconds;
    if (Math.abs(answer.value.clockSkewSeconds) > 60) log.warn('heartbeat.clock_skew', { seconds: answer.value.clockSkewSeconds });
    this.options.engine.notifyReachable();
    fleet?.onAnswer(answer.value, acknowledging);
  }
}
