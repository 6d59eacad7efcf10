// The app's entry (out/main/index.js): `marginalia-app [folder]`. Thin: one
// window, the menu, the folder dialog, and the IPC handlers over the corpus
// service; everything else lives in main/corpus and main/ipc.
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { join } from 'node:path';
import type { MenuCommand } from '../../app/ipc/contract';
import { findCorpusArgument } from '../corpus/command-line';
import { resourcesDir } from '../corpus/resources-path';
import { createHandlers } from '../ipc/handlers';
import { prepareSampleCorpus } from '../corpus/sample-corpus';
import { isAppUrl } from './app-url';
import { buildMenu } from './menu';
import { createCorpusWatchBridge } from './corpus-watch';
import { registerIpc, sendEvent } from './ipc-main';
import { sidecarToFolder } from './sidecar-argument';
import { createSettings } from './settings';
import { appOrigin, createMainWindow, secureContents, secureSession } from './window';

// Tests and side-by-side runs can keep their settings (and their single-instance lock) apart.
if (process.env.MARGINALIA_USER_DATA) app.setPath('userData', process.env.MARGINALIA_USER_DATA);

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
  const cwd = process.env.INIT_CWD ?? process.cwd();
  // A sidecar opened from the file manager (the installers' file association) opens its folder.
  const corpusArg = findCorpusArgument(
    process.argv.map((a) => sidecarToFolder(a, cwd)),
    { defaultApp: Boolean(process.defaultApp), cwd },
  );
  const initialCorpus = corpusArg === null ? undefined : 'folder' in corpusArg ? corpusArg.folder : corpusArg.missing;

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
    ...(initialCorpus !== undefined ? { initialCorpus } : {}),
    onCorpusChanged: (summary, service) => {
      void watching.switchTo(service);
      if (!mainWindow) return;
      mainWindow.setTitle(`${summary.name} — Marginalia`);
      sendEvent(mainWindow.webContents, 'corpusChanged', summary);
    },
    onSearchIndexProgress: (progress) => {
      if (mainWindow) sendEvent(mainWindow.webContents, 'searchIndexProgress', progress);
    },
  });

  app.on('web-contents-created', (_event, contents) => secureContents(contents, origin));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    secureSession(session.defaultSession, origin);
    registerIpc(handlers, (url) => isAppUrl(url, origin));
    Menu.setApplicationMenu(buildMenu({ platform: process.platform, isDev, send }));
    const open = () => {
      mainWindow = createMainWindow(origin, settings, isDev);
      mainWindow.on('closed', () => {
        mainWindow = null;
      });
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
