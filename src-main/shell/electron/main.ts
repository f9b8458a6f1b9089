// The Electron shell (design.md §1): single instance, a locked-down kiosk window, the core
// forked as a utilityProcess and restarted with backoff (its first start included), the renderer
// reloaded when it dies, and the display kept awake. The shell never touches devices or the
// database. Secrets (the session token, the data key unwrapped with safeStorage) reach the core
// only over the utilityProcess port; the renderer gets one-time bootstrap codes via the preload.
import { app, BrowserWindow, ipcMain, powerSaveBlocker, safeStorage, session, utilityProcess, type UtilityProcess } from 'electron';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CORE_RESTART_POLICY, nextRestart } from '../../../src-common/backoff';
import { CoreToShellMessage, type CoreLaunchMessage } from '../coreChannel';
import { BOOTSTRAP_CODE_CHANNEL, isEscapeShortcut, isNavigationAllowed, isPermissionGranted, kioskWindowOptions, mayRequestBootstrapCode } from './policy';
import { loadDataKey } from './wrappedDataKey';

const PRODUCTION = app.isPackaged && process.env.BUDAYANG_DEV !== '1';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORE_SCRIPT = path.join(ROOT, 'bin', 'budayang.mjs');
const DATA_DIR = path.resolve(process.env.BUDAYANG_DATA ?? path.join(os.homedir(), '.budayang'));
/** How long the preload waits for the core to issue a code. */
const CODE_REQUEST_TIMEOUT_MS = 5_000;

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
  await app.whenReady();

  const port = await freePort();
  const token = randomBytes(32).toString('hex');
  const coreOrigin = `http://127.0.0.1:${port}`;
  // safeStorage works only once the app is ready.
  const dataKey = loadDataKey(DATA_DIR, safeStorage);
  const launch: CoreLaunchMessage = { type: 'launch', token };
  if (!dataKey.ok) log('data_key_unavailable', dataKey.error);
  else if (dataKey.value.kind === 'keyFile') log('data_key_file', dataKey.value.reason);
  else {
    launch.dataKey = dataKey.value.key.toString('base64');
    for (const note of dataKey.value.notes) log('data_key', note);
  }

  let core: UtilityProcess | undefined;
  let attempt = 0;
  let quitting = false;
  let nextRequestId = 1;
  const pendingCodes = new Map<number, (code: string | undefined) => void>();

  const startCore = () => {
    const startedAt = Date.now();
    const child = utilityProcess.fork(CORE_SCRIPT, ['core', '--port', String(port), '--profile', process.env.BUDAYANG_PROFILE ?? 'demo', '--data', DATA_DIR], {
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
          if (window.webContents.getURL() === '') void window.loadURL(`${coreOrigin}/`);
          return;
        case 'bootstrapCode':
          pendingCodes.get(message.requestId)?.(message.code);
          return;
        case 'startFailed':
          log('core_start_failed', message.reason);
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
    if (!mayRequestBootstrapCode(event.senderFrame?.url, coreOrigin) || !core) return undefined;
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

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? ((details.mediaTypes ?? []) as string[]) : [];
    callback(isPermissionGranted(permission, contents.getURL(), coreOrigin, mediaTypes));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'media' && requestingOrigin === coreOrigin);

  const window = new BrowserWindow(
    kioskWindowOptions({
      preloadPath: path.join(__dirname, 'preload.cjs'),
      production: PRODUCTION,
      headless: process.env.BUDAYANG_HEADLESS === '1',
    }),
  );
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, coreOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, coreOrigin)) event.preventDefault();
  });
  contents.on('before-input-event', (event, input) => {
    if (isEscapeShortcut(input, PRODUCTION)) event.preventDefault();
  });
  contents.on('render-process-gone', () => setTimeout(() => contents.reload(), 500));
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
