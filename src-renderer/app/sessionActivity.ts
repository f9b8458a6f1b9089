// The renderer's side of the session activity rule (src-common/session/sessionActivity.ts): a
// small store the idle timer reads. Touches on the screen and events of the session's commands
// are activity; a command that moves money or makes a document holds the session, and while any
// hold is taken the idle warning never shows. A cash hold also remembers how much is already in,
// so "结束" can say what ending now means.
import type { MethodName } from '../../src-common/api';

/** What is in flight, as the exit confirmation needs it. */
export interface HeldCommand {
  readonly method: MethodName;
  /** Cash stacked so far in this command (fen), from its `noteStacked` events. */
  readonly paidFen: number;
}

type Listener = () => void;

export class SessionActivity {
  private readonly held = new Map<number, { method: MethodName; paidFen: number }>();
  private nextId = 1;
  private lastActivityAt: number;
  private keptAliveUntil = 0;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly now: () => number = Date.now) {
    this.lastActivityAt = now();
  }

  /** Something happened that shows the citizen is there (a touch, a card, a note, a scan). */
  touch(): void {
    this.lastActivityAt = this.now();
    this.emit();
  }

  /** Holds the session until the returned release runs (once); releasing counts as activity. */
  hold(method: MethodName): { readonly release: () => void; readonly paid: (paidFen: number) => void } {
    const id = this.nextId++;
    this.held.set(id, { method, paidFen: 0 });
    this.emit();
    return {
      release: () => {
        if (!this.held.delete(id)) return;
        this.touch();
      },
      paid: (paidFen) => {
        const entry = this.held.get(id);
        if (entry) entry.paidFen = paidFen;
      },
    };
  }

  get isHeld(): boolean {
    return this.held.size > 0;
  }

  /**
   * Counts as continuous activity until `until` (staff are on their way after a hall's 呼叫帮助):
   * the idle warning can come only `warnAfterMs` after it. Never shortens a keep-alive already set.
   */
  keepAliveUntil(until: number): void {
    this.keptAliveUntil = Math.max(this.keptAliveUntil, until);
    this.emit();
  }

  /** Ends a keep-alive now (the citizen closed the help panel): the ordinary idle rule applies from here. */
  endKeepAlive(): void {
    const now = this.now();
    if (this.keptAliveUntil <= now) return;
    this.keptAliveUntil = now;
    this.lastActivityAt = Math.max(this.lastActivityAt, now);
    this.emit();
  }

  /** The last activity; during a keep-alive, now. */
  get lastActivity(): number {
    return Math.max(this.lastActivityAt, Math.min(this.keptAliveUntil, this.now()));
  }

  /** The commands holding the session now. */
  heldCommands(): HeldCommand[] {
    return [...this.held.values()].map((h) => ({ ...h }));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
