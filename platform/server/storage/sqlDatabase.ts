// The one seam between the platform and its database: PostgreSQL SQL text with `$1…` parameters,
// run by either driver (PGlite in-process, node-postgres against a server). Every query the
// platform runs goes through this interface, so both stores execute exactly the same statements.

/** A row as the drivers return it: timestamptz → Date, int8 → number, jsonb → parsed JSON. */
export type Row = Record<string, unknown>;

/** Runs statements on one connection (inside a transaction, or on its own). */
export interface SqlExecutor {
  /** Runs one statement and returns its rows (empty for statements without RETURNING). */
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs one statement and returns how many rows it inserted, updated or deleted. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs several statements separated by semicolons, without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
}

/** Which engine answers: they accept the same SQL, but differ in how they are started and locked. */
export type SqlDialect =
  // PGlite: PostgreSQL compiled to WASM, in this process, one connection
  | 'pglite'
  // a PostgreSQL server (or a compatible 信创 database) over the network, a connection pool
  | 'postgres';

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Runs `work` in one transaction (READ COMMITTED) on one connection: committed when it resolves,
   * rolled back when it throws. A serialization failure or deadlock is retried a few times, so
   * `work` must be safe to run again (it only talks to the database through `tx`).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATEs after which a whole transaction may simply run again. */
const RETRYABLE_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

export function isRetryableTransactionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/** The SQLSTATE of a driver error, when it carries one. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** How often a transaction that lost a serialization race is run again before the error surfaces. */
export const TRANSACTION_ATTEMPTS = 5;

/** A timestamptz value as the wire's UTC ISO-8601 text. */
export function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new Error(`not a timestamp: ${String(value)}`);
}

/** Like isoOf, for nullable columns. */
export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoOf(value);
}
