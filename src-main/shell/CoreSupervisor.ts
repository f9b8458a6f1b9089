// Runs the core as its own Node process and restarts it with backoff whenever it exits
// unexpectedly, the first start included (design.md §1, §7: after a power cut nobody is there to
// retry). The shell's token goes to each new core over IPC, so the renderer simply reconnects.
import { fork, type ChildProcess } from 'node:child_process';
import { CORE_RESTART_POLICY, nextRestart, type RestartPolicy } from '../../src-common/backoff';
import { CoreToShellMessage, type CoreLaunchMessage, type ShellToCoreMessage } from './coreChannel';

/** How long the core may take to answer a request for a bootstrap code. */
export const BOOTSTRAP_CODE_REQUEST_TIMEOUT_MS = 5_000;

export interface CoreExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly restartInMs: number;
  /** True while the core has never been ready in this supervisor's life. */
  readonly beforeFirstReady: boolean;
}

export interface CoreSupervisorOptions {
  /** Script that runs the core (bin/budayang.mjs). */
  readonly script: string;
  /** Its arguments (`core --port N …`) for each spawn; `spawnCount` starts at 0. */
  readonly args: (spawnCount: number) => readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The secrets each new core asks for over IPC. */
  readonly launch: () => CoreLaunchMessage;
  readonly policy?: RestartPolicy;
  readonly onReady?: (info: { pid: number; port: number; restarts: number }) => void;
  readonly onExit?: (info: CoreExit) => void;
  readonly onStartFailed?: (reason: string) => void;
  /**
   * Under the browser shell's launcher (`budayang launch`): the core is not restarted here; its exit
   * ends the supervision (`onGone`), the shell exits and the launcher counts and starts `current`
   * again — the new version after an install, the previous one after a crash loop.
   */
  readonly exitWithCore?: boolean;
  readonly onGone?: (exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null }) => void;
}

export class CoreSupervisor {
  private child: ChildProcess | undefined;
  private attempt = 0;
  private spawns = 0;
  private everReady = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private firstReady: ((ready: boolean) => void) | undefined;
  private nextRequestId = 1;
  private readonly pendingCodes = new Map<number, (code: string | undefined) => void>();

  constructor(private readonly options: CoreSupervisorOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the core and keeps it running. Resolves true once it first reports ready (however many
   * failed starts that takes), or false if `stop()` came first.
   */
  start(): Promise<boolean> {
    return new Promise((resolve) => {
      this.firstReady = resolve;
      this.spawn();
    });
  }

  /** A fresh one-time bootstrap code from the running core, or undefined when none answers. */
  issueBootstrapCode(timeoutMs = BOOTSTRAP_CODE_REQUEST_TIMEOUT_MS): Promise<string | undefined> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve(undefined);
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      const settle = (code: string | undefined) => {
        clearTimeout(timer);
        this.pendingCodes.delete(requestId);
        resolve(code);
      };
      this.pendingCodes.set(requestId, settle);
      this.send(child, { type: 'issueBootstrapCode', requestId });
    });
  }

  private send(child: ChildProcess, message: ShellToCoreMessage): void {
    if (child.connected) child.send(message, () => undefined);
  }

  private spawn(): void {
    const startedAt = Date.now();
    const args = this.options.args(this.spawns++);
    const child = fork(this.options.script, [...args], { env: this.options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    child.on('error', () => undefined); // a failed send on a closing channel; 'exit' follows
    child.on('message', (raw: unknown) => {
      const parsed = CoreToShellMessage.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'awaitingLaunch':
          this.send(child, this.options.launch());
          return;
        case 'ready':
          this.everReady = true;
          this.options.onReady?.({ pid: child.pid ?? 0, port: message.port, restarts: this.spawns - 1 });
          this.firstReady?.(true);
          this.firstReady = undefined;
          return;
        case 'bootstrapCode':
          this.pendingCodes.get(message.requestId)?.(message.code);
          return;
        case 'startFailed':
          this.options.onStartFailed?.(message.reason);
          return;
        case 'appUpdateDownload':
        case 'appUpdateInstall':
        case 'appUpdateRollBack':
          // Electron releases: the browser shell has no electron-updater (its core never sends these).
          return;
        default: {
          const unreachable: never = message;
          throw new Error(`unknown core message ${JSON.stringify(unreachable)}`);
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const settle of this.pendingCodes.values()) settle(undefined);
      if (this.stopping) return;
      if (this.options.exitWithCore) {
        this.stopping = true;
        this.firstReady?.(false);
        this.firstReady = undefined;
        this.options.onGone?.({ code, signal });
        return;
      }
      const next = nextRestart(this.options.policy ?? CORE_RESTART_POLICY, this.attempt, Date.now() - startedAt);
      this.attempt = next.attempt;
      this.options.onExit?.({ code, signal, restartInMs: next.delayMs, beforeFirstReady: !this.everReady });
      this.timer = setTimeout(() => this.spawn(), next.delayMs);
    });
  }

  /** Stops the core gracefully (SIGTERM), killing it if it has not exited within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.firstReady?.(false);
    this.firstReady = undefined;
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
