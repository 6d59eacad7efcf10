// The main window and its session's lock-down: sandboxed renderer with the
// preload bridge, no new windows, no navigation away from the app, no network,
// no permissions.
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_INDEX_URL, isAllowedRequest, isAppUrl, type AppOrigin } from './app-url';
import type { Settings } from './settings';

/** Where the built renderer lives, relative to this bundle (out/main/index.js); served as marginalia://app/. */
export function appOrigin(): AppOrigin {
  return {
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    devServerUrl: process.env.ELECTRON_RENDERER_URL || undefined,
  };
}

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

/** The dev server's pages get their CSP as a header; the built index.html carries its own meta CSP. */
function devCsp(devServerUrl: string): string {
  const ws = devServerUrl.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    // Vite's React refresh preamble is an inline script.
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Locks down a session (call once per session, after the app is ready): requests only to the app itself, no permissions, CSP on dev-server pages. */
export function secureSession(ses: Session, origin: AppOrigin): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, origin);
    if (!allowed) console.warn(`marginalia: blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });
  if (origin.devServerUrl) {
    const csp = devCsp(origin.devServerUrl);
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** For every web contents: no new windows, no webviews, no navigation away from the app. */
export function secureContents(contents: WebContents, origin: AppOrigin): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, origin)) event.preventDefault();
  });
}

export function createMainWindow(origin: AppOrigin, settings: Settings, devTools: boolean): BrowserWindow {
  const bounds = settings.getWindowBounds();
  const win = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 860,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Marginalia',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Middle-click (auxclick) must not open links in new windows (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools,
    },
  });
  if (bounds?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    settings.setWindowBounds({ ...win.getNormalBounds(), maximized: win.isMaximized() });
  });

  if (origin.devServerUrl) void win.loadURL(origin.devServerUrl);
  else void win.loadURL(APP_INDEX_URL);
  return win;
}
