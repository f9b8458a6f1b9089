// The Electron shell's lockdown decisions, tested without the Electron binary.
import { describe, expect, it } from 'vitest';
import { isEscapeShortcut, isNavigationAllowed, isPermissionGranted, kioskWindowOptions, mayRequestBootstrapCode } from '../../../src-main/shell/electron/policy';

const origin = 'http://127.0.0.1:43123';

describe('Electron window policy', () => {
  it('locks the renderer down', () => {
    const o = kioskWindowOptions({ preloadPath: '/x/preload.cjs', production: true });
    expect(o.kiosk).toBe(true);
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false, webSecurity: true });
    // Nothing on the renderer's command line: argv is readable by every local user.
    expect(o.webPreferences?.additionalArguments).toBeUndefined();
    expect(kioskWindowOptions({ preloadPath: '', production: false }).webPreferences?.devTools).toBe(true);
  });

  it('allows navigation only within the core origin', () => {
    expect(isNavigationAllowed(`${origin}/#/home`, origin)).toBe(true);
    expect(isNavigationAllowed('http://127.0.0.1:9999/', origin)).toBe(false);
    expect(isNavigationAllowed('https://example.com/', origin)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', origin)).toBe(false);
    expect(isNavigationAllowed('not a url', origin)).toBe(false);
  });

  it('grants only the camera, only to the core origin', () => {
    expect(isPermissionGranted('media', `${origin}/`, origin, ['video'])).toBe(true);
    expect(isPermissionGranted('media', `${origin}/`, origin, ['audio'])).toBe(false);
    expect(isPermissionGranted('media', `${origin}/`, origin, ['video', 'audio'])).toBe(false);
    expect(isPermissionGranted('geolocation', `${origin}/`, origin)).toBe(false);
    expect(isPermissionGranted('notifications', `${origin}/`, origin)).toBe(false);
    expect(isPermissionGranted('media', 'https://evil.example/', origin, ['video'])).toBe(false);
  });

  it('swallows escape shortcuts, and devtools keys in production', () => {
    const k = (key: string, mods: Partial<Record<'control' | 'alt' | 'meta' | 'shift', boolean>> = {}) => ({ key, control: false, alt: false, meta: false, shift: false, ...mods });
    expect(isEscapeShortcut(k('F4', { alt: true }), true)).toBe(true);
    expect(isEscapeShortcut(k('w', { control: true }), true)).toBe(true);
    expect(isEscapeShortcut(k('r', { control: true }), true)).toBe(true);
    expect(isEscapeShortcut(k('I', { control: true, shift: true }), true)).toBe(true);
    expect(isEscapeShortcut(k('I', { control: true, shift: true }), false)).toBe(false);
    expect(isEscapeShortcut(k('Escape'), true)).toBe(true);
    expect(isEscapeShortcut(k('a'), true)).toBe(false);
    expect(isEscapeShortcut(k('5'), true)).toBe(false);
  });

  it('gives bootstrap codes only to the core\'s own page', () => {
    expect(mayRequestBootstrapCode(`${origin}/`, origin)).toBe(true);
    expect(mayRequestBootstrapCode('http://127.0.0.1:9999/', origin)).toBe(false);
    expect(mayRequestBootstrapCode('https://evil.example/', origin)).toBe(false);
    expect(mayRequestBootstrapCode(undefined, origin)).toBe(false);
  });
});
