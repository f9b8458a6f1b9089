// The app-wide guard every web contents gets as it is created (Electron's `web-contents-created`):
// the kiosk window, a devtools window in development, anything a bug or a page might open. It
// refuses navigation and redirects off the core's origin, every new window, every <webview> and
// every permission but the document camera. The decisions are pure functions; `guardWebContents`
// and `guardSession` are written against the few members of WebContents/Session they use, so
// they are unit-tested with fakes and main.ts hands them the real ones.
import { isNavigationAllowed, isPermissionGranted } from './policy';

/** What the guard does with one request (for the log and the tests). */
export type GuardDecision =
  // the request goes ahead
  | { readonly kind: 'allow' }
  // refused; `what` names the request for one log line (origin only: a query could carry a code)
  | { readonly kind: 'deny'; readonly what: string };

/** Navigations within the core's page only; anything else (another port, a file, a website) is refused. */
export function decideNavigation(url: string, coreOrigin: string | undefined): GuardDecision {
  if (coreOrigin !== undefined && isNavigationAllowed(url, coreOrigin)) return { kind: 'allow' };
  return { kind: 'deny', what: `navigation to ${originOf(url)}` };
}

/** The kiosk never opens a second window: `window.open`, target=_blank and middle clicks are all refused. */
export function decideWindowOpen(url: string): GuardDecision {
  return { kind: 'deny', what: `new window for ${originOf(url)}` };
}

/** A <webview> could host any page with its own preferences: never attached (webviewTag is off too). */
export function decideWebviewAttach(src: string | undefined): GuardDecision {
  return { kind: 'deny', what: `webview for ${originOf(src ?? '')}` };
}

/** The permission a page asks for: only the camera (video only), only for the core's page. */
export function decidePermission(permission: string, requestingUrl: string, coreOrigin: string | undefined, mediaTypes: readonly string[]): GuardDecision {
  if (coreOrigin !== undefined && isPermissionGranted(permission, requestingUrl, coreOrigin, mediaTypes)) return { kind: 'allow' };
  return { kind: 'deny', what: `permission ${permission} for ${originOf(requestingUrl)}` };
}

/** Never the URL itself in a log line: its query or fragment could carry a one-time code. */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `${parsed.protocol}…` : parsed.origin;
  } catch {
    return 'an unparsable URL';
  }
}

/** An event whose default action the guard may prevent. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The members of Electron's WebContents the guard uses. */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent & { readonly url?: string }, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent, webPreferences: unknown, params: { readonly src?: string }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

/** The permission handlers of a session. */
export interface GuardableSession {
  setPermissionRequestHandler(handler: (contents: { getURL(): string }, permission: string, callback: (granted: boolean) => void, details: unknown) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

/** The core's origin once known (the guard is installed before the core's port is chosen: until then nothing is allowed). */
export type CoreOriginSource = () => string | undefined;

/**
 * Applies the guard to one web contents. `onDenied` hears each refusal (one log line each).
 * Electron passes the URL as the listener's second argument for will-navigate/will-redirect and
 * on the event object for will-frame-navigate; both are read.
 */
export function guardWebContents(contents: GuardableContents, coreOrigin: CoreOriginSource, onDenied: (what: string) => void = () => undefined): void {
  const deny = (event: PreventableEvent, decision: GuardDecision) => {
    if (decision.kind === 'allow') return;
    event.preventDefault();
    onDenied(decision.what);
  };
  const navigationGuard = (event: PreventableEvent & { readonly url?: string }, url?: string) => deny(event, decideNavigation(url ?? event.url ?? '', coreOrigin()));
  contents.on('will-navigate', navigationGuard);
  contents.on('will-redirect', navigationGuard);
  contents.on('will-frame-navigate', navigationGuard);
  contents.on('will-attach-webview', (event, _webPreferences, params) => deny(event, decideWebviewAttach(params?.src)));
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.kind === 'deny') onDenied(decision.what);
    return { action: 'deny' };
  });
}

/** Installs the permission handlers of a session: requests and checks answer alike. */
export function guardSession(session: GuardableSession, coreOrigin: CoreOriginSource, onDenied: (what: string) => void = () => undefined): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const decision = decidePermission(permission, contents.getURL(), coreOrigin(), mediaTypesOf(details));
    if (decision.kind === 'deny') onDenied(decision.what);
    callback(decision.kind === 'allow');
  });
  // A check carries no media types: the camera is checked as "media" from the core's origin only.
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    const origin = coreOrigin();
    return origin !== undefined && permission === 'media' && requestingOrigin === origin;
  });
}

function mediaTypesOf(details: unknown): string[] {
  if (typeof details !== 'object' || details === null || !('mediaTypes' in details)) return [];
  const types = (details as { mediaTypes?: unknown }).mediaTypes;
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : [];
}
