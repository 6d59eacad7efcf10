// The command palette's list: every command a person can run, with its key,
// and the filter that narrows it as they type.
import type { Command } from './registry';
import { keyLabels } from './sheet';

/** Commands that are steps of another one (or the palette itself): not listed. */
const HIDDEN = new Set(['app.palette', 'app.escape', 'pick.confirm']);

export interface PaletteEntry {
  command: Command;
  keys: string;
  enabled: boolean;
}

export function paletteEntries(commands: readonly Command[], isMac: boolean, enabled: (c: Command) => boolean, labelKeys: ReadonlyMap<string, string>): PaletteEntry[] {
  return commands
    .filter((c) => !c.native && !c.id.startsWith('relation.type') && !HIDDEN.has(c.id))
    .map((c) => ({ command: c, keys: labelKeys.get(c.id) ?? keyLabels(c.id, isMac).join(' / '), enabled: enabled(c) }));
}

/** Every word typed appears in the title (or the id), in any order. */
export function filterPalette(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => words.every((w) => e.command.title.toLowerCase().includes(w) || e.command.id.toLowerCase().includes(w)));
}

