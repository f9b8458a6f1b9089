// One citizen session at a time. Every service that holds PII registers a wipe callback here;
// ending the session (completion, exit, idle timeout, shutdown) runs them all, clears the log
// redactor's per-session values and aborts the session's running commands. While a hold is taken
// (money or a document in flight) the backstop expiry never ends the session.
import { randomUUID } from 'node:crypto';
import type { SessionEndReason, SessionInfo } from '../../../src-common/api/session';
import type { Logger } from '../../../src-common/logging';
import type { PiiRedactor } from '../../../src-common/privacy/redact';

export interface ActiveSession {
  readonly info: SessionInfo;
  /** The API connection that owns the session: PII events go to it alone. */
  readonly connectionId: string;
  lastTouch: number;
  /** Aborted when the session ends: long commands of the session stop. */
  readonly abort: AbortController;
  /** Per-session PII kept in memory only (ID card fields, form answers…), by owning service. */
  readonly data: Map<string, unknown>;
  /** Holds taken and not yet released: while above zero the idle expiry waits. */
  holds: number;
}

export interface SessionServiceOptions {
  readonly log: Logger;
  readonly redactor: PiiRedactor;
  /** Backstop expiry in the core, in case the renderer dies mid-session (ms). */
  readonly maxIdleMs: number;
  readonly now?: () => number;
  readonly onEnded?: (sessionId: string, reason: SessionEndReason, connectionId: string) => void;
}

export type SessionWiper = (session: ActiveSession) => void;

export class SessionService {
  private current: ActiveSession | undefined;
  private readonly wipers: SessionWiper[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: SessionServiceOptions) {
    this.timer = setInterval(() => this.expireIfIdle(), 1000);
    this.timer.unref();
  }

  get active(): ActiveSession | undefined {
    return this.current;
  }

  /** Registers what a service must wipe at session end. */
  onWipe(wiper: SessionWiper): void {
    this.wipers.push(wiper);
  }

  start(connectionId: string, language: SessionInfo['language'], elderlyMode: boolean): SessionInfo {
    if (this.current) this.end('replaced');
    const now = this.now();
    const info: SessionInfo = { sessionId: randomUUID(), startedAt: new Date(now).toISOString(), language, elderlyMode };
    this.current = { info, connectionId, lastTouch: now, abort: new AbortController(), data: new Map(), holds: 0 };
    this.options.log.info('session.started', { sessionId: info.sessionId, elderlyMode });
    return info;
  }

  touch(): number {
    if (!this.current) return 0;
    this.current.lastTouch = this.now();
    return this.current.lastTouch + this.options.maxIdleMs;
  }

  /**
   * Keeps the current session from expiring by idleness until the returned release is called
   * (once; later calls do nothing). Releasing counts as activity: the idle wait starts afresh
   * when the money or document is settled. Without a session the hold is a no-op.
   */
  hold(): () => void {
    const session = this.current;
    if (!session) return () => undefined;
    session.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      session.holds--;
      if (this.current === session) session.lastTouch = this.now();
    };
  }

  /** Ends the current session and wipes its PII. Returns false when there was none. */
  end(reason: SessionEndReason): boolean {
    const session = this.current;
    if (!session) return false;
    this.current = undefined;
    session.abort.abort();
    for (const wipe of this.wipers) {
      try {
        wipe(session);
      } catch (e) {
        this.options.log.error('session.wipe_failed', { error: e });
      }
    }
    session.data.clear();
    this.options.redactor.clearSensitive();
    this.options.log.info('session.ended', { sessionId: session.info.sessionId, reason });
    this.options.onEnded?.(session.info.sessionId, reason, session.connectionId);
    return true;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.end('shutdown');
  }

  /** Also run by the timer every second; public so tests can drive it with their own clock. */
  expireIfIdle(): void {
    const session = this.current;
    if (session && session.holds === 0 && this.now() - session.lastTouch > this.options.maxIdleMs) this.end('idleTimeout');
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
