// Connects the renderer to the core: the token comes from the Electron preload
// (`window.budayang`) or, in the browser shell, from the URL fragment. The fragment is moved to
// sessionStorage at once so it never lingers in the address (and survives the clean reload
// that ends a session).
import { ApiClient, type ClientSocket } from '../../src-common/api/client';

declare global {
  interface Window {
    budayang?: { readonly url: string; readonly token: string };
  }
}

const TOKEN_KEY = 'budayang.token';

export function readConnectionInfo(): { url: string; token: string } | undefined {
  if (window.budayang) return { url: window.budayang.url, token: window.budayang.token };
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromHash = fragment.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  return { url: `ws://${window.location.host}/api`, token };
}

export function createRendererClient(info: { url: string; token: string }): ApiClient {
  return new ApiClient(() => new WebSocket(info.url, ['budayang.v1', `bearer.${info.token}`]) as unknown as ClientSocket);
}
