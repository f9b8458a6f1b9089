// The safe point (docs/fleet.md): the moment disruptive work may run — applying a config or
// catalog, a remote command, later an app update or a technician's lease. Each busy source is a
// probe; a citizen session defers everything except urgent work, and a cash-in or a print in
// progress defers even that. One small service so every such caller asks the same question.

/** One source of "not now". */
export interface SafePointProbe {
  /** Short name for logs and status, e.g. `session`, `cashIn`, `print`. */
  readonly name: string;
  /**
   * `session`: a citizen is being served; urgent work may still run.
   * `transaction`: money or paper is moving; nothing may run.
   */
  readonly weight: 'session' | 'transaction';
  /** Why it is busy now, or undefined when it is not. */
  busy(): string | undefined;
}

export interface SafePointQuery {
  /** Urgent remote commands run during a citizen session (never during a transaction). */
  readonly urgent?: boolean;
  /** Work that must also wait for a maintenance window (e.g. an app update). */
  readonly inMaintenanceWindow?: () => boolean;
}

/** The answer to "may disruptive work run now?". */
export type SafePointState =
  // nothing in the way
  | { readonly safe: true }
  // these probes (and, if asked, the maintenance window) are in the way
  | { readonly safe: false; readonly busy: readonly string[] };

export interface SafePointTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real timers that never keep the process alive on their own. */
export const realTimers: SafePointTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class SafePoint {
  private readonly probes: SafePointProbe[] = [];

  constructor(
    private readonly options: {
      /** How often a waiter looks again (a session ending is seen within this). */
      readonly pollMs?: number;
      readonly timers?: SafePointTimers;
    } = {},
  ) {}

  addProbe(probe: SafePointProbe): void {
    this.probes.push(probe);
  }

  check(query: SafePointQuery = {}): SafePointState {
    const busy: string[] = [];
    for (const probe of this.probes) {
      if (query.urgent && probe.weight === 'session') continue;
      const reason = probe.busy();
      if (reason) busy.push(`${probe.name}: ${reason}`);
    }
    if (query.inMaintenanceWindow && !query.inMaintenanceWindow()) busy.push('outside the maintenance window');
    return busy.length === 0 ? { safe: true } : { safe: false, busy };
  }

  /**
   * Resolves `true` at the first safe check, `false` if `signal` aborts first. `onWaiting` hears
   * the first refusal (for one log line, not one per poll).
   */
  whenSafe(query: SafePointQuery, signal: AbortSignal, onWaiting?: (busy: readonly string[]) => void): Promise<boolean> {
    const timers = this.options.timers ?? realTimers;
    const pollMs = this.options.pollMs ?? 500;
    return new Promise((resolve) => {
      let told = false;
      let handle: unknown;
      const onAbort = () => {
        timers.clearTimeout(handle);
        resolve(false);
      };
      const look = () => {
        if (signal.aborted) return onAbort();
        const state = this.check(query);
        if (state.safe) {
          signal.removeEventListener('abort', onAbort);
          return resolve(true);
        }
        if (!told) {
          told = true;
          onWaiting?.(state.busy);
        }
        handle = timers.setTimeout(look, pollMs);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      look();
    });
  }
}
