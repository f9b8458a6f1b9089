// The Electron shell's lockdown policy as pure functions, so it is unit-tested without the
// Electron binary: window options, what may be navigated to, which permission is granted,
// which key combinations are swallowed.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowPolicyInput {
  readonly preloadPath: string;
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
      // Nothing secret in additionalArguments: they are the renderer process's argv, readable by
      // every local user. The preload asks the main process for a one-time code over IPC instead.
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

/** The IPC channel on which the preload asks the main process for a one-time bootstrap code. */
export const BOOTSTRAP_CODE_CHANNEL = 'budayang:bootstrap-code';

/** Only the core's own page may ask for a bootstrap code (a navigated-away frame gets nothing). */
export function mayRequestBootstrapCode(senderUrl: string | undefined, coreOrigin: string): boolean {
  return senderUrl !== undefined && isNavigationAllowed(senderUrl, coreOrigin);
}
