// A PostgreSQL server (or a PostgreSQL-compatible 信创 database) through node-postgres: a small
// connection pool per platform instance; N stateless instances share the one database.
import pg from 'pg';
import { isRetryableTransactionError, TRANSACTION_ATTEMPTS, type Row, type SqlDatabase, type SqlExecutor } from './sqlDatabase';

/** The same value shapes as PGlite: int8 as number (counts and sequences stay below 2^53). */
const INT8_OID = 20;
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /** Connections per instance; two instances on a 2-core host need few. */
  readonly poolSize?: number;
}

function executorOf(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = []) {
      return (await client.query<R>({ text, values: [...params], types: typeParsers })).rows;
    },
    async execute(text: string, params: readonly unknown[] = []) {
      return (await client.query({ text, values: [...params], types: typeParsers })).rowCount ?? 0;
    },
    async exec(text: string) {
      // No values: the simple query protocol, which takes several statements at once.
      await client.query(text);
    },
  };
}

export async function openPostgresDatabase(options: PostgresOptions): Promise<SqlDatabase> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // A dead server must surface as an error the caller can answer with 503, not a hang.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'budayang-platform',
  });
  // An idle client losing its server emits on the pool; without a listener that would crash us.
  pool.on('error', () => {});
  // Fail now, with the driver's reason, when the URL or the server is wrong.
  const probe = await pool.connect();
  probe.release();
  let closed = false;
  return {
    dialect: 'postgres',
    ...executorOf(pool),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const value = await work(executorOf(client));
          await client.query('COMMIT');
          client.release();
          return value;
        } catch (e) {
          const rolledBack = await client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
          // A connection that cannot even roll back is broken: destroy it instead of pooling it.
          client.release(!rolledBack);
          if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(e)) throw e;
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
