// The Electron shell with `electron` mocked (its binary is not needed): the
// checks that keep the renderer confined are plain code worth testing.
import { describe, expect, it, vi, beforeEach } from 'vitest';
import { pathToFileURL } from 'node:url';
import { channelNames, eventWireName, wireName } from '../../app/ipc/contract';
import type { Handlers } from '../ipc/handlers';

const electron = vi.hoisted(() => {
  const mainHandlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  const rendererListeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const exposed: Record<string, unknown> = {};
  const windows: { options: Record<string, unknown>; loaded?: string }[] = [];
  class BrowserWindow {
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push({ options });
    }
    once() {}
    on() {}
    maximize() {}
    loadFile(file: string) {
      (windows.at(-1) as { loaded?: string }).loaded = file;
      return Promise.resolve();
    }
    loadURL(url: string) {
      (windows.at(-1) as { loaded?: string }).loaded = url;
      return Promise.resolve();
    }
  }
  return {
    mainHandlers,
    rendererListeners,
    exposed,
    windows,
    module: {
      BrowserWindow,
      ipcMain: {
        handle: (channel: string, fn: (event: unknown, args: unknown) => Promise<unknown>) => mainHandlers.set(channel, fn),
        removeHandler: (channel: string) => mainHandlers.delete(channel),
      },
      ipcRenderer: {
        invoke: vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } })),
        on: (channel: string, fn: (...a: unknown[]) => void) => rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), fn]),
        removeListener: (channel: string, fn: (...a: unknown[]) => void) =>
          rendererListeners.set(channel, (rendererListeners.get(channel) ?? []).filter((f) => f !== fn)),
      },
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      protocol: { registerSchemesAsPrivileged: vi.fn() },
    },
  };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const appPage = 'marginalia://app/index.html';

describe('ipc-main', () => {
  it('handles every channel, only for the app, through dispatch', async () => {
    const { registerIpc } = await import('./ipc-main');
    const calls: string[] = [];
    const handlers = Object.fromEntries(
      channelNames.map((c) => [c, async (args: unknown) => (calls.push(c), { echoed: args })]),
    ) as unknown as Handlers;
    const unregister = registerIpc(handlers, (url) => url === appPage);
    expect([...electron.mainHandlers.keys()].sort()).toEqual(channelNames.map(wireName).sort());

    const handle = electron.mainHandlers.get(wireName('listDocuments'));
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await handle?.({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await handle?.({ senderFrame: null }, {})).toMatchObject({ ok: false });
    spy.mockRestore();
    expect(calls).toEqual([]);
    expect(await handle?.({ senderFrame: { url: appPage } }, {})).toEqual({ ok: true, value: { echoed: {} } });
    // Arguments are still checked against the contract.
    expect(await handle?.({ senderFrame: { url: appPage } }, { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(calls).toEqual(['listDocuments']);

    unregister();
    expect(electron.mainHandlers.size).toBe(0);
  });
});

describe('preload', () => {
  beforeEach(() => {
    electron.module.ipcRenderer.invoke.mockClear();
  });

  it('exposes invoke and on for the contract only, never the IpcRendererEvent', async () => {
    await import('../preload/index');
    const api = electron.exposed.marginalia as {
      invoke(channel: string, args: unknown): Promise<unknown>;
      on(event: string, listener: (...a: unknown[]) => void): () => void;
    };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);

    expect(await api.invoke('openDocument', { path: 'a.txt' })).toEqual({ ok: true, value: { channel: wireName('openDocument'), args: { path: 'a.txt' } } });
    await expect(api.invoke('evil', {})).rejects.toThrow('unknown channel');
    await expect(api.invoke('marginalia:getStartup', {})).rejects.toThrow('unknown channel');
    expect(electron.module.ipcRenderer.invoke).toHaveBeenCalledTimes(1);

    expect(() => api.on('electron-store-get-data', () => {})).toThrow('unknown event');
    const listener = vi.fn();
    const off = api.on('menuCommand', listener);
    const wire = eventWireName('menuCommand');
    for (const fn of electron.rendererListeners.get(wire) ?? []) fn({ sender: 'ipcRenderer itself' }, 'edit.undo');
    expect(listener).toHaveBeenCalledWith('edit.undo');
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(electron.rendererListeners.get(wire)).toEqual([]);
  });
});

describe('window', () => {
  const origin = { rendererDir: '/app/out/renderer' };

  it('creates a sandboxed, isolated window with the preload and loads the built renderer', async () => {
    const { createMainWindow } = await import('./window');
    const settings = { getRecent: () => [], addRecent: () => {}, getWindowBounds: () => undefined, setWindowBounds: () => {} };
    createMainWindow(origin, settings, false);
    const win = electron.windows.at(-1);
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
    });
    expect(win?.loaded).toBe('marginalia://app/index.html');
    createMainWindow({ ...origin, devServerUrl: 'http://localhost:5173' }, settings, true);
    expect(electron.windows.at(-1)?.loaded).toBe('http://localhost:5173');
  });

  it('blocks network requests and permissions, and adds a CSP to dev-server pages', async () => {
    const { secureSession } = await import('./window');
    let beforeRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    let headers: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    let permission: ((wc: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const ses = {
      webRequest: { onBeforeRequest: (fn: typeof beforeRequest) => (beforeRequest = fn), onHeadersReceived: (fn: typeof headers) => (headers = fn) },
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      setDevicePermissionHandler: () => {},
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    secureSession(ses as never, { ...origin, devServerUrl: 'http://localhost:5173' });
    const cancelled = (url: string) => {
      let result: boolean | undefined;
      beforeRequest?.({ url }, (r) => (result = r.cancel));
      return result;
    };
    expect(cancelled('https://example.com/tracker.js')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('marginalia://app/assets/a.js')).toBe(false);
    // file:// is never the app's own any more, not even the renderer folder.
    expect(cancelled(pathToFileURL('/app/out/renderer/assets/a.js').href)).toBe(true);
    expect(cancelled('http://localhost:5173/src/main.tsx')).toBe(false);
    warn.mockRestore();
    let granted: boolean | undefined;
    permission?.({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(check?.()).toBe(false);
    let csp: string[] | undefined;
    headers?.({ responseHeaders: { 'X-A': ['1'] } }, (r) => (csp = r.responseHeaders['Content-Security-Policy']));
    expect(csp?.[0]).toContain("default-src 'self'");
    expect(csp?.[0]).toContain('ws://localhost:5173');
  });

  it('denies new windows, webviews and navigation away from the app', async () => {
    const { secureContents } = await import('./window');
    const listeners = new Map<string, (e: { url?: string; preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      on: (name: string, fn: (e: { url?: string; preventDefault(): void }) => void) => listeners.set(name, fn),
    };
    secureContents(contents as never, origin);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const prevented = (name: string, url?: string) => {
      const preventDefault = vi.fn();
      listeners.get(name)?.({ ...(url ? { url } : {}), preventDefault });
      return preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', appPage)).toBe(false);
    expect(prevented('will-redirect', 'https://example.com/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
  });
});

describe('app protocol', () => {
  it('registers marginalia: as a standard, secure scheme before ready, not CORS-readable by other origins', async () => {
    const { registerAppScheme } = await import('./app-protocol');
    registerAppScheme();
    expect(electron.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'marginalia', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
    const [[schemes]] = electron.module.protocol.registerSchemesAsPrivileged.mock.calls as [[{ privileges: Record<string, boolean> }[]]];
    expect(schemes[0]?.privileges).not.toHaveProperty('corsEnabled');
    expect(schemes[0]?.privileges).not.toHaveProperty('bypassCSP');
  });

  it('serves the files of the renderer folder with their types, and nothing outside it', async () => {
    const { appResponse, serveRenderer } = await import('./app-protocol');
    const files: Record<string, string> = { '/app/out/renderer/index.html': '<!doctype html>', '/app/out/renderer/assets/w.js': 'export {}' };
    const read = async (file: string) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    };
    const get = (url: string, method = 'GET') => appResponse({ url, method }, '/app/out/renderer', read);
    const page = await get('marginalia://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toBe('<!doctype html>');
    const worker = await get('marginalia://app/assets/w.js');
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(worker.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('marginalia://app/missing.js')).status).toBe(404);
    expect((await get('marginalia://app/assets/%2e%2e%2f%2e%2e%2fmain/index.js')).status).toBe(404);
    expect((await get('marginalia://app/index.html', 'POST')).status).toBe(405);

    let handler: ((request: { url: string; method: string }) => Promise<Response>) | undefined;
    const ses = { protocol: { handle: (scheme: string, fn: typeof handler) => scheme === 'marginalia' && (handler = fn) } };
    serveRenderer(ses as never, { rendererDir: '/nonexistent/renderer' });
    expect((await handler?.({ url: 'marginalia://app/index.html', method: 'GET' }))?.status).toBe(404);
  });
});
