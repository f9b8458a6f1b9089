// Wrong-PIN counting per technician (the site PIN is subject `site`), in the kiosk database so a
// restart — or a crash provoked on purpose — does not hand out five more guesses (issue #13.6).
// Without a database (tests of other domains) it counts in memory.
import type Database from 'better-sqlite3';

export interface LockoutState {
  readonly failures: number;
  /** Epoch ms until which entries are refused; 0 = not locked. */
  readonly lockedUntil: number;
}

export interface TechnicianLockout {
  state(subject: string): LockoutState;
  /** One more wrong PIN; locks for `lockoutMs` at `maxAttempts`. */
  fail(subject: string, maxAttempts: number, lockoutMs: number, now: number): LockoutState;
  clear(subject: string): void;
}

export function databaseLockout(db: Database.Database): TechnicianLockout {
  const read = db.prepare('SELECT failures, locked_until FROM technician_lockouts WHERE subject = ?');
  const write = db.prepare('INSERT INTO technician_lockouts (subject, failures, locked_until) VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until');
  const remove = db.prepare('DELETE FROM technician_lockouts WHERE subject = ?');
  const state = (subject: string): LockoutState => {
    const row = read.get(subject) as { failures: number; locked_until: number } | undefined;
    return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? 0 };
  };
  return {
    state,
    fail(subject, maxAttempts, lockoutMs, now) {
      const before = state(subject);
      const failures = before.failures + 1;
      const next = { failures, lockedUntil: failures >= maxAttempts ? now + lockoutMs : 0 };
      write.run(subject, next.failures, next.lockedUntil);
      return next;
    },
    clear: (subject) => void remove.run(subject),
  };
}

export function memoryLockout(): TechnicianLockout {
  const states = new Map<string, LockoutState>();
  return {
    state: (subject) => states.get(subject) ?? { failures: 0, lockedUntil: 0 },
    fail(subject, maxAttempts, lockoutMs, now) {
      const failures = (states.get(subject)?.failures ?? 0) + 1;
      const next = { failures, lockedUntil: failures >= maxAttempts ? now + lockoutMs : 0 };
      states.set(subject, next);
      return next;
    },
    clear: (subject) => void states.delete(subject),
  };
}
