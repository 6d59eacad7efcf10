// The app's entry (out/main/index.js): `marginalia-app [folder]`. Thin: one
// window, the menu, the folder dialog, and the IPC handlers over the corpus
// service; everything else lives in main/corpus and main/ipc.
import { cliArguments } from './cli-mode';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { join } from 'node:path';
import type { MenuCommand } from '../../app/ipc/contract';
import { resourcesDir } from '../corpus/resources-path';
import { createHandlers } from '../ipc/handlers';
import { prepareSampleCorpus } from '../corpus/sample-corpus';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { isAppUrl } from './app-url';
import { buildMenu } from './menu';
import { createCorpusWatchBridge } from './corpus-watch';
import { createOpenRequests, openRequestFromArgv } from './open-requests';
import { registerIpc, sendEvent } from './ipc-main';
import { createSettings } from './settings';
import { guardUnload } from './unload-guard';
import { appOrigin, createMainWindow, secureContents, secureSession } from './window';

// Tests and side-by-side runs can keep their settings (and their single-instance lock) apart.
if (process.env.MARGINALIA_USER_DATA) app.setPath('userData', process.env.MARGINALIA_USER_DATA);

// Before ready: the renderer's own scheme (app-protocol.ts).
registerAppScheme();
// Windows groups the taskbar button and notifications by this id: the installer's (electron-builder.yml appId).
if (process.platform === 'win32') app.setAppUserModelId('org.marginalia.app');

const origin = appOrigin();
const isDev = origin.devServerUrl !== undefined;
let mainWindow: BrowserWindow | null = null;

function send(command: MenuCommand): void {
  const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (win) sendEvent(win.webContents, 'menuCommand', command);
}

function start(): void {
  const settings = createSettings();
  // Packaged (electron-builder.yml extraResources), default-schema.json and sample-corpus/ sit in process.resourcesPath.
  const resources = resourcesDir(app.isPackaged ? process.resourcesPath : undefined);
  const defaultApp = Boolean(process.defaultApp);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  // A folder, a sidecar (the installers' file association) or a file:// URI of either (Linux %U).
  const launched = openRequestFromArgv(process.argv, { defaultApp, cwd });
  // Asked to open a folder while running: the renderer saves its work and switches (openRecentCorpus).
  const requests = createOpenRequests((request) => {
    if (request.kind === 'folder') settings.addRecent(request.root);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
      sendEvent(mainWindow.webContents, 'openCorpusRequest', request);
    } else {
      // macOS keeps running with no window: open the corpus, then a window shows it.
      const opened = request.kind === 'folder' ? handlers.openRecentCorpus({ root: request.root }) : Promise.resolve();
      void opened.catch((e: unknown) => console.error(`marginalia: could not open ${request.kind === 'folder' ? request.root : request.path}: ${String(e)}`)).then(openWindow);
    }
  }, launched === null ? undefined : launched.kind === 'folder' ? launched.root : launched.path);

  // Changes made by other programs (git pull, sync tools) in the open corpus, forwarded to the window.
  const watching = createCorpusWatchBridge((event) => {
    if (mainWindow) sendEvent(mainWindow.webContents, 'corpusFileChanged', event);
  });
  app.on('will-quit', () => void watching.close());

  const handlers = createHandlers({
    chooseFolder: async () => {
      const options = { title: 'Open a corpus folder', properties: ['openDirectory' as const] };
      const result = await (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    settings,
    // A writable copy in the user's data folder: the bundled one is read-only once installed.
    sampleCorpusRoot: prepareSampleCorpus(join(resources, 'sample-corpus'), app.getPath('userData')).root,
    resourcesDir: resources,
    appVersion: app.getVersion(),
    // Beside Chromium's own caches (sessionData: the user data folder unless moved): the search index is a shortcut, safe to delete.
    searchCacheDir: join(app.getPath('sessionData'), 'Marginalia Cache'),
    // Read when the renderer first asks for its startup state: a request that came before (macOS open-file at launch) wins.
    get initialCorpus() {
      return requests.startupCorpus();
    },
    onCorpusChanged: (summary, workspace) => {
      // The watcher feeds the workspace's index and search first; the window gets the documents' new entries.
      void watching.switchTo(workspace);
      if (!mainWindow) return;
      mainWindow.setTitle(`${summary.name} — Marginalia`);
      sendEvent(mainWindow.webContents, 'corpusChanged', summary);
    },
    onSearchIndexProgress: (progress) => {
      if (mainWindow) sendEvent(mainWindow.webContents, 'searchIndexProgress', progress);
    },
  });
  const ipcHandlers = {
    ...handlers,
    getStartup: (args: Parameters<typeof handlers.getStartup>[0]) => {
      requests.markStarted();
      return handlers.getStartup(args);
    },
  };

  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('web-contents-created', (_event, contents) => {
    secureContents(contents, origin);
    // A page that refuses to unload (unsaved changes) gets a native dialog: stay, or leave without saving.
    guardUnload(contents, {
      ask: async (options) => {
        const win = BrowserWindow.fromWebContents(contents);
        return (await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))).response;
      },
      isQuitting: () => quitting,
      quitCancelled: () => {
        quitting = false;
      },
      quit: () => app.quit(),
      close: () => BrowserWindow.fromWebContents(contents)?.close(),
    });
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const request = openRequestFromArgv(argv, { defaultApp, cwd: workingDirectory });
    if (request) requests.request(request);
    else if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // macOS: a folder or sidecar dropped on the Dock icon or opened with the app.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    requests.request(openRequestFromArgv(['marginalia', path], { defaultApp: false, cwd: '/' }));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const openWindow = () => {
    if (!app.isReady() || mainWindow) return;
    mainWindow = createMainWindow(origin, settings, isDev);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };
  void app.whenReady().then(() => {
    secureSession(session.defaultSession, origin);
    serveRenderer(session.defaultSession, origin);
    registerIpc(ipcHandlers, (url) => isAppUrl(url, origin));
    Menu.setApplicationMenu(buildMenu({ platform: process.platform, isDev, send }));
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}

const cliArgs = cliArguments(process.argv);
if (cliArgs) {
  // The command line, no window: exit with its code once its output is flushed.
  void import('../cli/run')
    .then(({ runCli }) => runCli(cliArgs))
    .then(
      (code) => process.stdout.write('', () => app.exit(code)),
      (e: unknown) => {
        console.error(e);
        app.exit(2);
      },
    );
} else if (app.requestSingleInstanceLock()) start();
else app.quit();
