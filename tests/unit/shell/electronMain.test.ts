// The Electron main process (src-main/shell/electron/main.ts) run against fakes of the `electron`
// and `electron-updater` modules — the binary is not here. It checks the thin seam's wiring: the
// launch planned from the site config, the guard on every web contents, the launch message and
// the page load, the preload's code request, renderer deaths, the setup screen's restart, and
// app-update messages driving electron-updater with the installer kept.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface FakeChild extends EventEmitter {
  readonly script: string;
  readonly args: string[];
  readonly sent: unknown[];
  postMessage(message: unknown): void;
  kill(): void;
}

class FakeContents extends EventEmitter {
  url = '';
  reloads = 0;
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  getURL(): string {
    return this.url;
  }
  reload(): void {
    this.reloads++;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  forcefullyCrashRenderer(): void {}
  closeDevTools(): void {}
  /** Emits like Electron: returns whether a listener prevented the default. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

/** One fake Electron per test; the mocked modules delegate to it. */
function makeWorld(isPackaged: boolean) {
  const appEvents = new EventEmitter();
  const world = {
    isPackaged,
    appEvents,
    exits: [] as number[],
    relaunches: [] as unknown[],
    children: [] as FakeChild[],
    windows: [] as { options: unknown; contents: FakeContents }[],
    ipc: new Map<string, (event: unknown) => unknown>(),
    updater: {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: true,
      allowPrerelease: true,
      feeds: [] as unknown[],
      info: undefined as undefined | { version: string; files: { url: string; sha512: string }[] },
      downloaded: '' as string,
      installs: [] as unknown[],
    },
  };
  const electron = {
    app: {
      get isPackaged() {
        return world.isPackaged;
      },
      requestSingleInstanceLock: () => true,
      quit: () => undefined,
      exit: (code: number) => world.exits.push(code),
      relaunch: (options: unknown) => world.relaunches.push(options),
      commandLine: { appendSwitch: () => undefined },
      disableHardwareAcceleration: () => undefined,
      whenReady: () => Promise.resolve(),
      on: (event: string, listener: (...a: unknown[]) => void) => appEvents.on(event, listener),
    },
    BrowserWindow: class {
      readonly webContents = new FakeContents();
      constructor(options: unknown) {
        world.windows.push({ options, contents: this.webContents });
        appEvents.emit('web-contents-created', {}, this.webContents);
      }
      loadURL(url: string): Promise<void> {
        this.webContents.url = url;
        return Promise.resolve();
      }
      focus(): void {}
    },
    ipcMain: { handle: (channel: string, handler: (event: unknown) => unknown) => world.ipc.set(channel, handler) },
    powerSaveBlocker: { start: () => 1, stop: () => undefined },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    utilityProcess: {
      fork: (script: string, args: string[]) => {
        const child = Object.assign(new EventEmitter(), { script, args, sent: [] as unknown[], postMessage: (m: unknown) => child.sent.push(m), kill: () => undefined }) as FakeChild;
        world.children.push(child);
        return child;
      },
    },
  };
  const autoUpdater = {
    set autoDownload(v: boolean) {
      world.updater.autoDownload = v;
    },
    set autoInstallOnAppQuit(v: boolean) {
      world.updater.autoInstallOnAppQuit = v;
    },
    set allowDowngrade(v: boolean) {
      world.updater.allowDowngrade = v;
    },
    set allowPrerelease(v: boolean) {
      world.updater.allowPrerelease = v;
    },
    setFeedURL: (options: unknown) => world.updater.feeds.push(options),
    checkForUpdates: async () => (world.updater.info ? { updateInfo: world.updater.info } : null),
    downloadUpdate: async () => [world.updater.downloaded],
    quitAndInstall: (...args: unknown[]) => world.updater.installs.push(args),
  };
  return { world, electron, autoUpdater };
}

const fakes = vi.hoisted(() => ({ current: undefined as undefined | { electron: unknown; autoUpdater: unknown } }));
// The mocked modules are made once; they read the current test's fakes at each use.
vi.mock('electron', () => {
  const current = (key: string) => (fakes.current!.electron as Record<string, unknown>)[key];
  const names = ['app', 'BrowserWindow', 'ipcMain', 'powerSaveBlocker', 'safeStorage', 'session', 'utilityProcess'];
  return Object.defineProperties({}, Object.fromEntries(names.map((name) => [name, { enumerable: true, get: () => current(name) }])));
});
vi.mock('electron-updater', () => ({
  get autoUpdater() {
    return fakes.current!.autoUpdater;
  },
}));

const dirs: string[] = [];
const savedEnv = { ...process.env };
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-electron-main-'));
  dirs.push(d);
  return d;
}

/** A site config with a production profile; returns its paths. */
function siteConfig(): { file: string; profile: string; dataDir: string } {
  const dir = tmp();
  const profile = path.join(dir, 'hall.json');
  fs.writeFileSync(profile, JSON.stringify({ mode: 'production' }));
  const dataDir = path.join(dir, 'data');
  const file = path.join(dir, 'site.json');
  fs.writeFileSync(file, JSON.stringify({ profile: 'hall.json', dataDir }));
  return { file, profile, dataDir };
}

async function startMain(isPackaged: boolean, env: Record<string, string>) {
  const made = makeWorld(isPackaged);
  fakes.current = made;
  for (const key of ['BUDAYANG_PROFILE', 'BUDAYANG_DATA', 'BUDAYANG_PACKAGED', 'BUDAYANG_SITE_CONFIG', 'BUDAYANG_SUPERVISED', 'INVOCATION_ID', 'APPIMAGE']) delete process.env[key];
  Object.assign(process.env, env);
  vi.resetModules();
  await import('../../../src-main/shell/electron/main');
  await vi.waitFor(() => expect(made.world.children).toHaveLength(1));
  return made.world;
}

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the Electron main process over fakes', () => {
  it('packaged: starts the site profile, guards every web contents, launches and loads the core page', async () => {
    const site = siteConfig();
    const world = await startMain(true, { BUDAYANG_SITE_CONFIG: site.file, BUDAYANG_PROFILE: 'demo' });
    const core = world.children[0]!;
    expect(core.script).toMatch(/bin[/\\]budayang\.mjs$/);
    expect(core.args).toEqual(['core', '--port', expect.stringMatching(/^\d+$/), '--profile', site.profile, '--data', site.dataDir]);
    const origin = `http://127.0.0.1:${core.args[2]}`;

    const contents = world.windows[0]!.contents;
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview', 'render-process-gone', 'before-input-event']) expect(contents.listenerCount(event)).toBeGreaterThan(0);
    expect(contents.windowOpenHandler?.({ url: `${origin}/` })).toEqual({ action: 'deny' });

    core.emit('message', { type: 'awaitingLaunch' });
    expect(core.sent).toEqual([{ type: 'launch', token: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    core.emit('message', { type: 'ready', port: Number(core.args[2]) });
    expect(contents.url).toBe(`${origin}/`);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', `${origin}/#/home`)).toBe(false);

    // The preload's code request: answered for the core's page only.
    const ask = world.ipc.get('budayang:bootstrap-code')!;
    expect(await ask({ senderFrame: { url: 'https://evil.example/' } })).toBeUndefined();
    const answer = ask({ senderFrame: { url: `${origin}/` } }) as Promise<string | undefined>;
    const request = core.sent.at(-1) as { type: string; requestId: number };
    expect(request.type).toBe('issueBootstrapCode');
    core.emit('message', { type: 'bootstrapCode', requestId: request.requestId, code: 'c'.repeat(32) });
    expect(await answer).toBe('c'.repeat(32));

    // A crashed renderer is reloaded (after its first back-off delay).
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    await vi.waitFor(() => expect(contents.reloads).toBe(1));
  });

  it('packaged without a site config: the setup screen, then exit 75 for the watchdog once the config appears', async () => {
    const dir = tmp();
    const file = path.join(dir, 'site.json');
    const world = await startMain(true, { BUDAYANG_SITE_CONFIG: file, BUDAYANG_SUPERVISED: '1' });
    const core = world.children[0]!;
    expect(core.args).toEqual(['core', '--port', expect.stringMatching(/^\d+$/), '--setup', 'siteConfigMissing']);
    core.emit('message', { type: 'ready', port: Number(core.args[2]) });
    expect(world.windows[0]!.contents.url).toMatch(/\/#setup=siteConfigMissing&site=/);
    // No bootstrap code on the setup screen: it has no API.
    expect(await world.ipc.get('budayang:bootstrap-code')!({ senderFrame: { url: `http://127.0.0.1:${core.args[2]}/` } })).toBeUndefined();

    const profile = path.join(dir, 'hall.json');
    fs.writeFileSync(profile, JSON.stringify({ mode: 'production' }));
    fs.writeFileSync(file, JSON.stringify({ profile: 'hall.json', dataDir: path.join(dir, 'data') }));
    await vi.waitFor(() => expect(world.exits).toEqual([75]), { timeout: 10_000, interval: 200 });
    expect(world.relaunches).toEqual([]);
  });

  it('development: the demo profile, and no updater', async () => {
    const data = tmp();
    const world = await startMain(false, { BUDAYANG_DATA: data });
    expect(world.children[0]!.args).toEqual(['core', '--port', expect.stringMatching(/^\d+$/), '--profile', 'demo', '--data', data]);
    world.children[0]!.emit('message', { type: 'appUpdateInstall', version: '9.9.9' });
    expect(world.updater.installs).toEqual([]);
  });

  it('packaged: downloads an offered release only if it is the verified one, keeps the installer, installs on the core’s word', async () => {
    const site = siteConfig();
    const world = await startMain(true, { BUDAYANG_SITE_CONFIG: site.file, APPIMAGE: path.join(tmp(), 'Budayang.AppImage') });
    const core = world.children[0]!;
    expect(world.updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false, allowPrerelease: false });

    const cache = tmp();
    world.updater.downloaded = path.join(cache, 'Budayang-1.1.0.AppImage');
    fs.writeFileSync(world.updater.downloaded, 'installer');
    const files = [{ url: 'Budayang-1.1.0.AppImage', sha512: 'A'.repeat(86) + '==' }];
    world.updater.info = { version: '1.1.0', files };
    core.emit('message', { type: 'appUpdateDownload', version: '1.1.0', files, feedUrl: 'http://platform.test/updates/1.1.0/' });
    await vi.waitFor(() => expect(core.sent.at(-1)).toMatchObject({ type: 'appUpdateDownloaded', version: '1.1.0' }));
    expect(world.updater.feeds).toEqual([{ provider: 'generic', url: 'http://platform.test/updates/1.1.0/' }]);
    const kept = (core.sent.at(-1) as { installerPath: string }).installerPath;
    expect(kept).toBe(path.join(site.dataDir, 'updates', 'installers', '1.1.0', 'Budayang-1.1.0.AppImage'));
    expect(fs.readFileSync(kept, 'utf8')).toBe('installer');

    world.updater.info = { version: '1.1.0', files: [{ url: 'Budayang-1.1.0.AppImage', sha512: 'B'.repeat(86) + '==' }] };
    core.emit('message', { type: 'appUpdateDownload', version: '1.1.0', files, feedUrl: 'http://platform.test/updates/1.1.0/' });
    await vi.waitFor(() => expect(core.sent.at(-1)).toMatchObject({ type: 'appUpdateDownloadFailed', version: '1.1.0', reason: 'notTheRelease' }));

    core.emit('message', { type: 'appUpdateInstall', version: '1.1.0' });
    expect(world.updater.installs).toEqual([[true, true]]);
  });

  it('packaged as a deb: refuses to download (updating needs root), without asking electron-updater', async () => {
    const site = siteConfig();
    const world = await startMain(true, { BUDAYANG_SITE_CONFIG: site.file });
    const core = world.children[0]!;
    core.emit('message', { type: 'appUpdateDownload', version: '1.1.0', files: [{ url: 'budayang_1.1.0_amd64.deb', sha512: 'A'.repeat(86) + '==' }], feedUrl: 'http://platform.test/updates/1.1.0/' });
    await vi.waitFor(() => expect(core.sent.at(-1)).toMatchObject({ type: 'appUpdateDownloadFailed', version: '1.1.0', reason: 'unsupportedInstall' }));
    expect(world.updater.feeds).toEqual([]);
  });
});
