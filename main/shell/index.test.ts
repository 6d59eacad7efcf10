// The app's entry (main/shell/index.ts) with `electron` mocked: the wiring
// between Electron's events and the tested pieces (unload guard, open
// requests) is checked here, since the real binary cannot run on this machine.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventWireName, wireName } from '../../app/ipc/contract';
import { cleanupTempDirs, makeTempDir } from '../test-support';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const app = Object.assign(new Emitter(), {
    userData: '',
    isPackaged: false,
    setPath: (_name: string, path: string) => (app.userData = path),
    getPath: () => app.userData,
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    quit: () => {},
  });
  const sent: { channel: string; payload: unknown }[] = [];
  const windows: InstanceType<typeof BrowserWindow>[] = [];
  class BrowserWindow extends Emitter {
    webContents = Object.assign(new Emitter(), { send: (channel: string, payload: unknown) => sent.push({ channel, payload }), isDestroyed: () => false });
    constructor() {
      super();
      windows.push(this);
    }
    loadURL() {
      return Promise.resolve();
    }
    isMinimized = () => false;
    restore() {}
    focus = vi.fn();
    maximize() {}
    close() {}
    setTitle() {}
    static fromWebContents = () => windows[0] ?? null;
    static getAllWindows = () => windows;
    static getFocusedWindow = () => windows[0] ?? null;
  }
  const handlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  const module = {
    app,
    BrowserWindow,
    ipcMain: { handle: (c: string, fn: (event: unknown, args: unknown) => Promise<unknown>) => handlers.set(c, fn), removeHandler: () => {} },
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    session: {
      defaultSession: {
        webRequest: { onBeforeRequest: () => {}, onHeadersReceived: () => {} },
        protocol: { handle: vi.fn() },
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
      },
    },
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })), showOpenDialog: vi.fn() },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => {} },
  };
  return { module, app, sent, windows, handlers };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));
const recent: string[] = [];
vi.mock('./settings', () => ({
  createSettings: () => ({
    getRecent: () => [...recent],
    addRecent: (root: string) => recent.unshift(root),
    getWindowBounds: () => undefined,
    setWindowBounds: () => {},
  }),
}));

const argv = process.argv;
let userData = '';

beforeAll(async () => {
  userData = await makeTempDir();
  process.env.MARGINALIA_USER_DATA = userData;
  process.argv = ['/usr/lib/marginalia/marginalia'];
  await import('./index');
  await new Promise((r) => setImmediate(r));
});

afterAll(async () => {
  electron.app.emit('will-quit');
  process.argv = argv;
  delete process.env.MARGINALIA_USER_DATA;
  await cleanupTempDirs();
});

describe('the app entry', () => {
  it('serves the renderer from its own scheme and opens one window on it', () => {
    expect(electron.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(electron.module.session.defaultSession.protocol.handle).toHaveBeenCalledWith('marginalia', expect.any(Function));
    expect(electron.windows).toHaveLength(1);
  });

  it('every web contents gets a will-prevent-unload answer (and the navigation guards)', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: () => void };
    contents.setWindowOpenHandler = () => {};
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.listenerCount('will-prevent-unload')).toBe(1);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-prevent-unload', event);
    expect(electron.module.dialog.showMessageBox).toHaveBeenCalledWith(electron.windows[0], expect.objectContaining({ buttons: ['Stay', 'Close Without Saving'] }));
  });

  it('a second launch naming a folder (with Chromium’s switches) makes the window open it, once the renderer started', async () => {
    const corpus = await makeTempDir({ 'a.txt': 'A', 'a.txt.annotations.json': '{}' });
    const getStartup = electron.handlers.get(wireName('getStartup'));
    expect(await getStartup?.({ senderFrame: { url: 'marginalia://app/index.html' } }, {})).toMatchObject({ ok: true });
    const argv2 = ['/usr/lib/marginalia/marginalia', '--allow-file-access-from-files', 'a.txt.annotations.json', '--original-process-start-time=1'];
    electron.app.emit('second-instance', {}, argv2, corpus, {});
    expect(electron.sent).toContainEqual({ channel: eventWireName('openCorpusRequest'), payload: { kind: 'folder', root: corpus } });
    // openRecentCorpus, which the renderer calls next, accepts it.
    expect(recent[0]).toBe(corpus);
    expect(electron.windows[0]?.focus).toHaveBeenCalled();
    // A file:// URI (Linux %U) works the same.
    electron.app.emit('second-instance', {}, ['/usr/lib/marginalia/marginalia', `file://${join(corpus, 'a.txt.annotations.json')}`], '/', {});
    expect(electron.sent.filter((s) => s.channel === eventWireName('openCorpusRequest'))).toHaveLength(2);
  });
});
