// Serves the built renderer with `sirv`, confined to the real path of its folder: the folder is
// indexed once at start, and a file whose real path lies outside it (a symlink out) is refused,
// as is anything outside the index (`..`, a sibling folder sharing the name's prefix).
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { err, ok, type Result } from '../../src-common/result';

/** Hashed build output: safe to cache for a year, its name changes with its content. */
const IMMUTABLE_PREFIX = `assets${path.sep}`;
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html and everything else: revalidate, so a new build is seen at the next load. */
const REVALIDATE_CACHE = 'no-cache';

/** Thrown by the `setHeaders` hook (before any byte is written) for a file outside the folder. */
class OutsideStaticRoot extends Error {}

export type StaticHandler = (req: http.IncomingMessage, res: http.ServerResponse, onNotFound: () => void) => void;

/** The regular files whose real path is inside `realRoot`, keyed by device:inode, with their path relative to it. */
function indexContainedFiles(realRoot: string): Map<string, string> {
  const contained = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir)) {
      const full = path.join(dir, entry);
      let real: string;
      let stats: fs.Stats;
      try {
        real = fs.realpathSync(full);
        stats = fs.statSync(real);
      } catch {
        continue; // a dangling link: nothing to serve
      }
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) continue;
      if (stats.isDirectory()) walk(full);
      else if (stats.isFile()) contained.set(`${stats.dev}:${stats.ino}`, path.relative(realRoot, real));
    }
  };
  walk(realRoot);
  return contained;
}

/**
 * sirv opens the file right after this check without an error listener on its stream: a file
 * replaced since the index (a rebuild while the kiosk runs) is answered 404 here instead.
 */
function stillTheSameFile(file: string, indexed: fs.Stats): boolean {
  try {
    const now = fs.statSync(file);
    return now.ino === indexed.ino && now.dev === indexed.dev;
  } catch {
    return false;
  }
}

/**
 * Builds the handler for `dir`. `baseHeaders` (CSP and the other security headers) are set on
 * every answer. Fails (never throws) when the folder cannot be indexed.
 */
export function createStaticHandler(dir: string, baseHeaders: () => Readonly<Record<string, string>>): Result<StaticHandler, string> {
  let realRoot: string;
  let serve: ReturnType<typeof sirv>;
  let contained: Map<string, string>;
  try {
    realRoot = fs.realpathSync(dir);
    contained = indexContainedFiles(realRoot);
    serve = sirv(realRoot, {
      dev: false,
      etag: true,
      single: true,
      dotfiles: false,
      setHeaders: (res, _pathname, stats) => {
        const relative = contained.get(`${stats.dev}:${stats.ino}`);
        if (relative === undefined || !stillTheSameFile(path.join(realRoot, relative), stats)) throw new OutsideStaticRoot();
        res.setHeader('Cache-Control', relative.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
        // sirv gives scripts and styles no charset; the renderer is UTF-8 throughout.
        if (relative.endsWith('.js')) res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        else if (relative.endsWith('.css')) res.setHeader('Content-Type', 'text/css; charset=utf-8');
      },
    });
  } catch (e) {
    return err(`cannot serve the renderer from ${dir}: ${(e as Error).message}`);
  }
  return ok((req, res, onNotFound) => {
    for (const [name, value] of Object.entries(baseHeaders())) res.setHeader(name, value);
    try {
      serve(req, res, onNotFound);
    } catch (e) {
      if (!(e instanceof OutsideStaticRoot)) throw e;
      onNotFound();
    }
  });
}
