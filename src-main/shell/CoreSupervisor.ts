// Runs the core as its own Node process and restarts it with backoff when it exits
// unexpectedly (design.md §1: a native crash in a driver kills the core, not the screen).
// The port and token stay the same across restarts, so the renderer simply reconnects.
import { fork, type ChildProcess } from 'node:child_process';
import { CORE_RESTART_POLICY, nextRestart, type RestartPolicy } from '../../src-common/backoff';

export interface CoreSupervisorOptions {
  /** Script that runs the core (bin/budayang.mjs), and its arguments (`core --port N …`). */
  readonly script: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly policy?: RestartPolicy;
  readonly onReady?: (info: { pid: number; restarts: number }) => void;
  readonly onExit?: (info: { code: number | null; signal: NodeJS.Signals | null; restartInMs?: number }) => void;
}

/** What the core process reports over IPC once its server is listening. */
export interface CoreReadyMessage {
  readonly type: 'ready';
  readonly port: number;
}

export class CoreSupervisor {
  private child: ChildProcess | undefined;
  private attempt = 0;
  private restarts = 0;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private firstReady: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(private readonly options: CoreSupervisorOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the core; resolves when it first reports ready, rejects if it dies before that. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstReady = { resolve, reject };
      this.spawn();
    });
  }

  private spawn(): void {
    const startedAt = Date.now();
    const child = fork(this.options.script, [...this.options.args], { env: this.options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    child.on('message', (message: unknown) => {
      if ((message as CoreReadyMessage)?.type === 'ready') {
        this.options.onReady?.({ pid: child.pid ?? 0, restarts: this.restarts });
        this.firstReady?.resolve();
        this.firstReady = undefined;
      }
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      if (this.firstReady) {
        this.firstReady.reject(new Error(`core exited before it was ready (code ${code}, signal ${signal})`));
        this.firstReady = undefined;
        return;
      }
      const next = nextRestart(this.options.policy ?? CORE_RESTART_POLICY, this.attempt, Date.now() - startedAt);
      this.attempt = next.attempt;
      this.options.onExit?.({ code, signal, restartInMs: next.delayMs });
      this.timer = setTimeout(() => {
        this.restarts++;
        this.spawn();
      }, next.delayMs);
    });
  }

  /** Stops the core gracefully (SIGTERM), killing it if it has not exited within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
