// The embedded default: PGlite (PostgreSQL compiled to WASM) in this process, its cluster in a
// folder of the platform's data directory. Same SQL as the server, no server to run: `npm start`,
// the demo and most tests use it. One connection; PGlite serialises queries and transactions.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { isRetryableTransactionError, TRANSACTION_ATTEMPTS, type Row, type SqlDatabase, type SqlExecutor } from './sqlDatabase';

/** int8 (COUNT, BIGINT sequences) as a JS number: every such value here stays far below 2^53. */
const PARSERS = { [types.INT8]: (text: string) => Number(text) };

interface PgliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(text: string): Promise<unknown>;
}

function executorOf(target: PgliteLike): SqlExecutor {
  return {
    async query<R extends Row>(text: string, params: readonly unknown[] = []) {
      return (await target.query<R>(text, [...params])).rows;
    },
    async execute(text: string, params: readonly unknown[] = []) {
      return (await target.query(text, [...params])).affectedRows ?? 0;
    },
    async exec(text: string) {
      await target.exec(text);
    },
  };
}

/**
 * Where the freshly initialised cluster is kept, so the next new database is a copy (half a second)
 * instead of another initdb (several seconds of WASM). Per user and 0700: a template planted by
 * another user must never become our database.
 */
function templateFile(): string {
  const cacheRoot = process.env.BUDAYANG_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'budayang');
  return path.join(cacheRoot, `pglite-${pgliteVersion()}-initdb.tar`);
}

/** The installed PGlite's version: a template from another version is never loaded. */
function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version.replace(/[^\w.-]/g, '_') : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function createFromTemplateOrInit(dir: string): Promise<PGlite> {
  const template = templateFile();
  if (fs.existsSync(template)) {
    try {
      return await PGlite.create({ dataDir: dir, parsers: PARSERS, loadDataDir: new Blob([fs.readFileSync(template)]) });
    } catch {
      // A damaged cache is not fatal: fall through to a fresh initdb, which rewrites it.
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const db = await PGlite.create({ dataDir: dir, parsers: PARSERS });
  try {
    const dump = await db.dumpDataDir('none');
    fs.mkdirSync(path.dirname(template), { recursive: true, mode: 0o700 });
    const partial = `${template}.${process.pid}.partial`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    fs.renameSync(partial, template);
  } catch {
    // Only a cache: the database itself is fine.
  }
  return db;
}

/** Opens (or creates) the embedded cluster in `dir`. */
export async function openPgliteDatabase(dir: string): Promise<SqlDatabase> {
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  const exists = fs.existsSync(path.join(dir, 'PG_VERSION'));
  const db = exists ? await PGlite.create({ dataDir: dir, parsers: PARSERS }) : await createFromTemplateOrInit(dir);
  let closed = false;
  return {
    dialect: 'pglite',
    ...executorOf(db),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) => work(executorOf(tx)));
        } catch (e) {
          if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(e)) throw e;
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
