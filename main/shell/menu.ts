// The application menu, built from command ids (app/commands): each command
// item shows the keymap's key but registers no accelerator, so the renderer's
// one key route handles every key on every platform; a click sends the
// command id. Cut, copy, paste and select all are the platform's own roles,
// and keep their system key: macOS routes Cmd+X/C/V/A to a text field only
// through the menu (electron #3787, #9698), and the renderer never binds them.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { commandInfo, type CommandId } from '../../app/commands/command-ids';
import { DEFAULT_KEYMAP } from '../../app/commands/keymap';
import { chordAccelerator } from '../../app/commands/keys';

export interface MenuOptions {
  platform: NodeJS.Platform;
  isDev: boolean;
  /** Sends the command id to the focused window's renderer. */
  send(command: CommandId): void;
}

/** The keymap's first binding for a command on this platform, as an accelerator label. */
export function acceleratorFor(command: CommandId, platform: NodeJS.Platform): string | undefined {
  const binding = DEFAULT_KEYMAP.find((b) => b.command === command && !(platform === 'darwin' && b.when === '!isMac'));
  return binding ? chordAccelerator(binding.key) : undefined;
}

const ROLES = { 'edit.cut': 'cut', 'edit.copy': 'copy', 'edit.paste': 'paste', 'edit.selectAll': 'selectAll' } as const;

function item(command: CommandId, options: MenuOptions): MenuItemConstructorOptions {
  const info = commandInfo(command);
  const accelerator = acceleratorFor(command, options.platform);
  if (command in ROLES) return { role: ROLES[command as keyof typeof ROLES], ...(accelerator ? { accelerator } : {}) };
  const shown = accelerator ? { accelerator, registerAccelerator: false } : {};
  return { label: info?.title ?? command, ...shown, click: () => options.send(command) };
}

type Entry = CommandId | 'separator';

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const items = (entries: Entry[]) => entries.map((e) => (e === 'separator' ? ({ type: 'separator' } as const) : item(e, options)));
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        // The renderer runs the dialog (openCorpusDialog) so it can save pending work first.
        ...items(['file.openFolder', 'file.save', 'separator', 'document.markDone', 'document.next', 'document.previous', 'separator', 'file.export']),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      // Undo and redo are commands: the renderer undoes the text field's typing when one has focus, else the last annotation change.
      submenu: items(['edit.undo', 'edit.redo', 'separator', 'edit.cut', 'edit.copy', 'edit.paste', 'edit.selectAll', 'separator', 'app.palette']),
    },
    {
      label: '&View',
      submenu: [
        ...(options.isDev ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        ...items(['view.search', 'view.reading', 'view.arcs', 'view.labelNames', 'view.fontLarger', 'view.fontSmaller', 'separator', 'focus.nextRegion', 'focus.previousRegion']),
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      // The renderer shows the About box (AboutDialog: versions, bundled licences via getAbout).
      submenu: items(['help.shortcuts', 'help.about']),
    },
  ];
}

export function buildMenu(options: MenuOptions): Menu {
  return Menu.buildFromTemplate(menuTemplate(options));
}
