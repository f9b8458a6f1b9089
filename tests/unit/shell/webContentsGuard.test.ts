// The app-wide web-contents guard, driven through a fake WebContents and Session that record
// what the guard installed, as Electron would call it.
import { describe, expect, it } from 'vitest';
import { decideNavigation, decidePermission, guardSession, guardWebContents, type GuardableContents, type GuardableSession, type PreventableEvent } from '../../../src-main/shell/electron/webContentsGuard';

const origin = 'http://127.0.0.1:43123';

type Listener = (...args: never[]) => unknown;

class FakeContents implements GuardableContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpen: ((details: { url: string }) => { action: 'deny' }) | undefined;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpen = handler;
  }
  /** Emits like Electron and says whether a listener prevented the default. */
  emit(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e: PreventableEvent & { url?: string } = { preventDefault: () => (prevented = true) };
    if (event === 'will-frame-navigate') e.url = args[0] as string;
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(e, ...(event === 'will-frame-navigate' ? [] : args));
    return prevented;
  }
}

function guarded(currentOrigin: string | null = origin) {
  const contents = new FakeContents();
  const denied: string[] = [];
  let known = currentOrigin ?? undefined;
  guardWebContents(contents, () => known, (what) => denied.push(what));
  return { contents, denied, setOrigin: (o: string) => (known = o) };
}

describe('web-contents guard', () => {
  it('lets the core page navigate within its origin and refuses every other navigation and redirect', () => {
    const { contents, denied } = guarded();
    expect(contents.emit('will-navigate', `${origin}/#/home`)).toBe(false);
    expect(contents.emit('will-navigate', 'https://evil.example/phish?code=abc')).toBe(true);
    expect(contents.emit('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.emit('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emit('will-frame-navigate', `${origin}/x`)).toBe(false);
    // Origins only in the log: the query (which could carry a one-time code) never.
    expect(denied).toEqual(['navigation to https://evil.example', 'navigation to http://127.0.0.1:9', 'navigation to file:…']);
  });

  it('refuses everything until the core origin is known', () => {
    const { contents, setOrigin } = guarded(null);
    expect(contents.emit('will-navigate', `${origin}/`)).toBe(true);
    setOrigin(origin);
    expect(contents.emit('will-navigate', `${origin}/`)).toBe(false);
  });

  it('refuses new windows, even to the core origin, and every webview', () => {
    const { contents, denied } = guarded();
    expect(contents.windowOpen?.({ url: `${origin}/` })).toEqual({ action: 'deny' });
    expect(contents.windowOpen?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.emit('will-attach-webview', {}, { src: `${origin}/` })).toBe(true);
    expect(contents.emit('will-attach-webview', {}, {})).toBe(true);
    expect(denied).toEqual([`new window for ${origin}`, 'new window for https://example.com', `webview for ${origin}`, 'webview for an unparsable URL']);
  });

  it('grants the camera to the core page only; checks answer alike', () => {
    let request: Parameters<GuardableSession['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<GuardableSession['setPermissionCheckHandler']>[0] | undefined;
    const denied: string[] = [];
    guardSession({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) }, () => origin, (w) => denied.push(w));
    const ask = (url: string, permission: string, details: unknown) => {
      let granted: boolean | undefined;
      request!({ getURL: () => url }, permission, (g) => (granted = g), details);
      return granted;
    };
    expect(ask(`${origin}/`, 'media', { mediaTypes: ['video'] })).toBe(true);
    expect(ask(`${origin}/`, 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(ask(`${origin}/`, 'media', {})).toBe(false);
    expect(ask(`${origin}/`, 'geolocation', {})).toBe(false);
    expect(ask('https://evil.example/', 'media', { mediaTypes: ['video'] })).toBe(false);
    expect(denied).toHaveLength(4);
    expect(check!({}, 'media', origin)).toBe(true);
    expect(check!({}, 'media', 'https://evil.example')).toBe(false);
    expect(check!({}, 'notifications', origin)).toBe(false);
  });

  it('decides with no origin as a refusal', () => {
    expect(decideNavigation(`${origin}/`, undefined).kind).toBe('deny');
    expect(decidePermission('media', `${origin}/`, undefined, ['video']).kind).toBe('deny');
  });
});
