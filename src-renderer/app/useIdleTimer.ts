// Runs the idle rule (idleClock.ts) four times a second against the session's activity store and
// reports the phase; reaching `timedOut` calls onTimeout once.
import { useEffect, useRef, useState } from 'react';
import { nextIdlePhase, type IdlePhase } from './idleClock';
import type { SessionActivity } from './sessionActivity';

const TICK_MS = 250;

export function useIdleTimer(options: {
  readonly enabled: boolean;
  readonly activity: SessionActivity;
  readonly warnAfterMs: number;
  readonly countdownMs: number;
  readonly onTimeout: () => void;
  readonly onWarningStarted?: (secondsLeft: number) => void;
}): IdlePhase {
  const [phase, setPhase] = useState<IdlePhase>({ kind: 'active' });
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    if (!options.enabled) {
      setPhase({ kind: 'active' });
      return;
    }
    // A screen becoming idle-timed (a session starting, the connection back) counts as activity.
    options.activity.touch();
    let current: IdlePhase = { kind: 'active' };
    const timer = setInterval(() => {
      const o = optionsRef.current;
      const next = nextIdlePhase(current, { now: Date.now(), lastActivity: o.activity.lastActivity, held: o.activity.isHeld, warnAfterMs: o.warnAfterMs, countdownMs: o.countdownMs });
      if (next === current) return;
      const warningStarted = next.kind === 'warning' && current.kind !== 'warning';
      current = next;
      setPhase(next);
      if (warningStarted && next.kind === 'warning') o.onWarningStarted?.(next.secondsLeft);
      if (next.kind === 'timedOut') {
        clearInterval(timer);
        o.onTimeout();
      }
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [options.enabled, options.activity]);

  return phase;
}
