// `budayang start`: starts the kiosk in the Electron shell when its binary is present, else in
// the browser shell (core process + Chromium in kiosk mode). A packaged install runs the profile
// and data directory of its site config, or the technician's setup screen when it has none
// (src-main/shell/siteConfig.ts). `budayang core` is the core process itself, started by a shell;
// it is not meant to be run by hand.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src-common/logging';
import { CoreSupervisor } from '../../shell/CoreSupervisor';
import { LAUNCH_MESSAGE_TIMEOUT_MS, parentChannel, type CoreLaunchMessage, type ParentChannel, type ShellToCoreMessage } from '../../shell/coreChannel';
import type { AppInstaller, AppInstallerAnswers } from '../../core/updates/appUpdateModule';
import { findChromium, hasDisplay, kioskFlags } from '../../shell/browser/chromium';
import { startStartingPage } from '../../shell/browser/startingPage';
import { INSTALL_ROOT_ENV, planLaunch, SetupProblem, setupFragment, type LaunchPlan } from '../../shell/siteConfig';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { findElectronBinary } from '../electronBinary';
import { BUDAYANG_BIN, PACKAGE_ROOT, runsPackaged } from '../packageRoot';

export const RENDERER_DIR = path.join(PACKAGE_ROOT, 'dist', 'renderer');
const BIN = BUDAYANG_BIN;
/** The running core's pid, written by the browser shell for tools and tests. */
export const CORE_PID_FILE = 'core.pid';
/** How often the setup screen looks for the site config a technician is installing. */
export const SETUP_RECHECK_MS = 3_000;

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
  summary: 'Starts the kiosk: Electron when its binary is installed, else the browser shell (core + Chromium). Packaged: the site config decides.',
  usage: '[--shell electron|browser] [--headless | --headless-window] [--port N] [--profile NAME]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, {
      shell: { type: 'string' },
      headless: { type: 'boolean' },
      'headless-window': { type: 'boolean' },
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
    const requestedProfile = values.profile as string | undefined;
    const plan = () => planLaunch({ packaged: runsPackaged(ctx.env), requestedDataDir: ctx.dataDir, env: ctx.env, ...(requestedProfile !== undefined ? { requestedProfile } : {}) });
    const first = plan();
    if (first.kind === 'refuse') {
      println(ctx.stderr, first.message);
      return 2;
    }
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
      // The Electron main makes the same launch plan itself (src-main/shell/electron/main.ts).
      return runElectron(electron, first.kind === 'run' ? first.profile : undefined, Boolean(values.headless), ctx);
    }
    println(ctx.stdout, `shell: browser${electron ? '' : ' (no Electron binary installed)'}`);
    const windowOptions = { port: port.value, headless: Boolean(values.headless), headlessWindow: Boolean(values['headless-window']) };
    if (first.kind === 'setup') return runSetupScreen(first, windowOptions, plan, ctx);
    println(ctx.stdout, `profile: ${first.profile}${first.origin === 'siteConfig' ? ' (site config)' : ''}`);
    return runBrowserShell({ ...windowOptions, profile: first.profile }, ctx);
  },
};

async function runElectron(binary: string, profile: string | undefined, headless: boolean, ctx: CliContext): Promise<number> {
  const main = path.join(PACKAGE_ROOT, 'dist', 'shell', 'electron', 'main.cjs');
  const child = spawn(binary, [main], {
    stdio: 'inherit',
    env: { ...ctx.env, BUDAYANG_DATA: ctx.dataDir, ...(profile ? { BUDAYANG_PROFILE: profile } : {}), ...(headless ? { BUDAYANG_HEADLESS: '1' } : {}) },
  });
  ctx.signal.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/** The browser shell's window on the core's page: Chromium in kiosk mode, or none (headless, the URL printed). */
interface ShellWindow {
  /** The core is ready: show its page at `baseUrl` + `fragment(code)` (a fresh one-time code when it needs one). */
  showKiosk(supervisor: CoreSupervisor, baseUrl: string): Promise<void>;
  close(): void;
}

interface WindowOptions {
  readonly headless: boolean;
  /** Chromium headless with a DevTools port (`<userDataDir>/DevToolsActivePort`): the window as tests and benchmarks drive it. */
  readonly headlessWindow: boolean;
  readonly userDataDir: string;
  readonly needsCode: boolean;
  /** The address fragment from a fresh one-time code (or none). */
  readonly fragment: (code: string | undefined) => string;
}

/**
 * Opens the window before the core is up (docs/shell-and-server.md, "Boot speed"): Chromium starts
 * on the shell's starting page while the core starts, and goes to the kiosk once it is ready.
 * Without Chromium or a display, someone opens the printed URL (headless, its code in the line).
 */
async function openWindow(options: WindowOptions, ctx: CliContext): Promise<ShellWindow> {
  const chromium = findChromium(ctx.env);
  const windowReason = options.headless
    ? `none (--headless); open the URL above${options.needsCode ? ' (its one-time code works once)' : ''}`
    : !chromium
      ? 'none (Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH); serving headless'
      : !hasDisplay(ctx.env) && !options.headlessWindow
        ? 'none (no DISPLAY or WAYLAND_DISPLAY); serving headless'
        : undefined;
  const issueCode = (supervisor: CoreSupervisor) => (options.needsCode ? supervisor.issueBootstrapCode() : Promise.resolve(undefined));
  if (windowReason !== undefined || !chromium) {
    return {
      async showKiosk(supervisor, baseUrl) {
        // Someone has to open the page: the URL carries a one-time code, useless once used or expired.
        println(ctx.stdout, `ready: ${baseUrl}${options.fragment(await issueCode(supervisor))}`);
        println(ctx.stdout, `window: ${windowReason}`);
      },
      close: () => undefined,
    };
  }
  const starting = await startStartingPage();
  const flags = kioskFlags({ url: starting.url, userDataDir: options.userDataDir, runningAsRoot: process.getuid?.() === 0, headless: options.headlessWindow });
  if (options.headlessWindow) flags.push('--remote-debugging-port=0');
  const browser: ChildProcess = spawn(chromium, flags, { stdio: 'ignore' });
  browser.on('error', (e) => println(ctx.stderr, `window: Chromium failed to start: ${e.message}`));
  println(ctx.stdout, `window: ${chromium} --kiosk${options.headlessWindow ? ' (headless, DevTools port in its DevToolsActivePort)' : ''}`);
  return {
    async showKiosk(supervisor, baseUrl) {
      // The window gets its own one-time code per page load; stdout (often kept in a journal) gets none.
      starting.handOver(async () => `${baseUrl}${options.fragment(await issueCode(supervisor))}`);
      println(ctx.stdout, `ready: ${baseUrl}`);
    },
    close: () => {
      browser.kill('SIGTERM');
      void starting.close();
    },
  };
}

function rendererBuilt(ctx: CliContext): boolean {
  if (fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return true;
  println(ctx.stderr, `renderer not built (${RENDERER_DIR}); run: npm run build`);
  return false;
}

async function runBrowserShell(options: { port: number; profile: string; headless: boolean; headlessWindow: boolean }, ctx: CliContext): Promise<number> {
  // Everything this shell and its core create in the data directory is the kiosk user's alone.
  process.umask(0o077);
  if (!rendererBuilt(ctx)) return 1;
  const port = options.port || (await freePort());
  // The session token lives in this process and in the core's memory only; the core gets it over IPC.
  const token = randomBytes(32).toString('hex');
  fs.mkdirSync(ctx.dataDir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(ctx.dataDir, CORE_PID_FILE);
  // Started by `budayang launch`: the launcher restarts (and counts starts of a release on trial).
  const launched = Boolean(ctx.env[INSTALL_ROOT_ENV]);
  let coreGone: (code: number) => void = () => undefined;
  const gone = new Promise<number>((resolve) => (coreGone = resolve));
  const supervisor = new CoreSupervisor({
    exitWithCore: launched,
    onGone: ({ code, signal }) => {
      println(ctx.stderr, `core: exited (code ${code}, signal ${signal}); the launcher starts it again`);
      coreGone(code ?? 1);
    },
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
  const window = await openWindow({ headless: options.headless, headlessWindow: options.headlessWindow, userDataDir: path.join(ctx.dataDir, 'chromium'), needsCode: true, fragment: (code) => (code ? `#code=${code}` : '') }, ctx);
  // A failed first start (the data directory still locked by a core that is shutting down, a
  // device not yet enumerated after a power cut…) is retried with backoff, never given up.
  if (!(await supervisor.start())) {
    window.close();
    if (launched && !ctx.signal.aborted) return gone;
    println(ctx.stdout, 'stopped');
    return 0;
  }
  await window.showKiosk(supervisor, `http://127.0.0.1:${port}/`);
  const exitCode = await Promise.race([untilAborted(ctx.signal).then(() => undefined), gone]);
  window.close();
  if (exitCode !== undefined) {
    fs.rmSync(pidFile, { force: true });
    return exitCode;
  }
  await supervisor.stop();
  fs.rmSync(pidFile, { force: true });
  println(ctx.stdout, 'stopped');
  return 0;
}

/**
 * A packaged kiosk without a usable site config: a core that only serves the renderer shows the
 * technician's setup screen (what to install, where; no secret). The site config is looked for
 * again every few seconds; once it is usable the shell exits with EXIT_RESTART and its watchdog
 * (the launcher, systemd, the Windows task) starts the kiosk.
 */
async function runSetupScreen(setup: Extract<LaunchPlan, { kind: 'setup' }>, options: { port: number; headless: boolean; headlessWindow: boolean }, replan: () => LaunchPlan, ctx: CliContext): Promise<number> {
  process.umask(0o077);
  println(ctx.stdout, `setup: ${setup.problem}: ${setup.detail}`);
  if (!rendererBuilt(ctx)) return 1;
  const port = options.port || (await freePort());
  const token = randomBytes(32).toString('hex');
  const supervisor = new CoreSupervisor({
    script: BIN,
    args: () => ['core', '--port', String(port), '--setup', setup.problem],
    env: ctx.env,
    launch: () => ({ type: 'launch', token }),
    onExit: ({ code, signal, restartInMs }) => println(ctx.stderr, `setup screen: exited (code ${code}, signal ${signal}); restarting in ${restartInMs} ms`),
  });
  ctx.signal.addEventListener('abort', () => void supervisor.stop(), { once: true });
  const window = await openWindow({ headless: options.headless, headlessWindow: options.headlessWindow, userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-setup-')), needsCode: false, fragment: () => setupFragment(setup.problem, setup.siteConfigPath) }, ctx);
  if (!(await supervisor.start())) {
    window.close();
    println(ctx.stdout, 'stopped');
    return 0;
  }
  await window.showKiosk(supervisor, `http://127.0.0.1:${port}/`);
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      if (replan().kind !== 'run') return;
      clearInterval(timer);
      resolve(true);
    }, SETUP_RECHECK_MS);
    ctx.signal.addEventListener('abort', () => {
      clearInterval(timer);
      resolve(false);
    }, { once: true });
  });
  window.close();
  await supervisor.stop();
  if (!ready) {
    println(ctx.stdout, 'stopped');
    return 0;
  }
  println(ctx.stdout, 'setup: the site config is usable now; restarting into the kiosk');
  return EXIT_RESTART;
}

const coreCommand: CliCommand = {
  path: ['core'],
  summary: 'Runs the core process (started by a shell, which sends the token over IPC; run by hand it makes its own).',
  usage: '--port N [--profile NAME] [--no-static] [--setup PROBLEM]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, profile: { type: 'string' }, 'no-static': { type: 'boolean' }, setup: { type: 'string' } });
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
      const setup = parsed.value.values.setup as string | undefined;
      if (setup !== undefined) {
        const problem = SetupProblem.safeParse(setup);
        if (!problem.success) {
          println(ctx.stderr, `--setup must be one of ${SetupProblem.options.join(', ')}, got "${setup}"`);
          return 2;
        }
        return await runSetupCore(port.value, channel, ctx);
      }
      return await runCore({ port: port.value, profile: (parsed.value.values.profile as string | undefined) ?? 'demo', serveRenderer: !parsed.value.values['no-static'] }, channel, ctx);
    } finally {
      channel?.close();
    }
  },
};

/** The setup screen's server: the renderer's files and no API at all (nothing to reach, nothing to leak). */
async function runSetupCore(port: number, channel: ParentChannel | undefined, ctx: CliContext): Promise<number> {
  const stopping = new AbortController();
  ctx.signal.addEventListener('abort', () => stopping.abort(), { once: true });
  if (channel) {
    channel.onDisconnect(() => stopping.abort());
    if (!(await waitForLaunch(channel, stopping.signal))) return 2;
  }
  const { ApiRouter } = await import('../../core/api/ApiRouter');
  const { startApiServer } = await import('../../server/ApiServer');
  const server = await startApiServer({ router: new ApiRouter(silentLogger), log: silentLogger, port, staticDir: RENDERER_DIR });
  if (channel) channel.send({ type: 'ready', port: server.port });
  else println(ctx.stdout, `ready: ${server.url}`);
  await untilAborted(stopping.signal);
  await server.close();
  return 0;
}

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
  const { newTechnicianCredential, writeControlEndpoint, removeControlEndpoint } = await import('../../core/diagnostics/controlEndpoint');
  const { coreModules } = await import('../../core/modules');
  const { createAppUpdateModule } = await import('../../core/updates/appUpdateModule');
  // The shell installs app releases (Electron): the core's steps go out on the channel, its answers come back.
  const installer = channel && launch?.appInstaller === 'electron' ? shellInstaller(channel) : undefined;
  // The browser shell under its launcher: this core installs into the versioned install root itself.
  const installRoot = installer ? undefined : ctx.env[INSTALL_ROOT_ENV];
  const { versionedInstaller, BROWSER_SHELL_MANIFEST } = await import('../../core/updates/versionedInstaller');
  const versioned = installRoot ? versionedInstaller({ root: installRoot, requestRestart: () => restart.abort(), log: (event, detail) => println(ctx.stderr, `${event}: ${detail}`) }) : undefined;
  const pollMs = Number(ctx.env[APP_UPDATE_POLL_ENV]);
  const poll = Number.isSafeInteger(pollMs) && pollMs > 0 ? { pollMs } : {};
  const updates = installer ? createAppUpdateModule({ installer: installer.port, ...poll }) : versioned ? createAppUpdateModule({ installer: versioned, manifestFile: BROWSER_SHELL_MANIFEST, ...poll }) : undefined;
  let core: Awaited<ReturnType<typeof createKioskCore>>;
  try {
    core = await createKioskCore({
      dataDir: ctx.dataDir,
      profile: options.profile,
      logger: { toStderr: Boolean(ctx.env.BUDAYANG_LOG_STDERR) },
      ...(launch?.dataKey ? { keyProvider: suppliedKeyProvider(Buffer.from(launch.dataKey, 'base64'), 'safeStorage') } : {}),
      requestRestart: () => restart.abort(),
      ...(updates ? { modules: coreModules.map((m) => (m.name === 'appUpdates' ? updates : m)) } : {}),
    });
  } catch (e) {
    channel?.send({ type: 'startFailed', reason: (e as Error).message });
    throw e;
  }
  const technicianToken = newTechnicianCredential();
  const server = await startApiServer({
    router: core.router,
    log: core.log.child('server'),
    port: options.port,
    ...(launch ? { token: launch.token } : {}),
    technicianToken,
    ...(options.serveRenderer ? { staticDir: RENDERER_DIR } : {}),
  });
  // The CLI's door to this core (docs/technicians.md): a new credential at every start.
  writeControlEndpoint(ctx.dataDir, { port: server.port, credential: technicianToken, pid: process.pid, startedAt: new Date().toISOString() });
  core.log.info('core.ready', { port: server.port });
  if (channel) {
    channel.onMessage((message) => {
      if (message.type === 'issueBootstrapCode') channel.send({ type: 'bootstrapCode', requestId: message.requestId, code: server.issueBootstrapCode() });
      installer?.answer(message);
    });
    channel.send({ type: 'ready', port: server.port });
  } else {
    // Run by hand: the URL carries a one-time code, not the token.
    println(ctx.stdout, `ready: ${server.launchUrl()}`);
  }
  await untilAborted(stopping.signal);
  removeControlEndpoint(ctx.dataDir);
  await server.close();
  await core.stop();
  return restart.signal.aborted && !ctx.signal.aborted ? EXIT_RESTART : 0;
}

/** How often (ms) the app updater looks for a release and a safe point (default 5 s); tests shorten it. */
export const APP_UPDATE_POLL_ENV = 'BUDAYANG_APP_UPDATE_POLL_MS';

/** The core's exit code when it stopped to be restarted (EX_TEMPFAIL); every supervisor restarts on any exit. */
export const EXIT_RESTART = 75;

/** The Electron shell's installer as the core sees it: steps sent on the channel, download answers relayed back. */
function shellInstaller(channel: ParentChannel): { readonly port: AppInstaller; answer(message: ShellToCoreMessage): void } {
  let answers: AppInstallerAnswers | undefined;
  return {
    port: {
      connect: (a) => void (answers = a),
      download: (release) => channel.send({ type: 'appUpdateDownload', version: release.version, files: release.files.map((f) => ({ url: f.url, sha512: f.sha512 })), feedUrl: release.feedUrl }),
      install: (version) => channel.send({ type: 'appUpdateInstall', version }),
      rollBack: (kept) => channel.send({ type: 'appUpdateRollBack', version: kept.version, installerPath: kept.path }),
    },
    answer: (message) => {
      if (message.type === 'appUpdateDownloaded') answers?.downloaded(message.version, message.installerPath);
      if (message.type === 'appUpdateDownloadFailed') answers?.downloadFailed(message.version, message.reason, message.detail);
    },
  };
}

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
