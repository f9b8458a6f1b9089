// Admin accounts, their server-side sessions and API tokens, all in the database so that any
// platform instance serves any session and every instance counts failed sign-ins the same way.
// Secrets never reach this store in clear: passwords as scrypt hashes, session and API tokens as
// SHA-256 hashes.
import crypto from 'node:crypto';
import type { AdminAccount, ApiTokenInfo } from '../../api/accounts';
import type { AdminRole } from '../../api/roles';
import { isoOf, isoOrNull, type SqlDatabase } from '../storage/sqlDatabase';
import { isUniqueViolation } from './kioskStore';
import { clampPage } from './eventStore';

/** How failed sign-ins lock an account. */
export interface LockoutPolicy {
  /** Failed sign-ins in a row that lock the account. */
  readonly maxFailedAttempts: number;
  /** How long it stays locked. */
  readonly lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailedAttempts: 5, lockMs: 15 * 60_000 };

/** An account row as the sign-in path needs it. */
export interface AccountRecord {
  readonly id: string;
  readonly username: string;
  readonly role: AdminRole;
  readonly passwordHash: string;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
  readonly disabled: boolean;
}

/** The outcome of reserving a sign-in attempt (before the password is checked). */
export type SignInReservation =
  // the attempt is counted; check the password, then report success or failure
  | { readonly kind: 'reserved'; readonly account: AccountRecord }
  // no such user name
  | { readonly kind: 'unknown' }
  // the account is disabled
  | { readonly kind: 'disabled'; readonly accountId: string }
  // locked until `until` (or all attempts are in flight right now: `until` null)
  | { readonly kind: 'locked'; readonly accountId: string; readonly until: Date | null };

/** A live session with its account (the role read live, so a role change applies at once). */
export interface SessionRecord {
  readonly tokenHash: string;
  readonly accountId: string;
  readonly username: string;
  readonly role: AdminRole;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
}

/** An API token with its account, for authenticating a bearer. */
export interface TokenRecord {
  readonly tokenId: string;
  readonly secretHash: string;
  readonly accountId: string;
  readonly username: string;
  readonly role: AdminRole;
  readonly usable: boolean;
  readonly lastUsedAt: Date | null;
}

export interface AccountChange {
  readonly role?: AdminRole;
  readonly disabled?: boolean;
  readonly unlock?: true;
  readonly passwordHash?: string;
}

/** `pg_advisory_xact_lock` key of account changes (one at a time, so "the last publisher" holds): ASCII "BDYA". */
const ACCOUNTS_LOCK_KEY = 0x42445941;
/** Last-seen and last-used times are written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;
const MAX_ACCOUNT_PAGE = 500;

const ACCOUNT_COLUMNS = 'id, username, role, password_hash, failed_attempts, locked_until, disabled_at, created_at, created_by, last_sign_in_at';

function recordOf(r: Record<string, unknown>): AccountRecord {
  return {
    id: r.id as string,
    username: r.username as string,
    role: r.role as AdminRole,
    passwordHash: r.password_hash as string,
    failedAttempts: r.failed_attempts as number,
    lockedUntil: r.locked_until ? new Date(r.locked_until as Date) : null,
    disabled: r.disabled_at !== null && r.disabled_at !== undefined,
  };
}

function accountOf(r: Record<string, unknown>, now: Date): AdminAccount {
  const lockedUntil = r.locked_until ? new Date(r.locked_until as Date) : null;
  return {
    username: r.username as string,
    role: r.role as AdminRole,
    createdAt: isoOf(r.created_at),
    createdBy: r.created_by as string,
    lastSignInAt: isoOrNull(r.last_sign_in_at),
    disabled: r.disabled_at !== null && r.disabled_at !== undefined,
    lockedUntil: lockedUntil && lockedUntil > now ? lockedUntil.toISOString() : null,
    failedSignIns: r.failed_attempts as number,
  };
}

function tokenInfoOf(r: Record<string, unknown>): ApiTokenInfo {
  return {
    tokenId: r.id as string,
    username: r.username as string,
    name: r.name as string,
    createdAt: isoOf(r.created_at),
    expiresAt: isoOrNull(r.expires_at),
    revokedAt: isoOrNull(r.revoked_at),
    lastUsedAt: isoOrNull(r.last_used_at),
  };
}

export class AccountStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(account: { username: string; role: AdminRole; passwordHash: string; createdBy: string }, now: Date): Promise<AdminAccount | 'usernameTaken'> {
    try {
      const [row] = await this.db.query(
        `INSERT INTO admin_accounts (id, username, role, password_hash, created_at, created_by, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING ${ACCOUNT_COLUMNS}`,
        [`A-${crypto.randomUUID()}`, account.username, account.role, account.passwordHash, now.toISOString(), account.createdBy],
      );
      return accountOf(row!, now);
    } catch (e) {
      if (isUniqueViolation(e)) return 'usernameTaken';
      throw e;
    }
  }

  async byUsername(username: string, now: Date): Promise<AdminAccount | undefined> {
    const [row] = await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM admin_accounts WHERE username = $1`, [username]);
    return row ? accountOf(row, now) : undefined;
  }

  async recordByUsername(username: string): Promise<AccountRecord | undefined> {
    const [row] = await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM admin_accounts WHERE username = $1`, [username]);
    return row ? recordOf(row) : undefined;
  }

  /** One page of accounts in user-name order after `after`. */
  async list(options: { readonly after?: string; readonly limit?: number }, now: Date): Promise<AdminAccount[]> {
    const limit = clampPage(options.limit, MAX_ACCOUNT_PAGE);
    const rows = options.after
      ? await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM admin_accounts WHERE username > $1 ORDER BY username LIMIT $2`, [options.after, limit])
      : await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM admin_accounts ORDER BY username LIMIT $1`, [limit]);
    return rows.map((r) => accountOf(r, now));
  }

  /**
   * Counts a sign-in attempt before the password is checked, in one statement: an expired lock is
   * lifted and the count restarts; a locked account, or one whose every allowed attempt is already
   * in flight, reserves nothing. So parallel guesses on any number of instances never exceed
   * `maxFailedAttempts` before the lock.
   */
  async reserveSignIn(username: string, now: Date, policy: LockoutPolicy): Promise<SignInReservation> {
    const at = now.toISOString();
    const [row] = await this.db.query(
      `UPDATE admin_accounts SET
         failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END,
         locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL ELSE locked_until END
       WHERE username = $1 AND disabled_at IS NULL
         AND ((locked_until IS NULL AND failed_attempts < $3) OR locked_until <= $2)
       RETURNING ${ACCOUNT_COLUMNS}`,
      [username, at, policy.maxFailedAttempts],
    );
    if (row) return { kind: 'reserved', account: recordOf(row) };
    const existing = await this.recordByUsername(username);
    if (!existing) return { kind: 'unknown' };
    if (existing.disabled) return { kind: 'disabled', accountId: existing.id };
    return { kind: 'locked', accountId: existing.id, until: existing.lockedUntil && existing.lockedUntil > now ? existing.lockedUntil : null };
  }

  /** The reserved attempt failed: the account locks when it was the last one allowed. */
  async signInFailed(accountId: string, now: Date, policy: LockoutPolicy): Promise<{ readonly lockedUntil: Date | null }> {
    const until = new Date(now.getTime() + policy.lockMs);
    const [row] = await this.db.query<{ locked_until: Date | null }>(
      'UPDATE admin_accounts SET locked_until = CASE WHEN failed_attempts >= $2 THEN $3 ELSE locked_until END WHERE id = $1 RETURNING locked_until',
      [accountId, policy.maxFailedAttempts, until.toISOString()],
    );
    return { lockedUntil: row?.locked_until ? new Date(row.locked_until) : null };
  }

  /** The reserved attempt succeeded: the count starts again. */
  async signInSucceeded(accountId: string, now: Date): Promise<void> {
    await this.db.execute('UPDATE admin_accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = $2 WHERE id = $1', [accountId, now.toISOString()]);
  }

  /**
   * Changes an account under the accounts lock. Disabling, a role change and a new password end
   * its sessions (and disabling stops its tokens, which are checked against the account). Refuses
   * a change that would leave no enabled publisher.
   */
  async update(username: string, change: AccountChange, now: Date): Promise<AdminAccount | 'notFound' | 'lastPublisher'> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCOUNTS_LOCK_KEY]);
      const [current] = await tx.query(`SELECT ${ACCOUNT_COLUMNS} FROM admin_accounts WHERE username = $1`, [username]);
      if (!current) return 'notFound' as const;
      const wasPublisher = current.role === 'publisher' && current.disabled_at === null;
      const staysPublisher = (change.role ?? current.role) === 'publisher' && !(change.disabled ?? current.disabled_at !== null);
      if (wasPublisher && !staysPublisher) {
        const [others] = await tx.query<{ n: number }>("SELECT COUNT(*) AS n FROM admin_accounts WHERE role = 'publisher' AND disabled_at IS NULL AND id <> $1", [current.id]);
        if ((others?.n ?? 0) === 0) return 'lastPublisher' as const;
      }
      const at = now.toISOString();
      const [row] = await tx.query(
        `UPDATE admin_accounts SET
           role = COALESCE($2, role),
           disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at WHEN $3::boolean THEN COALESCE(disabled_at, $4::timestamptz) ELSE NULL END,
           failed_attempts = CASE WHEN $5::boolean THEN 0 ELSE failed_attempts END,
           locked_until = CASE WHEN $5::boolean THEN NULL ELSE locked_until END,
           password_hash = COALESCE($6, password_hash),
           password_changed_at = CASE WHEN $6::text IS NULL THEN password_changed_at ELSE $4::timestamptz END
         WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
        [current.id, change.role ?? null, change.disabled ?? null, at, change.unlock === true || change.passwordHash !== undefined, change.passwordHash ?? null],
      );
      const endsSessions = change.disabled === true || (change.role !== undefined && change.role !== current.role) || change.passwordHash !== undefined;
      if (endsSessions) await tx.execute('DELETE FROM admin_sessions WHERE account_id = $1', [current.id]);
      return accountOf(row!, now);
    });
  }

  /** Replaces the signed-in account's own password and ends its other sessions. */
  async changeOwnPassword(accountId: string, passwordHash: string, keepSessionHash: string | null, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute('UPDATE admin_accounts SET password_hash = $2, password_changed_at = $3 WHERE id = $1', [accountId, passwordHash, now.toISOString()]);
      await tx.execute('DELETE FROM admin_sessions WHERE account_id = $1 AND token_hash IS DISTINCT FROM $2', [accountId, keepSessionHash]);
    });
  }

  async passwordHashOf(accountId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ password_hash: string }>('SELECT password_hash FROM admin_accounts WHERE id = $1', [accountId]);
    return row?.password_hash;
  }

  // ---- sessions

  async createSession(session: { tokenHash: string; accountId: string; expiresAt: Date; clientAddress: string | null; userAgent: string | null }, now: Date): Promise<void> {
    await this.db.execute(
      'INSERT INTO admin_sessions (token_hash, account_id, created_at, last_seen_at, expires_at, client_address, user_agent) VALUES ($1, $2, $3, $3, $4, $5, $6)',
      [session.tokenHash, session.accountId, now.toISOString(), session.expiresAt.toISOString(), session.clientAddress, session.userAgent],
    );
  }

  /** The live session with this token hash: not past its lifetime, used within `idleMs`, account enabled. */
  async liveSession(tokenHash: string, now: Date, idleMs: number): Promise<SessionRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT s.token_hash, s.account_id, s.expires_at, s.last_seen_at, a.username, a.role
       FROM admin_sessions s JOIN admin_accounts a ON a.id = s.account_id
       WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND a.disabled_at IS NULL`,
      [tokenHash, now.toISOString(), new Date(now.getTime() - idleMs).toISOString()],
    );
    if (!row) return undefined;
    const session: SessionRecord = {
      tokenHash: row.token_hash as string,
      accountId: row.account_id as string,
      username: row.username as string,
      role: row.role as AdminRole,
      expiresAt: new Date(row.expires_at as Date),
      lastSeenAt: new Date(row.last_seen_at as Date),
    };
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.db.execute('UPDATE admin_sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, now.toISOString()]);
    }
    return session;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.execute('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash]);
  }

  // ---- API tokens

  async createToken(token: { tokenId: string; secretHash: string; username: string; name: string; expiresAt: Date | null }, now: Date): Promise<ApiTokenInfo | 'notFound'> {
    const [row] = await this.db.query(
      `INSERT INTO admin_api_tokens (id, account_id, name, secret_hash, created_at, expires_at)
       SELECT $1, a.id, $3, $4, $5, $6 FROM admin_accounts a WHERE a.username = $2
       RETURNING id, name, created_at, expires_at, revoked_at, last_used_at, $2::text AS username`,
      [token.tokenId, token.username, token.name, token.secretHash, now.toISOString(), token.expiresAt?.toISOString() ?? null],
    );
    return row ? tokenInfoOf(row) : 'notFound';
  }

  async tokensOf(username: string): Promise<ApiTokenInfo[] | 'notFound'> {
    const [account] = await this.db.query<{ id: string }>('SELECT id FROM admin_accounts WHERE username = $1', [username]);
    if (!account) return 'notFound';
    const rows = await this.db.query(
      'SELECT t.id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, a.username FROM admin_api_tokens t JOIN admin_accounts a ON a.id = t.account_id WHERE t.account_id = $1 ORDER BY t.created_at DESC, t.id LIMIT 200',
      [account.id],
    );
    return rows.map(tokenInfoOf);
  }

  /** A token by id with its account; `usable` = not revoked, not expired, account enabled. */
  async tokenById(tokenId: string, now: Date): Promise<TokenRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT t.id, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at, a.id AS account_id, a.username, a.role, a.disabled_at
       FROM admin_api_tokens t JOIN admin_accounts a ON a.id = t.account_id WHERE t.id = $1`,
      [tokenId],
    );
    if (!row) return undefined;
    const expired = row.expires_at !== null && new Date(row.expires_at as Date) <= now;
    return {
      tokenId: row.id as string,
      secretHash: row.secret_hash as string,
      accountId: row.account_id as string,
      username: row.username as string,
      role: row.role as AdminRole,
      usable: row.revoked_at === null && !expired && row.disabled_at === null,
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at as Date) : null,
    };
  }

  /** Notes a token's use, at most once a minute. */
  async touchToken(token: TokenRecord, now: Date): Promise<void> {
    if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
    await this.db.execute('UPDATE admin_api_tokens SET last_used_at = $2 WHERE id = $1', [token.tokenId, now.toISOString()]);
  }

  async revokeToken(tokenId: string, now: Date): Promise<ApiTokenInfo | 'notFound'> {
    const [row] = await this.db.query(
      `UPDATE admin_api_tokens t SET revoked_at = COALESCE(t.revoked_at, $2) FROM admin_accounts a
       WHERE t.id = $1 AND a.id = t.account_id
       RETURNING t.id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, a.username`,
      [tokenId, now.toISOString()],
    );
    return row ? tokenInfoOf(row) : 'notFound';
  }

  /** How many enabled publishers exist (the CLI warns when bootstrapping a second one is pointless). */
  async enabledPublishers(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM admin_accounts WHERE role = 'publisher' AND disabled_at IS NULL");
    return row?.n ?? 0;
  }
}
