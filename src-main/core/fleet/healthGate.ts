// The health gate after a swap (docs/fleet.md): the core is up (this code runs in it), every
// service that was available before the swap and is still enabled is available again, and the
// platform is reachable if it was. Evaluation is pure; the watcher polls it until it passes or
// the gate's time runs out.
import type { EnabledServices } from '../../../kiosk-config/schema';
import type { ServiceAvailability } from '../../../src-common/api/kiosk';
import type { HealthBaseline } from './fleetState';
import type { SafePointTimers } from './SafePoint';

export interface HealthReading {
  readonly services: readonly ServiceAvailability[];
  readonly platformOnline: boolean;
}

export type HealthVerdict =
  // everything expected is back
  | { readonly healthy: true }
  // what is still missing, one line each
  | { readonly healthy: false; readonly failing: readonly string[] };

/** What was healthy before, minus services the new config switched off, must be healthy now. */
export function evaluateHealth(baseline: HealthBaseline, reading: HealthReading, enabled: EnabledServices): HealthVerdict {
  const failing: string[] = [];
  for (const service of baseline.availableServices) {
    if (!enabled[service]) continue;
    const now = reading.services.find((s) => s.service === service);
    if (!now?.available) failing.push(`service ${service} unavailable${now?.reasonKey ? ` (${now.reasonKey})` : ''}`);
  }
  if (baseline.platformOnline && !reading.platformOnline) failing.push('central platform unreachable');
  return failing.length === 0 ? { healthy: true } : { healthy: false, failing };
}

export interface HealthGateWatch {
  readonly baseline: HealthBaseline;
  readonly enabled: EnabledServices;
  readonly read: () => HealthReading;
  readonly deadlineMs: number;
  readonly now: () => number;
  readonly pollMs: number;
  readonly timers: SafePointTimers;
  readonly signal: AbortSignal;
}

/** Resolves at the first healthy reading, or with what was missing when the deadline passes (or on abort). */
export function watchHealthGate(watch: HealthGateWatch): Promise<HealthVerdict> {
  return new Promise((resolve) => {
    let handle: unknown;
    const finish = (verdict: HealthVerdict) => {
      watch.timers.clearTimeout(handle);
      watch.signal.removeEventListener('abort', onAbort);
      resolve(verdict);
    };
    const onAbort = () => finish({ healthy: false, failing: ['the core stopped before the gate decided'] });
    const look = () => {
      const verdict = evaluateHealth(watch.baseline, watch.read(), watch.enabled);
      if (verdict.healthy || watch.now() >= watch.deadlineMs) return finish(verdict);
      handle = watch.timers.setTimeout(look, Math.min(watch.pollMs, Math.max(0, watch.deadlineMs - watch.now())));
    };
    if (watch.signal.aborted) return onAbort();
    watch.signal.addEventListener('abort', onAbort, { once: true });
    look();
  });
}
