// The Electron shell (design.md §1): single instance, a locked-down kiosk window, the core
// forked as a utilityProcess and restarted with backoff, the renderer reloaded when it dies,
// and the display kept awake. The shell never touches devices or the database.
import { app, BrowserWindow, powerSaveBlocker, session, utilityProcess, type UtilityProcess } from 'electron';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { CORE_RESTART_POLICY, nextRestart } from '../../../src-common/backoff';
import { isEscapeShortcut, isNavigationAllowed, isPermissionGranted, kioskWindowOptions } from './policy';

const PRODUCTION = app.isPackaged && process.env.BUDAYANG_DEV !== '1';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORE_SCRIPT = path.join(ROOT, 'bin', 'budayang.mjs');

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

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  await app.whenReady();

  const port = await freePort();
  const token = randomBytes(32).toString('hex');
  const coreOrigin = `http://127.0.0.1:${port}`;
  let core: UtilityProcess | undefined;
  let attempt = 0;
  let quitting = false;

  const startCore = () => {
    const startedAt = Date.now();
    core = utilityProcess.fork(CORE_SCRIPT, ['core', '--port', String(port), '--profile', process.env.BUDAYANG_PROFILE ?? 'demo'], {
      env: { ...process.env, BUDAYANG_TOKEN: token },
      serviceName: 'budayang-core',
      stdio: 'inherit',
    });
    core.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready' && window.webContents.getURL() === '') void window.loadURL(`${coreOrigin}/`);
    });
    core.on('exit', () => {
      if (quitting) return;
      const next = nextRestart(CORE_RESTART_POLICY, attempt, Date.now() - startedAt);
      attempt = next.attempt;
      setTimeout(startCore, next.delayMs);
    });
  };

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? ((details.mediaTypes ?? []) as string[]) : [];
    callback(isPermissionGranted(permission, contents.getURL(), coreOrigin, mediaTypes));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'media' && requestingOrigin === coreOrigin);

  const window = new BrowserWindow(
    kioskWindowOptions({
      preloadPath: path.join(__dirname, 'preload.cjs'),
      coreUrl: `ws://127.0.0.1:${port}/api`,
      token,
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
