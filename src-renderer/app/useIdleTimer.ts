// The session idle timer: after `warnAfterMs` without a touch the warning shows and counts down
// `countdownMs`; the countdown reaching zero ends the session. Any touch before the warning
// restarts the wait; during the warning only "我还需要时间" does.
import { useCallback, useEffect, useRef, useState } from 'react';

export type IdlePhase = { readonly kind: 'active' } | { readonly kind: 'warning'; readonly secondsLeft: number };

export function useIdleTimer(options: {
  readonly enabled: boolean;
  readonly warnAfterMs: number;
  readonly countdownMs: number;
  readonly onTimeout: () => void;
  readonly onWarningTick?: (secondsLeft: number) => void;
}): { phase: IdlePhase; activity: () => void; moreTime: () => void } {
  const [phase, setPhase] = useState<IdlePhase>({ kind: 'active' });
  const lastActivity = useRef(Date.now());
  const warningStarted = useRef<number | undefined>(undefined);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const activity = useCallback(() => {
    if (warningStarted.current === undefined) lastActivity.current = Date.now();
  }, []);

  const moreTime = useCallback(() => {
    warningStarted.current = undefined;
    lastActivity.current = Date.now();
    setPhase({ kind: 'active' });
  }, []);

  useEffect(() => {
    if (!options.enabled) {
      warningStarted.current = undefined;
      setPhase({ kind: 'active' });
      return;
    }
    lastActivity.current = Date.now();
    const timer = setInterval(() => {
      const o = optionsRef.current;
      const now = Date.now();
      if (warningStarted.current === undefined) {
        if (now - lastActivity.current >= o.warnAfterMs) {
          warningStarted.current = now;
          const secondsLeft = Math.ceil(o.countdownMs / 1000);
          setPhase({ kind: 'warning', secondsLeft });
          o.onWarningTick?.(secondsLeft);
        }
        return;
      }
      const left = Math.max(0, Math.ceil((o.countdownMs - (now - warningStarted.current)) / 1000));
      setPhase((p) => (p.kind === 'warning' && p.secondsLeft === left ? p : { kind: 'warning', secondsLeft: left }));
      if (left === 0) {
        clearInterval(timer);
        o.onTimeout();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [options.enabled]);

  return { phase, activity, moreTime };
}
