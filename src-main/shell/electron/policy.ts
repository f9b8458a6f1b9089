// The Electron shell's lockdown policy as pure functions, so it is unit-tested without the
// Electron binary: window options, what may be navigated to, which permission is granted,
// which key combinations are swallowed.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowPolicyInput {
  readonly preloadPath: string;
  readonly coreUrl: string;
  readonly token: string;
  readonly production: boolean;
  readonly headless?: boolean;
}

export function kioskWindowOptions(input: WindowPolicyInput): BrowserWindowConstructorOptions {
  return {
    width: 1080,
    height: 1920,
    show: !input.headless,
    kiosk: !input.headless,
    fullscreen: !input.headless,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#083a78',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: !input.production,
      navigateOnDragDrop: false,
      // The preload reads these from process.argv and exposes exactly { url, token }.
      additionalArguments: [`--budayang-url=${input.coreUrl}`, `--budayang-token=${input.token}`],
    },
  };
}

/** Only the core's own loopback origin may be shown; everything else is refused. */
export function isNavigationAllowed(targetUrl: string, coreOrigin: string): boolean {
  try {
    return new URL(targetUrl).origin === coreOrigin;
  } catch {
    return false;
  }
}

/** The document camera is the only permission granted, and only to the core's origin. */
export function isPermissionGranted(permission: string, requestingUrl: string, coreOrigin: string, mediaTypes: readonly string[] = []): boolean {
  if (!isNavigationAllowed(requestingUrl, coreOrigin)) return false;
  if (permission !== 'media') return false;
  return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

export interface KeyInput {
  readonly key: string;
  readonly control: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
}

/** Key combinations that would leave, reload, zoom or inspect the kiosk window. */
export function isEscapeShortcut(input: KeyInput, production: boolean): boolean {
  const key = input.key.toLowerCase();
  if (input.alt && (key === 'f4' || key === 'tab' || key === 'arrowleft' || key === 'arrowright')) return true;
  if (input.meta) return true;
  if (key === 'f11' || key === 'f5' || key === 'escape') return true;
  if (production && key === 'f12') return true;
  if (input.control) {
    if (['w', 'q', 'r', 'n', 't', 'p', 's', 'o', 'l', 'u', 'f', 'h', 'j', '+', '-', '=', '0', 'tab'].includes(key)) return true;
    if (production && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  }
  return false;
}

/** Parses the preload's arguments; anything malformed yields undefined (the UI then says so). */
export function readPreloadArguments(argv: readonly string[]): { url: string; token: string } | undefined {
  const url = argv.find((a) => a.startsWith('--budayang-url='))?.slice('--budayang-url='.length);
  const token = argv.find((a) => a.startsWith('--budayang-token='))?.slice('--budayang-token='.length);
  if (!url || !token || !/^ws:\/\/127\.0\.0\.1:\d+\/api$/.test(url) || !/^[0-9a-f]{64}$/.test(token)) return undefined;
  return { url, token };
}
