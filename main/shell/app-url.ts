// Which URLs are the app's own, and which file each one serves. The built
// renderer is served from the privileged scheme marginalia://app/ (see
// app-protocol.ts and docs/architecture.md), in development from
// electron-vite's dev server. Used to check IPC senders, navigation and
// network requests. No Electron, so it is tested.
import * as nodePath from 'node:path';

export const APP_SCHEME = 'marginalia';
export const APP_HOST = 'app';
/** The page the main window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface AppOrigin {
  /** The built renderer folder (out/renderer), served as marginalia://app/. */
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

function isAppScheme(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}

function isDevServer(u: URL, devServerUrl: string | undefined): boolean {
  if (!devServerUrl) return false;
  const dev = parse(devServerUrl);
  return dev !== null && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
}

/** A page of the app itself: allowed to call the bridge and to be navigated to. */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  return u !== null && (isAppScheme(u) || isDevServer(u, origin.devServerUrl));
}

/** A request the renderer may make: its own files, inline data, and the dev server (with its HMR socket). Never file://. */
export function isAllowedRequest(url: string, origin: AppOrigin): boolean {
  const u = parse(url);
  if (u === null) return false;
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:') return true;
  if (isAppScheme(u) || isDevServer(u, origin.devServerUrl)) return true;
  if ((u.protocol === 'ws:' || u.protocol === 'wss:') && origin.devServerUrl) {
    const dev = parse(origin.devServerUrl);
    return dev !== null && u.host === dev.host;
  }
  return false;
}

type PathApi = Pick<typeof nodePath, 'resolve' | 'sep'>;

/**
 * The file inside `rendererDir` that a marginalia://app/ URL names, or null
 * (another URL, a bad escape, or a path leading out of the folder). `pathApi`
 * is node:path, or path.win32 in tests; on Windows paths compare without case
 * (a drive letter may arrive as c: or C:).
 */
export function appFileFor(url: string, rendererDir: string, pathApi: PathApi = nodePath): string | null {
  const u = parse(url);
  if (u === null || !isAppScheme(u)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  rel = rel.replace(/^[/\\]+/, '');
  if (rel === '') rel = 'index.html';
  const dir = pathApi.resolve(rendererDir);
  const file = pathApi.resolve(dir, rel);
  const windows = pathApi.sep === '\\';
  const [d, f] = windows ? [dir.toLowerCase(), file.toLowerCase()] : [dir, file];
  return f.startsWith(d + pathApi.sep) ? file : null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type a served file gets (module scripts and workers must be served as JavaScript). */
export function contentTypeFor(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? TYPES[file.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
