// Platform instances of a load test: `budayang platform serve` child processes on loopback, each
// with its own data folder, sharing one database (or the embedded store, for one instance). The
// load test owns them: it kills one with SIGKILL mid-run (by its own child handle) and stops the
// rest at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BUDAYANG_BIN } from '../packageRoot';
import { DATABASE_URL_ENV, HOLDER_LOOKUP_KEY_ENV, SIGNING_KEY_ENV } from '../platformEnv';

/** Starting an instance from the sources on a busy 2-core machine takes seconds; this is the ceiling. */
const START_TIMEOUT_MS = 120_000;

export interface PlatformInstance {
  readonly url: string;
  readonly pid: number;
  alive(): boolean;
  /** kill -9: no shutdown, connections cut, transactions in flight rolled back by the database. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
}

export interface InstanceOptions {
  readonly count: number;
  /** A PostgreSQL server shared by the instances; absent: one instance on the embedded store. */
  readonly databaseUrl?: string;
  /** Each instance gets a folder under it. */
  readonly dataRoot: string;
  readonly adminToken: string;
  /** The same holder lookup key for every instance (base64). */
  readonly holderLookupKey: string;
  readonly heartbeatSeconds: number;
  readonly env: NodeJS.ProcessEnv;
}

/** The load test's fleet signing key (0600), made once under the data root for every instance. */
function sharedSigningKeyFile(dataRoot: string): string {
  const file = path.join(dataRoot, 'fleet-signing-key.pem');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return file;
}

function startOne(index: number, options: InstanceOptions): Promise<PlatformInstance> {
  const dataDir = path.join(options.dataRoot, `instance-${index}`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const args = [BUDAYANG_BIN, 'platform', 'serve', '--port', '0', '--host', '127.0.0.1', '--admin-token', options.adminToken, '--allow-bulk-provisioning', '--heartbeat-seconds', String(options.heartbeatSeconds), '--data', dataDir];
  // Secrets through the environment, not the process list.
  const env: NodeJS.ProcessEnv = { ...options.env, [HOLDER_LOOKUP_KEY_ENV]: options.holderLookupKey };
  if (options.databaseUrl) {
    env[DATABASE_URL_ENV] = options.databaseUrl;
    // Instances sharing a database sign fleet bundles and commands with one key (docs/fleet.md).
    env[SIGNING_KEY_ENV] = sharedSigningKeyFile(options.dataRoot);
  } else {
    delete env[DATABASE_URL_ENV];
    delete env[SIGNING_KEY_ENV];
  }
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`platform instance ${index} did not start within ${START_TIMEOUT_MS} ms:\n${output.slice(-2000)}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /platform listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // Keep draining its output so a chatty instance never blocks on a full pipe.
      child.stdout!.resume();
      const alive = () => child.exitCode === null && child.signalCode === null;
      resolve({
        url: match[1]!,
        pid: child.pid!,
        alive,
        async kill9() {
          if (alive()) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (!alive()) return;
          child.kill('SIGTERM');
          const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(hard);
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`platform instance ${index} exited (${code ?? signal}) before it listened:\n${output.slice(-2000)}`));
    });
  });
}

/** Starts the instances; if one fails, the others are stopped and the error is thrown. */
export async function startInstances(options: InstanceOptions): Promise<PlatformInstance[]> {
  const started = await Promise.allSettled(Array.from({ length: options.count }, (_, i) => startOne(i, options)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failed) {
    await Promise.all(ok.map((i) => i.stop()));
    throw failed.reason;
  }
  return ok;
}
