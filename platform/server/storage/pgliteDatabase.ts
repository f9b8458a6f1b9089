// The embedded default: PGlite (PostgreSQL compiled to WASM) in this process, its cluster in a
// folder of the platform's data directory. Same SQL as the server, no server to run: `npm start`,
// the demo and most tests use it. One connection; PGlite serialises queries and transactions.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import { isRetryableTransactionError, TRANSACTION_ATTEMPTS, type Row, type SqlDatabase, type SqlExecutor } from './sqlDatabase';

/** int8 (COUNT, BIGINT sequences) as a JS number: every such value here stays far below 2^53. */
const PARSERS = { [types.INT8]: (text: string) => Number(text) };

/**
 * A prepared starting point for new databases (e.g. the schema already migrated): made once by
 * `prepare` on a fresh cluster, kept in the cache under `key`, then copied for every new database
 * with the same key. A change to what `prepare` does must change `key`.
 */
export interface PgliteTemplate {
  readonly key: string;
  prepare(db: SqlDatabase): Promise<void>;
}

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

const pgliteDist = (() => {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return path.dirname(entry);
})();

/** The installed PGlite's version: a template from another version is never loaded. */
function pgliteVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(pgliteDist, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version.replace(/[^\w.-]/g, '_') : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The WASM modules and file-system bundle, compiled and read once per process: every further
 * PGlite instance (tests open many) starts without compiling 9 MB of WASM again.
 */
let shared: Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'initdbWasmModule' | 'fsBundle'>> | undefined;
function sharedAssets(): Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'initdbWasmModule' | 'fsBundle'>> {
  shared ??= (async () => {
    try {
      const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
        WebAssembly.compile(fs.readFileSync(path.join(pgliteDist, 'pglite.wasm'))),
        WebAssembly.compile(fs.readFileSync(path.join(pgliteDist, 'initdb.wasm'))),
      ]);
      return { pgliteWasmModule, initdbWasmModule, fsBundle: new Blob([fs.readFileSync(path.join(pgliteDist, 'pglite.data'))]) };
    } catch {
      // A different package layout: let PGlite find its own files.
      return {};
    }
  })();
  return shared;
}

/**
 * Where prepared clusters are kept (closed cluster folders), so the next new database is a file
 * copy (a few hundred ms) instead of another initdb (seconds of WASM). Per user and 0700: a
 * template planted by another user must never become our database.
 */
function templateDir(key: string): string {
  const cacheRoot = process.env.BUDAYANG_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'budayang');
  const safeKey = crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
  return path.join(cacheRoot, `pglite-${pgliteVersion()}-${safeKey}`);
}

async function openPglite(dir: string): Promise<PGlite> {
  return PGlite.create({ dataDir: dir, parsers: PARSERS, ...(await sharedAssets()) });
}

/** True when `dir` holds a complete cluster (templates are only ever renamed into place whole). */
function isCluster(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/**
 * Builds the template `key` (a bare initdb, or `prepare` run on a copy of it) in a private folder,
 * then renames it into place; a concurrent builder that lost the race just discards its copy.
 */
async function buildTemplate(key: string, prepare?: (db: SqlDatabase) => Promise<void>): Promise<string> {
  const target = templateDir(key);
  if (isCluster(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const building = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.building`;
  if (prepare) fs.cpSync(await buildTemplate('initdb'), building, { recursive: true });
  const db = await openPglite(building);
  try {
    if (prepare) await prepare(wrap(db));
  } finally {
    await db.close();
  }
  try {
    fs.renameSync(building, target);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return target;
}

/** A fresh cluster in `dir`: a copy of the cached template (built first if missing). */
async function createCluster(dir: string, template: PgliteTemplate | undefined): Promise<PGlite> {
  let source: string | undefined;
  try {
    source = template ? await buildTemplate(template.key, (db) => template.prepare(db)) : await buildTemplate('initdb');
  } catch {
    // No usable cache (read-only home, full disk): initdb right here.
    source = undefined;
  }
  if (source) {
    fs.cpSync(source, dir, { recursive: true });
    try {
      return await openPglite(dir);
    } catch {
      // A damaged template: throw it away and start this database from scratch.
      fs.rmSync(source, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const db = await openPglite(dir);
  if (template) await template.prepare(wrap(db));
  return db;
}

function wrap(db: PGlite, onClose: () => Promise<void> = () => db.close()): SqlDatabase {
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
    close: onClose,
  };
}

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process at a time per embedded cluster: PGlite does not stop a second opener, and two
 * would corrupt it (a `platform serve` and a `platform admin` on the same --data, say). The lock
 * file holds the owner's pid; a lock whose process is gone (kill -9, power cut) is taken over.
 */
export function takeClusterLock(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (processAlive(holder)) throw new Error(`the embedded platform store ${dir} is open in process ${holder}: stop that platform first`);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the embedded platform store ${dir}`);
}

/** Opens (or creates, from `template` when given) the embedded cluster in `dir`, locked to this process. */
export async function openPgliteDatabase(dir: string, template?: PgliteTemplate): Promise<SqlDatabase> {
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  const unlock = takeClusterLock(dir);
  let db: PGlite;
  try {
    const exists = fs.existsSync(path.join(dir, 'PG_VERSION'));
    db = exists ? await openPglite(dir) : await createCluster(dir, template);
  } catch (e) {
    unlock();
    throw e;
  }
  let closed = false;
  return wrap(db, async () => {
    if (closed) return;
    closed = true;
    try {
      await db.close();
    } finally {
      unlock();
    }
  });
}
