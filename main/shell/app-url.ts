// Which URLs are the app's own: the built renderer (file:// inside
// out/renderer) or, in development, electron-vite's dev server. Used to check
// IPC senders, navigation and network requests. No Electron, so it is tested.
import { fileURLToPath } from 'node:url';
import { resolve, sep } from 'node:path';

export interface AppOrigin {
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  /** ELECTRON_RENDERER_URL in development, else undefined. */
  devServerUrl?: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isInRendererDir(u: URL, rendererDir: string): boolean {
  if (u.protocol !== 'file:') return false;
  let path: string;
  try {
    path = fileURLToPath(u);
  } catch {
    return false;
  }
  const dir = resolve(rendererDir);
  return resolve(path).startsWith(dir + sep);
}

function isDevServer(u: URL, devServerUrl: string | undefined): boolean {
  if (!devServerUrl) return false;
  const dev = parse(devServerUrl);
  return dev !== null && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
}

/** A page of the app itself: allowed to call the bridge and to be navigated to. */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  return u !== null && (isInRendererDir(u, origin.rendererDir) || isDevServer(u, origin.devServerUrl));
}

/** A request the renderer may make: its own files, inline data, and the dev server (with its HMR socket). */
export function isAllowedRequest(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  if (u === null) return false;
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:') return true;
  if (isInRendererDir(u, origin.rendererDir) || isDevServer(u, origin.devServerUrl)) return true;
  if ((u.protocol === 'ws:' || u.protocol === 'wss:') && origin.devServerUrl) {
    const dev = parse(origin.devServerUrl);
    return dev !== null && u.host === dev.host;
  }
  return false;
}
