// `budayang start`: starts the kiosk in the Electron shell when its binary is present, else in
// the browser shell (core process + Chromium in kiosk mode). `budayang core` is the core
// process itself, started by a shell; it is not meant to be run by hand.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CoreSupervisor } from '../../shell/CoreSupervisor';
import { LAUNCH_MESSAGE_TIMEOUT_MS, parentChannel, type CoreLaunchMessage, type ParentChannel } from '../../shell/coreChannel';
import { findChromium, hasDisplay, kioskFlags } from '../../shell/browser/chromium';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { findElectronBinary } from '../electronBinary';
import { BUDAYANG_BIN, PACKAGE_ROOT } from '../packageRoot';

export const RENDERER_DIR = path.join(PACKAGE_ROOT, 'dist', 'renderer');
const BIN = BUDAYANG_BIN;
/** The running core's pid, written by the browser shell for tools and tests. */
export const CORE_PID_FILE = 'core.pid';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

const startCommand: CliCommand = {
  path: ['start'],
  summary: 'Starts the kiosk: Electron when its binary is installed, else the browser shell (core + Chromium).',
  usage: '[--shell electron|browser] [--headless] [--port N] [--profile NAME]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {
      shell: { type: 'string' },
      headless: { type: 'boolean' },
      port: { type: 'string' },
      profile: { type: 'string' },
    });
    if (!parsed.ok) {
      println(ctx.stderr, parsed.error);
      return 2;
    }
    const values = parsed.value.values;
    const port = intOption(values.port as string | undefined, 'port', 0);
    if (!port.ok) {
      println(ctx.stderr, port.error);
      return 2;
    }
    const profile = (values.profile as string | undefined) ?? 'demo';
    const electron = findElectronBinary(ctx.env);
    const shell = (values.shell as string | undefined) ?? (electron ? 'electron' : 'browser');
    if (shell !== 'electron' && shell !== 'browser') {
      println(ctx.stderr, `--shell must be electron or browser, got "${shell}"`);
      return 2;
    }
    if (shell === 'electron') {
      if (!electron) {
        println(ctx.stderr, 'shell: electron requested, but the Electron binary is not installed (it cannot be downloaded here); use --shell browser');
        return 1;
      }
      println(ctx.stdout, `shell: electron (${electron})`);
      return runElectron(electron, profile, Boolean(values.headless), ctx);
    }
    println(ctx.stdout, `shell: browser${electron ? '' : ' (no Electron binary installed)'}`);
    return runBrowserShell({ port: port.value, profile, headless: Boolean(values.headless) }, ctx);
  },
};

async function runElectron(binary: string, profile: string, headless: boolean, ctx: CliContext): Promise<number> {
  const main = path.join(PACKAGE_ROOT, 'dist', 'shell', 'electron', 'main.cjs');
  const child = spawn(binary, [main], {
    stdio: 'inherit',
    env: { ...ctx.env, BUDAYANG_DATA: ctx.dataDir, BUDAYANG_PROFILE: profile, ...(headless ? { BUDAYANG_HEADLESS: '1' } : {}) },
  });
  ctx.signal.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function runBrowserShell(options: { port: number; profile: string; headless: boolean }, ctx: CliContext): Promise<number> {
  // Everything this shell and its core create in the data directory is the kiosk user's alone.
  process.umask(0o077);
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    println(ctx.stderr, `renderer not built (${RENDERER_DIR}); run: npm run build`);
    return 1;
  }
  const port = options.port || (await freePort());
  // The session token lives in this process and in the core's memory only; the core gets it over IPC.
  const token = randomBytes(32).toString('hex');
  fs.mkdirSync(ctx.dataDir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(ctx.dataDir, CORE_PID_FILE);
  const supervisor = new CoreSupervisor({
    script: BIN,
    args: () => ['core', '--port', String(port), '--profile', options.profile, '--data', ctx.dataDir],
    env: ctx.env,
    launch: () => ({ type: 'launch', token }),
    onReady: ({ pid, restarts }) => {
      fs.writeFileSync(pidFile, String(pid), { mode: 0o600 });
      if (restarts > 0) println(ctx.stdout, `core: restarted (pid ${pid}, restart ${restarts})`);
    },
    onStartFailed: (reason) => println(ctx.stderr, `core: cannot start: ${reason}`),
    onExit: ({ code, signal, restartInMs, beforeFirstReady }) =>
      println(ctx.stderr, `core: ${beforeFirstReady ? 'failed to start' : 'exited'} (code ${code}, signal ${signal}); ${beforeFirstReady ? 'retrying' : 'restarting'} in ${restartInMs} ms`),
  });
  const stopSupervisor = () => void supervisor.stop();
  ctx.signal.addEventListener('abort', stopSupervisor, { once: true });
  // A failed first start (the data directory still locked by a core that is shutting down, a
  // device not yet enumerated after a power cut…) is retried with backoff, never given up.
  if (!(await supervisor.start())) {
    println(ctx.stdout, 'stopped');
    return 0;
  }

  const baseUrl = `http://127.0.0.1:${port}/`;
  let browser: ChildProcess | undefined;
  const chromium = findChromium(ctx.env);
  const windowReason = options.headless
    ? 'none (--headless); open the URL above (its one-time code works once)'
    : !chromium
      ? 'none (Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH); serving headless'
      : !hasDisplay(ctx.env)
        ? 'none (no DISPLAY or WAYLAND_DISPLAY); serving headless'
        : undefined;
  if (windowReason !== undefined || !chromium) {
    // Someone has to open the page: the URL carries a one-time code, useless once used or expired.
    const code = await supervisor.issueBootstrapCode();
    println(ctx.stdout, `ready: ${baseUrl}${code ? `#code=${code}` : ''}`);
    println(ctx.stdout, `window: ${windowReason}`);
  } else {
    // The window gets its own one-time code; stdout (often kept in a journal) gets none.
    println(ctx.stdout, `ready: ${baseUrl}`);
    const code = await supervisor.issueBootstrapCode();
    const flags = kioskFlags({ url: `${baseUrl}#code=${code ?? ''}`, userDataDir: path.join(ctx.dataDir, 'chromium'), runningAsRoot: process.getuid?.() === 0 });
    browser = spawn(chromium, flags, { stdio: 'ignore' });
    browser.on('error', (e) => println(ctx.stderr, `window: Chromium failed to start: ${e.message}`));
    println(ctx.stdout, `window: ${chromium} --kiosk`);
  }

  await untilAborted(ctx.signal);
  browser?.kill('SIGTERM');
  await supervisor.stop();
  fs.rmSync(pidFile, { force: true });
  println(ctx.stdout, 'stopped');
  return 0;
}

const coreCommand: CliCommand = {
  path: ['core'],
  summary: 'Runs the core process (started by a shell, which sends the token over IPC; run by hand it makes its own).',
  usage: '--port N [--profile NAME] [--no-static]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, profile: { type: 'string' }, 'no-static': { type: 'boolean' } });
    if (!parsed.ok) {
      println(ctx.stderr, parsed.error);
      return 2;
    }
    const port = intOption(parsed.value.values.port as string | undefined, 'port', 0);
    if (!port.ok) {
      println(ctx.stderr, port.error);
      return 2;
    }
    // Files the core creates (database, WAL, logs, journals, PDFs) are 0600, folders 0700.
    process.umask(0o077);
    const channel = parentChannel();
    try {
      return await runCore({ port: port.value, profile: (parsed.value.values.profile as string | undefined) ?? 'demo', serveRenderer: !parsed.value.values['no-static'] }, channel, ctx);
    } finally {
      channel?.close();
    }
  },
};

async function runCore(options: { port: number; profile: string; serveRenderer: boolean }, channel: ParentChannel | undefined, ctx: CliContext): Promise<number> {
  const stopping = new AbortController();
  // Fleet restarts (docs/fleet.md: config swaps and rollbacks, the restartCore command): the
  // core stops gracefully and exits with EXIT_RESTART; its supervisor starts it again.
  const restart = new AbortController();
  restart.signal.addEventListener('abort', () => stopping.abort(), { once: true });
  ctx.signal.addEventListener('abort', () => stopping.abort(), { once: true });
  let launch: CoreLaunchMessage | undefined;
  if (channel) {
    // An orphaned core (its shell killed) would hold the data directory and the port forever.
    channel.onDisconnect(() => stopping.abort());
    launch = await waitForLaunch(channel, stopping.signal);
    if (!launch) {
      println(ctx.stderr, `no launch message from the shell within ${LAUNCH_MESSAGE_TIMEOUT_MS} ms`);
      return 2;
    }
  }
  // Loaded here, not at the top: the supervisor (`start`) stays small and starts fast.
  const { createKioskCore } = await import('../../core/createKioskCore');
  const { suppliedKeyProvider } = await import('../../core/crypto/KeyProvider');
  const { startApiServer } = await import('../../server/ApiServer');
  let core: Awaited<ReturnType<typeof createKioskCore>>;
  try {
    core = await createKioskCore({
      dataDir: ctx.dataDir,
      profile: options.profile,
      logger: { toStderr: Boolean(ctx.env.BUDAYANG_LOG_STDERR) },
      ...(launch?.dataKey ? { keyProvider: suppliedKeyProvider(Buffer.from(launch.dataKey, 'base64'), 'safeStorage') } : {}),
      requestRestart: () => restart.abort(),
    });
  } catch (e) {
    channel?.send({ type: 'startFailed', reason: (e as Error).message });
    throw e;
  }
  const server = await startApiServer({
    router: core.router,
    log: core.log.child('server'),
    port: options.port,
    ...(launch ? { token: launch.token } : {}),
    ...(options.serveRenderer ? { staticDir: RENDERER_DIR } : {}),
  });
  core.log.info('core.ready', { port: server.port });
  if (channel) {
    channel.onMessage((message) => {
      if (message.type === 'issueBootstrapCode') channel.send({ type: 'bootstrapCode', requestId: message.requestId, code: server.issueBootstrapCode() });
    });
    channel.send({ type: 'ready', port: server.port });
  } else {
    // Run by hand: the URL carries a one-time code, not the token.
    println(ctx.stdout, `ready: ${server.launchUrl()}`);
  }
  await untilAborted(stopping.signal);
  await server.close();
  await core.stop();
  return restart.signal.aborted && !ctx.signal.aborted ? EXIT_RESTART : 0;
}

/** The core's exit code when it stopped to be restarted (EX_TEMPFAIL); every supervisor restarts on any exit. */
export const EXIT_RESTART = 75;

/** Asks the shell for the launch message and waits for it (or the timeout, or a stop). */
function waitForLaunch(channel: ParentChannel, signal: AbortSignal): Promise<CoreLaunchMessage | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), LAUNCH_MESSAGE_TIMEOUT_MS);
    signal.addEventListener('abort', () => resolve(undefined), { once: true });
    channel.onMessage((message) => {
      if (message.type !== 'launch') return;
      clearTimeout(timer);
      resolve(message);
    });
    channel.send({ type: 'awaitingLaunch' });
  });
}

export const startCommands: readonly CliCommand[] = [startCommand, coreCommand];
