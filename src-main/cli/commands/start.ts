// `budayang start`: starts the kiosk in the Electron shell when its binary is present, else in
// the browser shell (core process + Chromium in kiosk mode). `budayang core` is the core
// process itself, started by a shell; it is not meant to be run by hand.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreSupervisor } from '../../shell/CoreSupervisor';
import { findChromium, hasDisplay, kioskFlags } from '../../shell/browser/chromium';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { findElectronBinary } from '../electronBinary';

const PACKAGE_ROOT = findPackageRoot();

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  return dir;
}

export const RENDERER_DIR = path.join(PACKAGE_ROOT, 'dist', 'renderer');
const BIN = path.join(PACKAGE_ROOT, 'bin', 'budayang.mjs');

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
  const port = options.port || (await freePort());
  const token = randomBytes(32).toString('hex');
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    println(ctx.stderr, `renderer not built (${RENDERER_DIR}); run: npm run build`);
    return 1;
  }
  const supervisor = new CoreSupervisor({
    script: BIN,
    args: ['core', '--port', String(port), '--profile', options.profile, '--data', ctx.dataDir],
    env: { ...ctx.env, BUDAYANG_TOKEN: token },
    onReady: ({ pid, restarts }) => {
      fs.writeFileSync(path.join(ctx.dataDir, 'core.pid'), String(pid));
      if (restarts > 0) println(ctx.stdout, `core: restarted (pid ${pid}, restart ${restarts})`);
    },
    onExit: ({ code, signal, restartInMs }) => println(ctx.stderr, `core: exited (code ${code}, signal ${signal}); restarting in ${restartInMs} ms`),
  });
  fs.mkdirSync(ctx.dataDir, { recursive: true, mode: 0o700 });
  try {
    await supervisor.start();
  } catch (e) {
    println(ctx.stderr, `core failed to start: ${(e as Error).message}`);
    return 1;
  }
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  println(ctx.stdout, `ready: ${url}`);

  let browser: ChildProcess | undefined;
  const chromium = findChromium(ctx.env);
  if (options.headless) {
    println(ctx.stdout, 'window: none (--headless); open the URL above');
  } else if (!chromium) {
    println(ctx.stdout, 'window: none (Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH); serving headless');
  } else if (!hasDisplay(ctx.env)) {
    println(ctx.stdout, 'window: none (no DISPLAY or WAYLAND_DISPLAY); serving headless');
  } else {
    const flags = kioskFlags({ url, userDataDir: path.join(ctx.dataDir, 'chromium'), runningAsRoot: process.getuid?.() === 0 });
    browser = spawn(chromium, flags, { stdio: 'ignore' });
    browser.on('error', (e) => println(ctx.stderr, `window: Chromium failed to start: ${e.message}`));
    println(ctx.stdout, `window: ${chromium} --kiosk`);
  }

  await untilAborted(ctx.signal);
  browser?.kill('SIGTERM');
  await supervisor.stop();
  fs.rmSync(path.join(ctx.dataDir, 'core.pid'), { force: true });
  println(ctx.stdout, 'stopped');
  return 0;
}

const coreCommand: CliCommand = {
  path: ['core'],
  summary: 'Runs the core process (started by a shell; the token comes in $BUDAYANG_TOKEN).',
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
    const token = ctx.env.BUDAYANG_TOKEN;
    if (!token || token.length < 32) {
      println(ctx.stderr, 'BUDAYANG_TOKEN (at least 32 characters) must be set by the shell that starts the core');
      return 2;
    }
    // Loaded here, not at the top: the supervisor (`start`) stays small and starts fast.
    const { createKioskCore } = await import('../../core/createKioskCore');
    const { startApiServer } = await import('../../server/ApiServer');
    // Fleet restarts (docs/fleet.md: config swaps and rollbacks, the restartCore command): the
    // core stops gracefully and exits with EXIT_RESTART; its supervisor starts it again.
    const restart = new AbortController();
    const core = await createKioskCore({
      dataDir: ctx.dataDir,
      profile: (parsed.value.values.profile as string | undefined) ?? 'demo',
      logger: { toStderr: Boolean(ctx.env.BUDAYANG_LOG_STDERR) },
      requestRestart: () => restart.abort(),
    });
    const server = await startApiServer({
      router: core.router,
      log: core.log.child('server'),
      port: port.value,
      token,
      ...(parsed.value.values['no-static'] ? {} : { staticDir: RENDERER_DIR }),
    });
    core.log.info('core.ready', { port: server.port });
    // Under the browser shell the supervisor listens on IPC; under Electron, a utilityProcess
    // parent listens on process.parentPort; run by hand, the URL is printed.
    const parentPort = (process as unknown as { parentPort?: { postMessage(message: unknown): void } }).parentPort;
    const ready = { type: 'ready', port: server.port };
    if (process.send) process.send(ready);
    else if (parentPort) parentPort.postMessage(ready);
    else println(ctx.stdout, `ready: ${server.launchUrl}`);
    await Promise.race([untilAborted(ctx.signal), untilAborted(restart.signal)]);
    await server.close();
    await core.stop();
    return restart.signal.aborted && !ctx.signal.aborted ? EXIT_RESTART : 0;
  },
};

/** The core's exit code when it stopped to be restarted (EX_TEMPFAIL); every supervisor restarts on any exit. */
export const EXIT_RESTART = 75;

export const startCommands: readonly CliCommand[] = [startCommand, coreCommand];
