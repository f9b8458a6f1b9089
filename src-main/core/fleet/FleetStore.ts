// The fleet's files in the data directory (docs/fleet.md): `fleet/state.json` (FleetState, the one
// pointer that decides which versions run) and `fleet/bundles/<kind>-<version>.json` (verified
// bundles, immutable once written). Every write is atomic; a bundle file is always written before
// the state that names it, so a kill at any instant leaves a state whose files exist.
import fs from 'node:fs';
import path from 'node:path';
import { Bundle, type BundleKind } from '../../../src-common/wire/bundle';
import { err, ok, type Result } from '../../../src-common/result';
import { removeStaleTemporaries, writeFileAtomic, type AtomicWriteStep } from './atomicFile';
import { FleetState, initialFleetState } from './fleetState';

export const FLEET_DIR_NAME = 'fleet';
const STATE_FILE_NAME = 'state.json';

/** Fault tests only: called at each step of each atomic write, with what is being written. */
export type FleetWriteObserver = (step: AtomicWriteStep, what: 'state' | `bundle:${BundleKind}`) => void;

export class FleetStore {
  readonly dir: string;
  private readonly bundlesDir: string;
  private current: FleetState;

  private constructor(
    dataDir: string,
    state: FleetState,
    private readonly observer?: FleetWriteObserver,
  ) {
    this.dir = path.join(dataDir, FLEET_DIR_NAME);
    this.bundlesDir = path.join(this.dir, 'bundles');
    this.current = state;
  }

  /**
   * Opens the fleet files of a data directory. A missing state is the initial one; an unreadable
   * one is refused with the reason (the caller decides: the boot step sets it aside).
   */
  static open(dataDir: string, observer?: FleetWriteObserver): Result<FleetStore, string> {
    const state = readFleetState(dataDir);
    return state.ok ? ok(new FleetStore(dataDir, state.value, observer)) : state;
  }

  /** Opens, setting an unreadable state file aside (never deleted) and starting from the initial state. */
  static openOrReset(dataDir: string, observer?: FleetWriteObserver): { readonly store: FleetStore; readonly reset?: { readonly reason: string; readonly movedTo: string } } {
    const opened = FleetStore.open(dataDir, observer);
    if (opened.ok) return { store: opened.value };
    const file = stateFile(dataDir);
    const movedTo = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(file, movedTo);
    return { store: new FleetStore(dataDir, initialFleetState(), observer), reset: { reason: opened.error, movedTo } };
  }

  get state(): FleetState {
    return this.current;
  }

  /** Writes `next` atomically and makes it the current state. Throws on I/O failure (the old state stays). */
  commit(next: FleetState): FleetState {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(path.join(this.dir, STATE_FILE_NAME), `${JSON.stringify(FleetState.parse(next), null, 1)}\n`, this.observerFor('state'));
    this.current = next;
    return next;
  }

  bundlePath(kind: BundleKind, version: number): string {
    return path.join(this.bundlesDir, `${kind}-${String(version).padStart(8, '0')}.json`);
  }

  /** Writes a verified bundle's file (before any state names it). */
  writeBundle(bundle: Bundle): void {
    fs.mkdirSync(this.bundlesDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.bundlePath(bundle.kind, bundle.version), `${JSON.stringify(bundle)}\n`, this.observerFor(`bundle:${bundle.kind}`));
  }

  readBundle(kind: BundleKind, version: number): Result<Bundle, string> {
    return readBundleFile(this.bundlePath(kind, version));
  }

  /** Removes bundle files no version pointer names any more, and temporaries a kill left behind. */
  prune(): void {
    removeStaleTemporaries(this.dir);
    removeStaleTemporaries(this.bundlesDir);
    if (!fs.existsSync(this.bundlesDir)) return;
    const keep = new Set<string>();
    for (const kind of ['config', 'catalog'] as const) {
      const s = this.current[kind];
      for (const v of [s.active, s.lastKnownGood, s.staged]) if (v !== null) keep.add(path.basename(this.bundlePath(kind, v)));
    }
    if (this.current.trial?.previous) keep.add(path.basename(this.bundlePath(this.current.trial.kind, this.current.trial.previous)));
    for (const name of fs.readdirSync(this.bundlesDir)) {
      if (name.endsWith('.json') && !keep.has(name)) fs.rmSync(path.join(this.bundlesDir, name), { force: true });
    }
  }

  private observerFor(what: 'state' | `bundle:${BundleKind}`): { onStep?: (step: AtomicWriteStep) => void } {
    const observer = this.observer;
    return observer ? { onStep: (step) => observer(step, what) } : {};
  }
}

function stateFile(dataDir: string): string {
  return path.join(dataDir, FLEET_DIR_NAME, STATE_FILE_NAME);
}

/** Reads the state file read-only (for the CLI beside a running core); missing = initial. */
export function readFleetState(dataDir: string): Result<FleetState, string> {
  const file = stateFile(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(initialFleetState());
    return err(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return err(`${file} is not JSON: ${(e as Error).message}`);
  }
  const parsed = FleetState.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(`${file} does not match the fleet state schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300)}`);
}

export function readBundleFile(file: string): Result<Bundle, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return err(`cannot read the bundle ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = Bundle.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(`${file} is not a bundle: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300)}`);
}
