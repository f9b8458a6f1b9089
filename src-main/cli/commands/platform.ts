// `budayang platform serve [--database-url postgres://…] [--signing-key FILE] [--port N] [--data DIR]`:
// runs the reference central platform until interrupted. Without a database URL it keeps its data
// in the embedded PGlite store under `--data`; with one, any number of instances can share that
// server, each given the same fleet signing key file (docs/fleet.md, "Keys"); the global `--data`
// still holds this instance's admin token.
import path from 'node:path';
import { createPlatformServer, DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE } from '../../../platform/server/createPlatformServer';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';

/** Where the database URL may also come from, so it need not sit in a process list. */
export const DATABASE_URL_ENV = 'BUDAYANG_DATABASE_URL';
/** Where the fleet signing key file may also come from (a mounted secret). */
export const SIGNING_KEY_ENV = 'BUDAYANG_SIGNING_KEY';

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
  usage: `[--port N] [--host HOST] [--admin-token TOKEN] [--database-url postgres://USER:PASSWORD@HOST:PORT/DB (or $${DATABASE_URL_ENV})] [--signing-key FILE (or $${SIGNING_KEY_ENV}; required with a database URL)] [--trust-proxy ADDRESSES] [--heartbeat-seconds N] [--provisioning-per-minute N] [--sign-in-per-minute N] [--data DIR]`,
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
        heartbeatSeconds: heartbeatSeconds.ok ? heartbeatSeconds.value : 60,
        provisioningAttemptsPerMinute: provisioningPerMinute.ok ? provisioningPerMinute.value : 10,
        signInAttemptsPerMinute: signInPerMinute.ok ? signInPerMinute.value : DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE,
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

export const platformCommands: readonly CliCommand[] = [serve];
