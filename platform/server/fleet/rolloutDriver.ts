// Moves rollouts forward on time (a soak that ended, a kiosk that went silent), besides the
// moments admins act: each platform instance evaluates every active rollout every `tickMs`. The
// store's row locks make concurrent evaluations by several instances safe.
import type { RolloutStep } from './rolloutPolicy';
import type { RolloutStore } from './rolloutStore';

export class RolloutDriver {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** The last failure of a timed evaluation (a database hiccup); the next tick tries again. */
  lastError: unknown;

  constructor(
    private readonly rollouts: RolloutStore,
    private readonly now: () => number,
    private readonly tickMs: number,
  ) {}

  start(): void {
    if (this.tickMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      void this.tick().catch((e: unknown) => {
        this.lastError = e;
      });
    }, this.tickMs);
    this.timer.unref();
  }

  /** Evaluates every active rollout once (one pass at a time per instance); the steps taken. */
  tick(): Promise<Array<{ rolloutId: string; step: RolloutStep }>> {
    const pass = (this.running ?? Promise.resolve()).catch(() => undefined).then(() => this.rollouts.evaluateActive(new Date(this.now())));
    this.running = pass;
    return pass;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
