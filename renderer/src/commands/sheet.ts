// The shortcuts sheet's rows, generated from the keymap and the commands, so
// the sheet never lies about a key.
import { COMMANDS, type CommandGroup } from '../../../app/commands/command-ids';
import { DEFAULT_KEYMAP, keysFor, type Binding } from '../../../app/commands/keymap';
import { chordLabel } from '../../../app/commands/keys';

export interface SheetRow {
  command: string;
  keys: string;
  description: string;
}

export const SHEET_GROUPS: readonly CommandGroup[] = ['Select', 'Tag', 'Annotations', 'Suggestions', 'Focus', 'App'];

export function keyLabels(command: string, isMac: boolean, keymap: readonly Binding[] = DEFAULT_KEYMAP): string[] {
  return [...new Set(keymap.filter((b) => b.command === command && !(isMac && b.when === '!isMac')).map((b) => chordLabel(b.key, isMac)))];
}

export function sheetRows(group: CommandGroup, labels: readonly { name: string; hotkey?: string }[], isMac: boolean): SheetRow[] {
  if (group === 'Tag')
    return labels.filter((l) => l.hotkey).map((l) => ({ command: `label.${l.name}`, keys: (l.hotkey ?? '').toUpperCase(), description: `Tag the selection as ${l.name}, or relabel the selected annotation` }));
  const rows: SheetRow[] = [];
  for (const c of COMMANDS) {
    if (c.group !== group || keysFor(c.id).length === 0) continue;
    // The nine relation-type digits are one row.
    if (c.id.startsWith('relation.type')) {
      if (c.id === 'relation.type1') rows.push({ command: c.id, keys: '1–9', description: 'Choose the type of the relation being added' });
      continue;
    }
    rows.push({ command: c.id, keys: keyLabels(c.id, isMac).join(' / '), description: c.title });
  }
  return rows;
}
