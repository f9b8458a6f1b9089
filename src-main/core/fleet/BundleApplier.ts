// Applies signed config and catalog bundles on a running kiosk (docs/fleet.md): verify → stage on
// disk → wait for a safe point → swap (config: restart the core into it; catalog: replace it
// live) → health gate → commit as last-known-good, or roll back. Every step is one atomic write of
// the fleet state; every outcome goes to the platform through the outbox exactly once.
import type Database from 'better-sqlite3';
import type { EnabledServices, FleetSettings } from '../../../kiosk-config/schema';
import type { Bundle, BundleKind } from '../../../src-common/wire/bundle';
import { BUNDLE_RESULT_KIND, BundleResultPayload, fleetStreamKey } from '../../../src-common/wire/fleetEvents';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { ulid } from 'ulid';
import type { Outbox } from '../outbox/Outbox';
import { writeFileAtomic } from './atomicFile';
import { catalogPayloadPath } from './bootConfig';
import { commitTrial, lastResult, recordRefusal, rememberEtag, rollBackTrial, stage, swapIn, type FleetState, type HealthBaseline, type Stamp } from './fleetState';
import type { FleetStore } from './FleetStore';
import { watchHealthGate, type HealthReading } from './healthGate';
import { pinKeys } from './keyring';
import type { SafePointTimers } from './SafePoint';
import { decodePayload, verifyBundle, type BundleRefusal, type PayloadCheck } from './verifyBundle';

export interface CatalogSeam {
  /** Validates and serves a catalog document now (CatalogProvider.replace). */
  replace(raw: unknown): Result<unknown, string[]>;
  /** The catalog shipped with the kiosk (what runs when no catalog bundle is active). */
  shipped(): Result<unknown, string[]>;
}

export interface BundleApplierOptions {
  readonly store: FleetStore;
  readonly db: Database.Database;
  readonly outbox: Outbox;
  readonly dataDir: string;
  readonly checkPayload: (kind: BundleKind, payload: unknown) => PayloadCheck;
  /** Fleet settings of the running config: the gate a new swap gets. */
  readonly settings: FleetSettings;
  /** Services switched on in the running config (after a config swap: the new one). */
  readonly enabledServices: EnabledServices;
  readonly health: () => HealthReading;
  readonly catalog?: CatalogSeam;
  /** Restarts the core (absent: config swaps wait for a core that can restart itself). */
  readonly restart?: (reason: string) => void;
  readonly now: () => number;
  readonly timers: SafePointTimers;
  /** How often the health gate looks again. */
  readonly pollMs: number;
  readonly log: Logger;
}

/** What `applyStaged` did. */
export type ApplyStep =
  // nothing staged, or a trial is still open
  | { readonly kind: 'idle' }
  // a staged config needs a restart this core cannot do; it stays staged
  | { readonly kind: 'waitingForRestart'; readonly version: number }
  // swapped in; a config restarts the core, a catalog is under the health gate
  | { readonly kind: 'swapped'; readonly bundle: BundleKind; readonly version: number };

export class BundleApplier {
  private restarting = false;
  private gating: Promise<void> | undefined;

  constructor(private readonly options: BundleApplierOptions) {}

  get state(): FleetState {
    return this.options.store.state;
  }

  /** True once a restart was requested: nothing else is started. */
  get restartRequested(): boolean {
    return this.restarting;
  }

  private stamp(): Stamp {
    return { resultId: ulid(), at: new Date(this.options.now()).toISOString() };
  }

  private commit(next: FleetState): void {
    if (next !== this.options.store.state) this.options.store.commit(next);
    this.reportResults();
  }

  /** Hands every result not yet in the outbox to it (one transaction each, so exactly once). */
  reportResults(): void {
    const { db, outbox, log } = this.options;
    for (const result of this.state.results) {
      const written = outbox.write(`reporting fleet result ${result.resultId}`, () =>
        db
          .transaction(() => {
            if (db.prepare('SELECT 1 FROM fleet_reported_results WHERE result_id = ?').get(result.resultId)) return;
            const job = outbox.enqueueInTransaction(db, { streamKey: fleetStreamKey.bundle(result.kind), kind: BUNDLE_RESULT_KIND, payload: BundleResultPayload.parse(result), occurredAt: result.at });
            db.prepare('INSERT INTO fleet_reported_results (result_id, outbox_job_id, reported_at) VALUES (?, ?, ?)').run(result.resultId, job.jobId, new Date(this.options.now()).toISOString());
          })
          .immediate(),
      );
      if (!written.ok) log.error('fleet.result_not_reported', { resultId: result.resultId, error: written.error.message });
    }
  }

  /** Pins keys given at provisioning (the registration's key, the profile's list). */
  pinKeys(pins: Parameters<typeof pinKeys>[1]): void {
    const pinned = pinKeys(this.state.keyring, pins, new Date(this.options.now()).toISOString());
    for (const problem of pinned.problems) this.options.log.error('fleet.key_refused', { problem });
    if (pinned.keyring.length === this.state.keyring.length) return;
    try {
      this.commit({ ...this.state, keyring: pinned.keyring });
      this.options.log.info('fleet.keys_pinned', { keys: pinned.keyring.length });
    } catch (e) {
      // Not fatal: the same keys are pinned again at the next start.
      this.options.log.error('fleet.state_not_written', { action: 'pinning keys', error: e });
    }
  }

  /** Verifies a bundle and stages it (bundle file first, then the state naming it), or records its refusal. */
  receive(raw: unknown): Result<{ readonly kind: BundleKind; readonly version: number }, BundleRefusal> {
    const at = new Date(this.options.now()).toISOString();
    const verified = verifyBundle(raw, { keyring: this.state.keyring, kinds: this.state, checkPayload: this.options.checkPayload, at });
    if (!verified.ok) {
      const refusal = verified.error;
      this.options.log.warn('fleet.bundle_refused', { kind: refusal.kind, version: refusal.version, code: refusal.code, detail: refusal.detail });
      this.commit(recordRefusal(this.state, refusal.kind ?? 'config', refusal.version, refusal.code, refusal.detail, this.stamp()));
      return verified;
    }
    const { bundle, payload, keyring } = verified.value;
    this.options.store.writeBundle(bundle);
    if (bundle.kind === 'catalog') writeFileAtomic(catalogPayloadPath(this.options.dataDir, bundle.version), JSON.stringify(payload));
    this.commit(stage(this.state, bundle.kind, bundle.version, keyring));
    this.options.log.info('fleet.bundle_staged', { kind: bundle.kind, version: bundle.version, keyId: bundle.keyId, keys: keyring.length });
    this.options.store.prune();
    return ok({ kind: bundle.kind, version: bundle.version });
  }

  /**
   * A bundle pulled from the platform: the very bundle this kiosk already accepted (a re-delivery)
   * is ignored silently; anything else goes through `receive`. The ETag is kept either way.
   */
  receivePulled(kind: BundleKind, raw: unknown, etag: string | null): 'unchanged' | 'staged' | 'refused' {
    const known = this.alreadyAccepted(kind, raw);
    const outcome = known ? 'unchanged' : this.receive(raw).ok ? 'staged' : 'refused';
    this.commit(rememberEtag(this.state, kind, etag));
    return outcome;
  }

  private alreadyAccepted(kind: BundleKind, raw: unknown): boolean {
    const r = raw as Partial<Bundle> | null;
    if (!r || r.kind !== kind || typeof r.version !== 'number' || r.version > this.state[kind].highestAccepted) return false;
    const stored = this.options.store.readBundle(kind, r.version);
    return stored.ok && stored.value.signature === r.signature && stored.value.payload === r.payload;
  }

  /** At a safe point (the caller checked): swaps the staged version in, if there is one and no trial is open. */
  applyStaged(): ApplyStep {
    if (this.restarting || this.state.trial) return { kind: 'idle' };
    // One change at a time, config first: a failure is then always the one change's fault.
    const kind: BundleKind | undefined = this.state.config.staged !== null ? 'config' : this.state.catalog.staged !== null ? 'catalog' : undefined;
    if (!kind) return { kind: 'idle' };
    const version = this.state[kind].staged!;
    if (kind === 'config' && !this.options.restart) return { kind: 'waitingForRestart', version };
    const reading = this.options.health();
    const baseline: HealthBaseline = { availableServices: reading.services.filter((s) => s.available).map((s) => s.service), platformOnline: reading.platformOnline };
    const swapped = swapIn(this.state, kind, { baseline, maxBoots: this.options.settings.maxTrialBoots, gateSeconds: this.options.settings.healthGateSeconds }, new Date(this.options.now()).toISOString());
    if (!swapped) return { kind: 'idle' };
    this.commit(swapped);
    this.options.log.info('fleet.swapped_in', { kind, version, previous: swapped.trial?.previous ?? null, baseline });
    if (kind === 'config') {
      this.restarting = true;
      this.options.restart!(`config v${version} swapped in`);
      return { kind: 'swapped', bundle: kind, version };
    }
    const failure = this.replaceCatalog(this.payloadOf('catalog', version));
    if (failure) this.rollBack(`the catalog service refused v${version}: ${failure}`);
    return { kind: 'swapped', bundle: kind, version };
  }

  /**
   * Runs the health gate of an open trial (after the swap's restart, or after a live catalog
   * swap): commit when healthy, roll back when the gate's time runs out. Never rejects.
   */
  runGate(signal: AbortSignal): Promise<void> {
    this.gating ??= this.gate(signal)
      // Never rejects: a failed write leaves the trial open, and the next tick or boot decides again.
      .catch((e: unknown) => this.options.log.error('fleet.gate_error', { error: e }))
      .finally(() => {
        this.gating = undefined;
      });
    return this.gating;
  }

  private async gate(signal: AbortSignal): Promise<void> {
    const trial = this.state.trial;
    if (!trial || this.restarting) return;
    const { now, timers, pollMs, log } = this.options;
    const deadlineMs = now() + trial.gateSeconds * 1000;
    log.info('fleet.health_gate', { kind: trial.kind, version: trial.version, boots: trial.boots, gateSeconds: trial.gateSeconds });
    const verdict = await watchHealthGate({ baseline: trial.baseline, enabled: this.options.enabledServices, read: this.options.health, deadlineMs, now, pollMs, timers, signal });
    if (signal.aborted || this.state.trial !== trial) return;
    if (verdict.healthy) {
      this.commit(commitTrial(this.state, this.stamp(), `healthy ${trial.kind} v${trial.version} after ${trial.boots} boot(s): every service that was available is back${trial.baseline.platformOnline ? ', platform reachable' : ''}`));
      log.info('fleet.applied', { kind: trial.kind, version: trial.version });
      this.options.store.prune();
      return;
    }
    this.rollBack(`health gate failed after ${trial.gateSeconds} s: ${verdict.failing.join('; ')}`);
  }

  /** Takes the open trial back: a config by restarting into last-known-good, a catalog by replacing it live. */
  private rollBack(detail: string): void {
    const trial = this.state.trial;
    if (!trial) return;
    this.commit(rollBackTrial(this.state, 'healthGate', detail, this.stamp()));
    this.options.log.warn('fleet.rolled_back', { kind: trial.kind, version: trial.version, previous: trial.previous, detail });
    if (trial.kind === 'config') {
      if (this.options.restart) {
        this.restarting = true;
        this.options.restart(`config v${trial.version} rolled back`);
      }
      return;
    }
    const previous = trial.previous !== null ? this.payloadOf('catalog', trial.previous) : this.options.catalog ? this.shippedCatalog(this.options.catalog) : err('no catalog service runs in this core');
    const failure = this.replaceCatalog(previous);
    if (failure) this.options.log.error('fleet.catalog_restore_failed', { previous: trial.previous, failure });
  }

  private shippedCatalog(catalog: CatalogSeam): Result<unknown, string> {
    const shipped = catalog.shipped();
    return shipped.ok ? shipped : err(shipped.error.slice(0, 3).join('; '));
  }

  /** Serves a catalog payload now; returns why not, or undefined when it is served. */
  private replaceCatalog(payload: Result<unknown, string>): string | undefined {
    if (!payload.ok) return payload.error;
    if (!this.options.catalog) return 'no catalog service runs in this core';
    const replaced = this.options.catalog.replace(payload.value);
    return replaced.ok ? undefined : replaced.error.slice(0, 3).join('; ');
  }

  private payloadOf(kind: BundleKind, version: number): Result<unknown, string> {
    const bundle = this.options.store.readBundle(kind, version);
    return bundle.ok ? decodePayload(bundle.value) : err(bundle.error);
  }

  /** For `Kiosk.Status`, the heartbeat and `config status`. */
  versions(): { readonly configVersion: number | null; readonly catalogVersion: number | null } {
    return { configVersion: this.state.config.active, catalogVersion: this.state.catalog.active };
  }

  latestResult(): ReturnType<typeof lastResult> {
    return lastResult(this.state);
  }
}
