// The renderer's one-time code exchange (src-renderer/api/connect.ts): a dropped or 5xx answer is
// tried again (an unattended kiosk has nobody to reload the page); a refusal (4xx) is final.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { obtainConnectionInfo } from '../../../src-renderer/api/connect';

const TOKEN = 'ab'.repeat(32);

function pageWithCode(code: string): { storage: Map<string, string> } {
  const storage = new Map<string, string>();
  vi.stubGlobal('window', { location: { hash: `#code=${code}`, host: '127.0.0.1:1234', pathname: '/', search: '' } });
  vi.stubGlobal('history', { replaceState: () => undefined });
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) });
  return { storage };
}

const answer = (status: number, body: unknown = {}) => ({ ok: status >= 200 && status < 300, status, json: async () => body });

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('obtainConnectionInfo', () => {
  it('tries the code again after a dropped request and a 503, then keeps the token', async () => {
    const { storage } = pageWithCode('c0de');
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(answer(503))
      .mockResolvedValueOnce(answer(200, { token: TOKEN }));
    vi.stubGlobal('fetch', fetch);
    const pending = obtainConnectionInfo();
    await vi.runAllTimersAsync();
    expect(await pending).toEqual({ url: 'ws://127.0.0.1:1234/api', token: TOKEN });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect([...storage.values()]).toEqual([TOKEN]);
  });

  it('gives up at once on a refused code (used or expired)', async () => {
    pageWithCode('used');
    const fetch = vi.fn().mockResolvedValue(answer(403));
    vi.stubGlobal('fetch', fetch);
    const pending = obtainConnectionInfo();
    await vi.runAllTimersAsync();
    expect(await pending).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('stops after a bounded number of attempts when the core never answers', async () => {
    pageWithCode('c0de');
    const fetch = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    vi.stubGlobal('fetch', fetch);
    const pending = obtainConnectionInfo();
    await vi.runAllTimersAsync();
    expect(await pending).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(5);
  });
});
