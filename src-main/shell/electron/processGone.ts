// What the Electron shell does when one of its Chromium processes dies (`render-process-gone`,
// `child-process-gone`), as a pure policy over an injected clock: a renderer that dies is
// reloaded with growing delays; one that keeps dying, or a GPU process that keeps dying, makes the
// shell relaunch itself (software rendering for the GPU case) rather than show a grey window at
// 2 a.m. An integrity failure (a tampered app.asar) is not retried: the shell exits as a failed
// boot, so the watchdog's boot counter can go back to the previous installer.

/** Why Chromium says a process went away (Electron's `RenderProcessGoneDetails.reason`). */
export type GoneReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'memory-eviction';

/** What the shell does about one process gone. */
export type GoneAction =
  // nothing to do beyond a log line (a clean exit, or a process Chromium restarts by itself)
  | { readonly kind: 'ignore'; readonly note: string }
  // reload the kiosk page after `delayMs`
  | { readonly kind: 'reload'; readonly delayMs: number }
  // relaunch the whole app; `softwareRendering` relaunches with the GPU off
  | { readonly kind: 'relaunch'; readonly softwareRendering: boolean; readonly note: string }
  // exit with a failure code for the watchdog (the app itself is damaged)
  | { readonly kind: 'exitFailed'; readonly note: string };

export interface ProcessGonePolicy {
  /** Reload delays for consecutive renderer deaths; the last one repeats. */
  readonly reloadDelaysMs: readonly number[];
  /** This many renderer deaths within `windowMs` relaunch the app. */
  readonly maxRendererDeaths: number;
  /** This many GPU process deaths within `windowMs` relaunch with software rendering. */
  readonly maxGpuDeaths: number;
  readonly windowMs: number;
}

export const PROCESS_GONE_POLICY: ProcessGonePolicy = { reloadDelaysMs: [500, 2_000, 10_000], maxRendererDeaths: 5, maxGpuDeaths: 3, windowMs: 10 * 60_000 };

/** Keeps the recent deaths; one per app instance. */
export class ProcessGoneTracker {
  private rendererDeaths: number[] = [];
  private gpuDeaths: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly softwareRendering: boolean,
    private readonly policy: ProcessGonePolicy = PROCESS_GONE_POLICY,
  ) {}

  /** The kiosk page's renderer went away. */
  rendererGone(reason: GoneReason): GoneAction {
    if (reason === 'clean-exit') return { kind: 'ignore', note: 'renderer exited cleanly' };
    if (reason === 'integrity-failure') return { kind: 'exitFailed', note: 'renderer integrity failure: the app files are damaged' };
    this.rendererDeaths = this.recent(this.rendererDeaths);
    this.rendererDeaths.push(this.now());
    if (this.rendererDeaths.length >= this.policy.maxRendererDeaths) {
      return { kind: 'relaunch', softwareRendering: this.softwareRendering, note: `renderer gone ${this.rendererDeaths.length} times in ${this.policy.windowMs / 60_000} min (last: ${reason})` };
    }
    const delays = this.policy.reloadDelaysMs;
    return { kind: 'reload', delayMs: delays[Math.min(this.rendererDeaths.length - 1, delays.length - 1)] ?? 0 };
  }

  /**
   * Another Chromium process went away. `type` is Electron's `details.type` ('GPU', 'Utility', …);
   * `serviceName` names a utility process. The core is a utility process too: its supervisor
   * restarts it, so it is only noted here.
   */
  childGone(type: string, reason: GoneReason, serviceName?: string): GoneAction {
    if (reason === 'clean-exit') return { kind: 'ignore', note: `${type} exited cleanly` };
    if (reason === 'integrity-failure') return { kind: 'exitFailed', note: `${type} integrity failure: the app files are damaged` };
    if (type !== 'GPU') return { kind: 'ignore', note: `${type}${serviceName ? ` ${serviceName}` : ''} gone (${reason})` };
    this.gpuDeaths = this.recent(this.gpuDeaths);
    this.gpuDeaths.push(this.now());
    if (this.gpuDeaths.length >= this.policy.maxGpuDeaths && !this.softwareRendering) {
      return { kind: 'relaunch', softwareRendering: true, note: `GPU process gone ${this.gpuDeaths.length} times in ${this.policy.windowMs / 60_000} min (last: ${reason})` };
    }
    // Chromium starts a new GPU process by itself (and falls back to software after its own limit).
    return { kind: 'ignore', note: `GPU process gone (${reason}); Chromium restarts it` };
  }

  private recent(times: number[]): number[] {
    const since = this.now() - this.policy.windowMs;
    return times.filter((t) => t > since);
  }
}

/** The command-line switch a relaunch adds to run without the GPU (read before `app.whenReady`). */
export const SOFTWARE_RENDERING_SWITCH = '--budayang-software-rendering';

/** The arguments of a relaunch: the current ones, plus the software switch when asked (never twice). */
export function relaunchArgs(currentArgs: readonly string[], softwareRendering: boolean): string[] {
  const args = currentArgs.filter((a) => a !== SOFTWARE_RENDERING_SWITCH);
  return softwareRendering ? [...args, SOFTWARE_RENDERING_SWITCH] : args;
}

/** How the app starts itself again. */
export type RestartMethod =
  // a watchdog (systemd, the Windows task) runs the app: exit with 75 and let it restart us
  | { readonly kind: 'exitForWatchdog'; readonly exitCode: 75 }
  // nobody watches: Electron's app.relaunch
  | { readonly kind: 'relaunch' };

/**
 * Under a watchdog a self-relaunch would race it (systemd stops the whole unit once the main
 * process exits), so the app exits with 75 instead. systemd sets INVOCATION_ID; the Windows task
 * and other launchers set BUDAYANG_SUPERVISED=1.
 */
export function restartMethod(env: NodeJS.ProcessEnv): RestartMethod {
  return env.INVOCATION_ID || env.BUDAYANG_SUPERVISED === '1' ? { kind: 'exitForWatchdog', exitCode: 75 } : { kind: 'relaunch' };
}
