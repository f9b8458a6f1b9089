// The Electron shell (design.md §1): single instance, a locked-down kiosk window, the core
// forked as a utilityProcess and restarted with backoff (its first start included), the renderer
// reloaded when it dies, and the display kept awake. The shell never touches devices or the
// database. Secrets (the session token, the data key unwrapped with safeStorage) reach the core
// only over the utilityProcess port; the renderer gets one-time bootstrap codes via the preload.
// This file is the thin seam: every decision is a plain module beside it, unit-tested without
// the binary (coreLaunch, webContentsGuard, processGone, policy, wrappedDataKey).
import { app, BrowserWindow, ipcMain, powerSaveBlocker, safeStorage, session, utilityProcess, type UtilityProcess } from 'electron';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { CORE_RESTART_POLICY, nextRestart } from '../../../src-common/backoff';
import { CoreToShellMessage, type CoreLaunchMessage } from '../coreChannel';
import { defaultSiteConfigPath, PACKAGED_ENV, readProfileMode, readSiteConfig } from '../siteConfig';
import { electronAppUpdater } from './appUpdater';
import { coreLaunchFor, planElectronLaunch } from './coreLaunch';
import { BOOTSTRAP_CODE_CHANNEL, isEscapeShortcut, kioskWindowOptions, mayRequestBootstrapCode } from './policy';
import { type GoneAction, type GoneReason, ProcessGoneTracker, relaunchArgs, restartMethod, SOFTWARE_RENDERING_SWITCH } from './processGone';
import { guardSession, guardWebContents } from './webContentsGuard';
import { loadDataKey } from './wrappedDataKey';

const PACKAGED = app.isPackaged || process.env[PACKAGED_ENV] === '1';
const PRODUCTION = app.isPackaged && process.env.BUDAYANG_DEV !== '1';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORE_SCRIPT = path.join(ROOT, 'bin', 'budayang.mjs');
/** How long the preload waits for the core to issue a code. */
const CODE_REQUEST_TIMEOUT_MS = 5_000;
/** How often the setup screen looks for the site config again. */
const SETUP_RECHECK_MS = 3_000;
const SOFTWARE_RENDERING = process.argv.includes(SOFTWARE_RENDERING_SWITCH);

function planLaunch() {
  const siteConfigPath = defaultSiteConfigPath(process.platform, process.env);
  const site = PACKAGED ? readSiteConfig(siteConfigPath) : ({ kind: 'missing' } as const);
  return planElectronLaunch({ packaged: PACKAGED, env: process.env, siteConfigPath, site, ...(site.kind === 'found' ? { profileMode: readProfileMode(site.config.profile) } : {}) });
}

/** Starts the whole app again: through its watchdog when it has one, else by itself. */
function relaunch(softwareRendering: boolean): void {
  const method = restartMethod(process.env);
  if (method.kind === 'exitForWatchdog') {
    app.exit(method.exitCode);
    return;
  }
  app.relaunch({ args: relaunchArgs(process.argv.slice(1), softwareRendering) });
  app.exit(0);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function log(event: string, detail = ''): void {
  process.stderr.write(`electron-main: ${event}${detail ? ` ${detail}` : ''}\n`);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  process.umask(0o077);
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  if (SOFTWARE_RENDERING) app.disableHardwareAcceleration();
  // Every web contents, from the first one on, is guarded; until the core's origin is known nothing may load.
  let coreOrigin: string | undefined;
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, () => coreOrigin, (what) => log('refused', what)));
  await app.whenReady();
  guardSession(session.defaultSession, () => coreOrigin, (what) => log('refused', what));

  const port = await freePort();
  const token = randomBytes(32).toString('hex');
  const origin = `http://127.0.0.1:${port}`;
  coreOrigin = origin;
  const coreLaunch = coreLaunchFor(planLaunch(), port);
  if (coreLaunch.kind === 'refuse') {
    log('launch_refused', coreLaunch.message);
    app.exit(2);
    return;
  }
  const launch: CoreLaunchMessage = { type: 'launch', token };
  if (coreLaunch.kind === 'kiosk') {
    // safeStorage works only once the app is ready.
    const dataKey = loadDataKey(coreLaunch.dataDir, safeStorage);
    if (!dataKey.ok) log('data_key_unavailable', dataKey.error);
    else if (dataKey.value.kind === 'keyFile') log('data_key_file', dataKey.value.reason);
    else {
      launch.dataKey = dataKey.value.key.toString('base64');
      for (const note of dataKey.value.notes) log('data_key', note);
    }
  } else {
    log('setup', coreLaunch.detail);
    // The site config is looked for again; once usable, the app starts again into the kiosk.
    setInterval(() => {
      if (planLaunch().kind === 'run') relaunch(SOFTWARE_RENDERING);
    }, SETUP_RECHECK_MS);
  }
  const pageUrl = `${origin}/${coreLaunch.kind === 'setup' ? coreLaunch.fragment : ''}`;

  let core: UtilityProcess | undefined;
  // Packaged kiosks only: the core decides every step (src-main/core/updates/AppUpdater.ts).
  const updater = app.isPackaged && coreLaunch.kind === 'kiosk' ? electronAppUpdater({ dataDir: coreLaunch.dataDir, send: (message) => core?.postMessage(message), log }) : undefined;
  let attempt = 0;
  let quitting = false;
  let nextRequestId = 1;
  const pendingCodes = new Map<number, (code: string | undefined) => void>();

  const startCore = () => {
    const startedAt = Date.now();
    const child = utilityProcess.fork(CORE_SCRIPT, [...coreLaunch.args], {
      serviceName: 'budayang-core',
      stdio: 'inherit',
    });
    core = child;
    child.on('message', (raw: unknown) => {
      const parsed = CoreToShellMessage.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'awaitingLaunch':
          child.postMessage(launch);
          return;
        case 'ready':
          if (window.webContents.getURL() === '') void window.loadURL(pageUrl);
          return;
        case 'bootstrapCode':
          pendingCodes.get(message.requestId)?.(message.code);
          return;
        case 'startFailed':
          log('core_start_failed', message.reason);
          return;
        case 'appUpdateDownload':
          void updater?.download(message);
          return;
        case 'appUpdateInstall':
          updater?.install(message.version);
          return;
        case 'appUpdateRollBack':
          updater?.rollBack(message.installerPath);
          return;
        default: {
          const unreachable: never = message;
          throw new Error(`unknown core message ${JSON.stringify(unreachable)}`);
        }
      }
    });
    child.on('exit', () => {
      for (const settle of pendingCodes.values()) settle(undefined);
      if (quitting) return;
      const next = nextRestart(CORE_RESTART_POLICY, attempt, Date.now() - startedAt);
      attempt = next.attempt;
      setTimeout(startCore, next.delayMs);
    });
  };

  ipcMain.handle(BOOTSTRAP_CODE_CHANNEL, (event) => {
    if (coreLaunch.kind !== 'kiosk' || !mayRequestBootstrapCode(event.senderFrame?.url, origin) || !core) return undefined;
    const requestId = nextRequestId++;
    const target = core;
    return new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => settle(undefined), CODE_REQUEST_TIMEOUT_MS);
      const settle = (code: string | undefined) => {
        clearTimeout(timer);
        pendingCodes.delete(requestId);
        resolve(code);
      };
      pendingCodes.set(requestId, settle);
      target.postMessage({ type: 'issueBootstrapCode', requestId });
    });
  });

  const window = new BrowserWindow(
    kioskWindowOptions({
      preloadPath: path.join(__dirname, 'preload.cjs'),
      production: PRODUCTION,
      headless: process.env.BUDAYANG_HEADLESS === '1',
    }),
  );
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    if (isEscapeShortcut(input, PRODUCTION)) event.preventDefault();
  });
  const gone = new ProcessGoneTracker(() => Date.now(), SOFTWARE_RENDERING);
  const act = (action: GoneAction) => {
    switch (action.kind) {
      case 'ignore':
        log('process_gone', action.note);
        return;
      case 'reload':
        log('renderer_gone', `reloading in ${action.delayMs} ms`);
        setTimeout(() => (contents.getURL() === '' ? void window.loadURL(pageUrl) : contents.reload()), action.delayMs);
        return;
      case 'relaunch':
        log('relaunch', action.note);
        relaunch(action.softwareRendering);
        return;
      case 'exitFailed':
        // A damaged app: exit as a failed boot, so the watchdog's boot count can go back a version.
        log('exit_failed', action.note);
        app.exit(1);
        return;
      default: {
        const never: never = action;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  };
  contents.on('render-process-gone', (_event, details) => act(gone.rendererGone(details.reason as GoneReason)));
  app.on('child-process-gone', (_event, details) => act(gone.childGone(details.type, details.reason as GoneReason, details.serviceName)));
  contents.on('unresponsive', () => contents.forcefullyCrashRenderer());
  if (PRODUCTION) contents.on('devtools-opened', () => contents.closeDevTools());

  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  app.on('second-instance', () => window.focus());
  app.on('before-quit', () => {
    quitting = true;
    powerSaveBlocker.stop(blocker);
    core?.kill();
  });
  app.on('window-all-closed', () => app.quit());
  startCore();
}

void main();
