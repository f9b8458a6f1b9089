// The control endpoint file (design.md §7, docs/technicians.md): the running core publishes its
// loopback port and a technician-scoped credential, rotated at every start, in a 0600 file in the
// data directory, so the `budayang` CLI of the same user reaches it without the renderer's token.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../../src-common/result';
import { writeFileAtomic } from '../fleet/atomicFile';

export const CONTROL_ENDPOINT_FILE = 'control.json';

export const ControlEndpoint = z.object({
  version: z.literal(1),
  port: z.number().int().min(1).max(65535),
  /** 256-bit hex; presented as the WebSocket subprotocol `bearer.<credential>`. */
  credential: z.string().regex(/^[0-9a-f]{64}$/),
  pid: z.number().int().positive(),
  startedAt: z.string(),
});
export type ControlEndpoint = z.infer<typeof ControlEndpoint>;

export function controlEndpointPath(dataDir: string): string {
  return path.join(dataDir, CONTROL_ENDPOINT_FILE);
}

/** A fresh technician credential (one per core start). */
export function newTechnicianCredential(): string {
  return randomBytes(32).toString('hex');
}

/** Publishes the endpoint atomically, readable by the kiosk's user only. */
export function writeControlEndpoint(dataDir: string, endpoint: Omit<ControlEndpoint, 'version'>): void {
  writeFileAtomic(controlEndpointPath(dataDir), JSON.stringify({ version: 1, ...endpoint }), { mode: 0o600 });
}

/** Removes the file, only if it is still this process's (a newer core may have replaced it). */
export function removeControlEndpoint(dataDir: string, pid: number = process.pid): void {
  const found = readControlEndpoint(dataDir);
  if (found.ok && found.value?.pid === pid) fs.rmSync(controlEndpointPath(dataDir), { force: true });
}

/**
 * The published endpoint: undefined when there is none or its process is gone (a core killed
 * with -9 leaves its file behind); an error when the file is unreadable or not ours to trust.
 */
export function readControlEndpoint(dataDir: string): Result<ControlEndpoint | undefined, string> {
  const file = controlEndpointPath(dataDir);
  let text: string;
  try {
    const stat = fs.statSync(file);
    if ((stat.mode & 0o077) !== 0) return err(`${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); refusing to use it`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return err(`cannot read ${file}: ${(e as Error).message}`);
  }
  let parsed: ReturnType<typeof ControlEndpoint.safeParse>;
  try {
    parsed = ControlEndpoint.safeParse(JSON.parse(text));
  } catch {
    return err(`${file} is not JSON`);
  }
  if (!parsed.success) return err(`${file} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return ok(isAlive(parsed.data.pid) ? parsed.data : undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: a process of another user reuses the pid — not our core either.
    return false;
  }
}
