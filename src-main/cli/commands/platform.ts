// `budayang platform serve [--database-url postgres://…] [--signing-key FILE] [--port N] [--data DIR]`:
// runs the reference central platform until interrupted. Without a database URL it keeps its data
// in the embedded PGlite store under `--data`; with one, any number of instances can share that
// server, each given the same fleet signing key file (docs/fleet.md, "Keys"); the global `--data`
// still holds this instance's admin token.
import path from 'node:path';
import { createPlatformServer, DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE } from '../../../platform/server/createPlatformServer';
import { REAL_HEARTBEAT_SECONDS, runLoadTest } from '../loadtest/runLoadTest';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';
import { DATABASE_URL_ENV, HOLDER_LOOKUP_KEY_ENV, SIGNING_KEY_ENV } from '../platformEnv';


/** The URL with its password hidden, for the console. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const serve: CliCommand = {
  path: ['platform', 'serve'],
  summary: 'Runs the reference central platform (embedded PGlite store, or a PostgreSQL server with --database-url).',
  usage: `[--port N] [--host HOST] [--admin-token TOKEN] [--database-url postgres://USER:PASSWORD@HOST:PORT/DB (or $${DATABASE_URL_ENV})] [--signing-key FILE (or $${SIGNING_KEY_ENV}; required with a database URL)] [--trust-proxy ADDRESSES] [--heartbeat-seconds N] [--provisioning-per-minute N] [--sign-in-per-minute N] [--allow-bulk-provisioning] [--data DIR]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'admin-token': { type: 'string' },
      'database-url': { type: 'string' },
      'signing-key': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      'provisioning-per-minute': { type: 'string' },
      'sign-in-per-minute': { type: 'string' },
      'allow-bulk-provisioning': { type: 'boolean' },
    });
    if (!parsed.ok) {
      println(ctx.stderr, `budayang platform serve: ${parsed.error}`);
      return 2;
    }
    const port = intOption(parsed.value.values.port, 'port', 8787);
    if (!port.ok) {
      println(ctx.stderr, `budayang platform serve: ${port.error}`);
      return 2;
    }
    // The fleet's heartbeat interval (kiosk sync.heartbeatSeconds): the console counts a kiosk offline after 3.
    const heartbeatSeconds = intOption(parsed.value.values['heartbeat-seconds'], 'heartbeat-seconds', 60);
    // Provisioning attempts per client address per minute (a depot provisioning many kiosks behind one address).
    const provisioningPerMinute = intOption(parsed.value.values['provisioning-per-minute'], 'provisioning-per-minute', 10);
    // Console sign-in attempts per client address per minute (each costs a scrypt check).
    const signInPerMinute = intOption(parsed.value.values['sign-in-per-minute'], 'sign-in-per-minute', DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE);
    for (const option of [heartbeatSeconds, provisioningPerMinute, signInPerMinute]) {
      if (!option.ok || option.value < 1) {
        println(ctx.stderr, `budayang platform serve: ${option.ok ? '--heartbeat-seconds, --provisioning-per-minute and --sign-in-per-minute must be at least 1' : option.error}`);
        return 2;
      }
    }
    const databaseUrl = parsed.value.values['database-url'] ?? ctx.env[DATABASE_URL_ENV];
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      println(ctx.stderr, 'budayang platform serve: --database-url must be a postgres:// URL');
      return 2;
    }
    const token = parsed.value.values['admin-token'];
    const signingKeyFile = parsed.value.values['signing-key'] ?? ctx.env[SIGNING_KEY_ENV];
    let server;
    try {
      server = await createPlatformServer({
        dataDir: ctx.dataDir,
        port: port.value,
        host: parsed.value.values.host ?? '127.0.0.1',
        ...(token ? { adminToken: token } : {}),
        ...(databaseUrl ? { databaseUrl } : {}),
        ...(signingKeyFile ? { signingKeyFile: path.resolve(signingKeyFile) } : {}),
        // The load balancer's addresses (comma-separated) whose X-Forwarded-For is believed.
        ...(parsed.value.values['trust-proxy'] ? { trustProxy: parsed.value.values['trust-proxy'] } : {}),
        ...(ctx.env[HOLDER_LOOKUP_KEY_ENV] ? { holderLookupKey: ctx.env[HOLDER_LOOKUP_KEY_ENV] } : {}),
        heartbeatSeconds: heartbeatSeconds.ok ? heartbeatSeconds.value : 60,
        provisioningAttemptsPerMinute: provisioningPerMinute.ok ? provisioningPerMinute.value : 10,
        signInAttemptsPerMinute: signInPerMinute.ok ? signInPerMinute.value : DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE,
        ...(parsed.value.values['allow-bulk-provisioning'] ? { allowBulkProvisioning: true } : {}),
      });
    } catch (e) {
      println(ctx.stderr, `budayang platform serve: cannot start: ${(e as Error).message}`);
      return 1;
    }
    println(ctx.stdout, `platform listening on ${server.url}`);
    println(ctx.stdout, `database: ${databaseUrl ? redactUrl(databaseUrl) : `embedded (PGlite) in ${path.join(ctx.dataDir, 'pglite')}`}`);
    println(ctx.stdout, `admin token: ${token ? '(as given)' : path.join(ctx.dataDir, 'admin-token')}`);
    println(ctx.stdout, `fleet signing key: ${signingKeyFile ? path.resolve(signingKeyFile) : `${path.join(ctx.dataDir, 'admin-key.pem')} (development key of the embedded store)`}`);
    println(ctx.stdout, server.consoleUrl ? `fleet console: ${server.consoleUrl} (first account: budayang platform admin add)` : 'fleet console: not built (npm run build)');
    if (parsed.value.values['allow-bulk-provisioning']) println(ctx.stdout, 'bulk provisioning ON (load tests only): POST /admin/loadtest/kiosks registers keys without codes');
    const code = await server.store.kiosks.createProvisioningCode(new Date());
    println(ctx.stdout, `one-time provisioning code: ${code.code} (valid until ${code.expiresAt})`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return 0;
  },
};

const loadtest: CliCommand = {
  path: ['platform', 'loadtest'],
  summary: 'Load-tests the platform: N simulated kiosks (own Ed25519 keys, signed heartbeats and event batches) against K instances on loopback.',
  usage: `--kiosks N --duration SECONDS [--instances K] [--database-url postgres://… (or $${DATABASE_URL_ENV})] [--heartbeat-seconds S] [--batch-seconds S] [--events-per-batch N] [--kill-one-at SECONDS] [--json]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {
      kiosks: { type: 'string' },
      duration: { type: 'string' },
      instances: { type: 'string' },
      'database-url': { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      'batch-seconds': { type: 'string' },
      'events-per-batch': { type: 'string' },
      'kill-one-at': { type: 'string' },
      json: { type: 'boolean' },
    });
    const fail = (message: string) => {
      println(ctx.stderr, `budayang platform loadtest: ${message}`);
      return 2;
    };
    if (!parsed.ok) return fail(parsed.error);
    const v = parsed.value.values;
    const kiosks = intOption(v.kiosks, 'kiosks');
    const duration = intOption(v.duration, 'duration');
    const instances = intOption(v.instances, 'instances', 1);
    const heartbeat = intOption(v['heartbeat-seconds'], 'heartbeat-seconds', REAL_HEARTBEAT_SECONDS / 10);
    const batch = intOption(v['batch-seconds'], 'batch-seconds', 24);
    const events = intOption(v['events-per-batch'], 'events-per-batch', 2);
    const kill = v['kill-one-at'] === undefined ? undefined : intOption(v['kill-one-at'], 'kill-one-at');
    for (const option of [kiosks, duration, instances, heartbeat, batch, events, ...(kill ? [kill] : [])]) if (!option.ok) return fail(option.error);
    if (!kiosks.ok || !duration.ok || !instances.ok || !heartbeat.ok || !batch.ok || !events.ok || (kill && !kill.ok)) return 2;
    if (kiosks.value < 1 || duration.value < 1 || instances.value < 1 || heartbeat.value < 1 || batch.value < 1) return fail('--kiosks, --duration, --instances and the intervals must be at least 1');
    if (kill && kill.ok && kill.value >= duration.value) return fail('--kill-one-at must fall within --duration');
    // An empty variable is no URL (the embedded store).
    const databaseUrl = v['database-url'] ?? (ctx.env[DATABASE_URL_ENV] || undefined);
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) return fail('--database-url must be a postgres:// URL');
    try {
      const report = await runLoadTest({
        kiosks: kiosks.value,
        durationSeconds: duration.value,
        instances: instances.value,
        ...(databaseUrl ? { databaseUrl } : {}),
        heartbeatSeconds: heartbeat.value,
        batchSeconds: batch.value,
        eventsPerBatch: events.value,
        ...(kill && kill.ok ? { killOneAtSeconds: kill.value } : {}),
        env: ctx.env,
        progress: (line) => println(ctx.stderr, line),
      });
      if (v.json) {
        println(ctx.stdout, JSON.stringify(report));
      } else {
        println(ctx.stdout, `${report.kiosks} kiosks, ${report.instances} instance(s) on ${report.store === 'postgres' ? 'PostgreSQL' : 'the embedded store'}, ${report.durationSeconds} s${report.killed ? `, one instance killed at ${report.killed.atSeconds} s` : ''}`);
        println(ctx.stdout, `requests ${report.requests}  rps ${report.rps}  p50 ${report.p50Ms} ms  p99 ${report.p99Ms} ms  errors ${report.errors}`);
        println(ctx.stdout, `events ${report.events}  lost ${report.lost}  duplicates ${report.duplicates}  still queued at the kiosks ${report.backlog}`);
      }
      return report.lost === 0 && report.duplicates === 0 ? 0 : 1;
    } catch (e) {
      println(ctx.stderr, `budayang platform loadtest: ${(e as Error).message}`);
      return 1;
    }
  },
};

export const platformCommands: readonly CliCommand[] = [serve, loadtest];
