// The browser shell's window: Debian's Chromium in kiosk/app mode with the flags a locked-down,
// offline kiosk needs. Chromium itself is found, never downloaded.
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : DEFAULT_CHROMIUM_PATHS;
  return candidates.find((p) => fs.existsSync(p));
}

export function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export interface KioskFlagsOptions {
  readonly url: string;
  readonly userDataDir: string;
  /** Chromium refuses to start as root without --no-sandbox. */
  readonly runningAsRoot: boolean;
  readonly headless?: boolean;
}

/** Flags for a kiosk window: full screen, no escape routes, nothing phoning home. */
export function kioskFlags(options: KioskFlagsOptions): string[] {
  const flags = [
    '--kiosk',
    `--app=${options.url}`,
    `--user-data-dir=${path.resolve(options.userDataDir)}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--noerrdialogs',
    '--disable-infobars',
    '--disable-session-crashed-bubble',
    '--disable-translate',
    '--disable-features=Translate,TranslateUI,OverscrollHistoryNavigation,PasswordManagerOnboarding,MediaRouter',
    '--overscroll-history-navigation=0',
    '--disable-pinch',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-default-apps',
    '--disable-extensions',
    '--password-store=basic',
    '--autoplay-policy=no-user-gesture-required',
    // The document camera is the only permission a page asks for; kiosks cannot click a prompt.
    '--use-fake-ui-for-media-stream',
    '--check-for-update-interval=31536000',
  ];
  if (options.runningAsRoot) flags.push('--no-sandbox');
  if (options.headless) flags.push('--headless=new', '--disable-gpu');
  return flags;
}
