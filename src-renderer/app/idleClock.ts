// The idle rule of a citizen session as a pure step function (design.md §8, issue #16 defect 2):
// after `warnAfterMs` without activity the warning counts down `countdownMs`, then the session
// times out. A hold (money or a document in flight) keeps it active however long it lasts, and
// activity after the warning appeared (a card placed, a note stacked, "我还需要时间") ends the warning.

export type IdlePhase =
  | { readonly kind: 'active' } // the citizen is there, or something is in flight
  | { readonly kind: 'warning'; readonly since: number; readonly secondsLeft: number } // "您还在吗?" counting down
  | { readonly kind: 'timedOut' }; // the countdown reached zero: end the session

export interface IdleInput {
  readonly now: number;
  /** When the last activity happened (a touch, a device or payment event, a released hold). */
  readonly lastActivity: number;
  /** True while a command holds the session. */
  readonly held: boolean;
  readonly warnAfterMs: number;
  readonly countdownMs: number;
}

export function nextIdlePhase(phase: IdlePhase, input: IdleInput): IdlePhase {
  if (phase.kind === 'timedOut') return phase;
  if (input.held) return phase.kind === 'active' ? phase : { kind: 'active' };
  if (phase.kind === 'warning' && input.lastActivity > phase.since) return { kind: 'active' };
  const since = phase.kind === 'warning' ? phase.since : input.lastActivity + input.warnAfterMs;
  if (input.now < since) return phase.kind === 'active' ? phase : { kind: 'active' };
  const left = Math.max(0, Math.ceil((input.countdownMs - (input.now - since)) / 1000));
  if (left === 0) return { kind: 'timedOut' };
  return phase.kind === 'warning' && phase.secondsLeft === left ? phase : { kind: 'warning', since, secondsLeft: left };
}
