// The one API object the UI uses, over whichever transport this window has: Electron IPC or WebSocket.
import { createApi, type Api } from '../../../preload/contract';
import { createWsTransport } from './ws-transport';

const TOKEN_KEY = 'hs-token';

/** The browser-mode token arrives in the URL once; keep it for reloads of this tab, and hide it from the bar. */
function browserToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export interface Connection {
  api: Api;
  mode: 'electron' | 'browser';
  ready: Promise<void>;
  onClose(listener: () => void): void;
}

export function connect(): Connection {
  if (window.hsTransport) {
    return { api: createApi(window.hsTransport), mode: 'electron', ready: Promise.resolve(), onClose: () => undefined };
  }
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWsTransport(`${proto}://${window.location.host}/ws?token=${encodeURIComponent(browserToken())}`);
  return { api: createApi(transport), mode: 'browser', ready: transport.ready, onClose: transport.onClose };
}
