// The application menu with `electron` mocked: built from command ids, showing
// the keymap's keys, registering none for the app's commands.
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { isCommandId } from '../../app/commands/command-ids';
import { DEFAULT_KEYMAP } from '../../app/commands/keymap';
import { chordAccelerator } from '../../app/commands/keys';

vi.mock('electron', () => {
  const Menu = { buildFromTemplate: (template: unknown) => ({ template }) };
  return { Menu, default: { Menu } };
});

const { menuTemplate, buildMenu } = await import('./menu');

type Item = MenuItemConstructorOptions;
const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu as Item[]) : [])]);
const PLATFORMS = ['darwin', 'linux', 'win32'] as const;

function build(platform: NodeJS.Platform) {
  const sent: string[] = [];
  const template = menuTemplate({ platform, isDev: false, send: (id) => void sent.push(id) });
  return { template, sent, items: flat(template) };
}

describe('the application menu', () => {
  it.each(PLATFORMS)('has undo, redo, cut, copy, paste and select all in Edit on %s', (platform) => {
    const { template, sent } = build(platform);
    const edit = (template.find((m) => m.label === '&Edit')?.submenu as Item[]).filter((i) => i.type !== 'separator');
    expect(edit.slice(0, 6).map((i) => i.role ?? i.label)).toEqual(['Undo', 'Redo', 'cut', 'copy', 'paste', 'selectAll']);
    // Undo and redo send command ids: the renderer decides whose undo it is (a text field's or the annotations').
    for (const i of edit.slice(0, 2)) (i.click as () => void)();
    expect(sent).toEqual(['edit.undo', 'edit.redo']);
  });

  it.each(PLATFORMS)('shows the keymap key of every command and registers none of them on %s', (platform) => {
    const { items, sent } = build(platform);
    const commands = items.filter((i) => i.click);
    expect(commands.length).toBeGreaterThan(8);
    for (const i of commands) {
      (i.click as () => void)();
      const id = sent.at(-1) as string;
      expect(isCommandId(id), id).toBe(true);
      const binding = DEFAULT_KEYMAP.find((b) => b.command === id && !(platform === 'darwin' && b.when === '!isMac'));
      expect(i.accelerator, id).toBe(binding ? chordAccelerator(binding.key) : undefined);
      if (i.accelerator) expect(i.registerAccelerator, id).toBe(false);
    }
    // The edit roles show the keymap's key too (and keep the system's registration, see menu.ts).
    for (const role of ['cut', 'copy', 'paste', 'selectAll'] as const) {
      const it = items.find((i) => i.role === role);
      expect(it?.accelerator).toBe(chordAccelerator(DEFAULT_KEYMAP.find((b) => b.command === `edit.${role}`)?.key ?? ''));
    }
  });

  it('shows Cmd+Shift+Z for redo on macOS and Ctrl+Shift+Z elsewhere (both are in the keymap)', () => {
    const redo = (p: NodeJS.Platform) => build(p).items.find((i) => i.label === 'Redo')?.accelerator;
    expect(redo('darwin')).toBe('CmdOrCtrl+Shift+Z');
    expect(redo('linux')).toBe('CmdOrCtrl+Shift+Z');
  });

  it('no role besides the platform ones (quit, close, full screen, app menu) and the edit ones', () => {
    const roles = new Set(build('darwin').items.map((i) => i.role).filter(Boolean));
    expect([...roles].sort()).toEqual(['appMenu', 'close', 'copy', 'cut', 'paste', 'selectAll', 'togglefullscreen']);
    expect(build('linux').items.some((i) => i.role === 'quit')).toBe(true);
  });

  it('builds through Menu.buildFromTemplate', () => {
    expect(buildMenu({ platform: 'linux', isDev: true, send: () => {} })).toHaveProperty('template');
  });
});
