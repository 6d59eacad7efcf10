import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYMAP } from '../../../app/commands/keymap';
import { SHEET_GROUPS, sheetRows } from './sheet';

describe('the shortcuts sheet', () => {
  it('shows every bound command, with the keymap keys', () => {
    const rows = SHEET_GROUPS.flatMap((g) => sheetRows(g, [{ name: 'PERSON', hotkey: '1' }], false));
    const shown = new Set(rows.map((r) => r.command));
    for (const b of DEFAULT_KEYMAP) if (!b.command.startsWith('relation.type')) expect(shown, b.command).toContain(b.command);
    expect(rows.find((r) => r.command === 'annotation.next')?.keys).toBe('.');
    expect(rows.find((r) => r.command === 'annotation.delete')?.keys).toBe('Delete / Backspace');
    expect(rows.find((r) => r.command === 'edit.redo')?.keys).toBe('Ctrl+Shift+Z / Ctrl+Y');
    expect(rows.find((r) => r.command === 'label.PERSON')?.keys).toBe('1');
  });

  it('shows macOS keys on macOS', () => {
    const app = sheetRows('App', [], true);
    expect(app.find((r) => r.command === 'edit.redo')?.keys).toBe('Cmd+Shift+Z');
    expect(app.find((r) => r.command === 'app.palette')?.keys).toBe('Cmd+Shift+P');
  });
});
