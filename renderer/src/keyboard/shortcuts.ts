// Every keyboard shortcut, in one table: the key handler and the shortcuts
// sheet both read it, so the sheet never lies.

export type ShortcutAction =
  | 'token-next'
  | 'token-previous'
  | 'extend-next'
  | 'shrink-end'
  | 'extend-previous'
  | 'sentence-next'
  | 'sentence-previous'
  | 'sentence-select'
  | 'annotation-next'
  | 'annotation-previous'
  | 'delete'
  | 'claimant'
  | 'relation'
  | 'note'
  | 'entity'
  | 'undo'
  | 'redo'
  | 'save'
  | 'open-folder'
  | 'help'
  | 'reading'
  | 'search'
  | 'suggest-accept'
  | 'suggest-accept-all'
  | 'suggest-reject'
  | 'suggest-reject-all'
  | 'suggest-next'
  | 'suggest-previous'
  | 'tag-all'
  | 'font-larger'
  | 'font-smaller'
  | 'escape';

export interface Shortcut {
  action: ShortcutAction;
  /** Shown on the sheet. */
  keys: string;
  description: string;
  group: 'Select' | 'Tag' | 'Annotations' | 'Suggestions' | 'App';
  matches(e: KeyboardEvent): boolean;
}

const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey;
const mod = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey;
const key = (e: KeyboardEvent, k: string) => e.key === k || e.key.toLowerCase() === k;

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'token-next', keys: '→', description: 'Select the next word', group: 'Select', matches: (e) => plain(e) && !e.shiftKey && e.key === 'ArrowRight' },
  { action: 'token-previous', keys: '←', description: 'Select the previous word', group: 'Select', matches: (e) => plain(e) && !e.shiftKey && e.key === 'ArrowLeft' },
  { action: 'extend-next', keys: 'Shift+→', description: 'Extend the selection by a word', group: 'Select', matches: (e) => plain(e) && e.shiftKey && e.key === 'ArrowRight' },
  { action: 'shrink-end', keys: 'Shift+←', description: 'Shrink the selection by a word', group: 'Select', matches: (e) => plain(e) && e.shiftKey && e.key === 'ArrowLeft' },
  { action: 'extend-previous', keys: 'Alt+Shift+←', description: 'Extend the selection to the left', group: 'Select', matches: (e) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.key === 'ArrowLeft' },
  { action: 'sentence-next', keys: 'J', description: 'Select the next sentence', group: 'Select', matches: (e) => plain(e) && !e.shiftKey && key(e, 'j') },
  { action: 'sentence-previous', keys: 'K', description: 'Select the previous sentence', group: 'Select', matches: (e) => plain(e) && !e.shiftKey && key(e, 'k') },
  { action: 'sentence-select', keys: 'S', description: 'Select the whole sentence', group: 'Select', matches: (e) => plain(e) && !e.shiftKey && key(e, 's') },
  { action: 'annotation-next', keys: 'Tab', description: 'Next annotation (or next target while picking)', group: 'Annotations', matches: (e) => plain(e) && !e.shiftKey && e.key === 'Tab' },
  { action: 'annotation-previous', keys: 'Shift+Tab', description: 'Previous annotation', group: 'Annotations', matches: (e) => plain(e) && e.shiftKey && e.key === 'Tab' },
  { action: 'delete', keys: 'Delete / X', description: 'Delete the selected annotation', group: 'Annotations', matches: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace' || key(e, 'x')) },
  { action: 'claimant', keys: 'C', description: 'Pick the claimant of the selected claim', group: 'Annotations', matches: (e) => plain(e) && !e.shiftKey && key(e, 'c') },
  { action: 'relation', keys: 'R', description: 'Add a relation from the selected annotation', group: 'Annotations', matches: (e) => plain(e) && !e.shiftKey && key(e, 'r') },
  { action: 'note', keys: 'N', description: 'Edit the note of the selected annotation', group: 'Annotations', matches: (e) => plain(e) && !e.shiftKey && key(e, 'n') },
  { action: 'entity', keys: 'E', description: 'Link the selected mention to an entity', group: 'Annotations', matches: (e) => plain(e) && !e.shiftKey && key(e, 'e') },
  { action: 'tag-all', keys: 'P', description: 'Tag all occurrences of the selection (preview first)', group: 'Annotations', matches: (e) => plain(e) && !e.shiftKey && key(e, 'p') },
  { action: 'suggest-next', keys: ']', description: 'Next suggestion', group: 'Suggestions', matches: (e) => !e.ctrlKey && !e.metaKey && e.key === ']' },
  { action: 'suggest-previous', keys: '[', description: 'Previous suggestion', group: 'Suggestions', matches: (e) => !e.ctrlKey && !e.metaKey && e.key === '[' },
  { action: 'suggest-accept', keys: 'A', description: 'Accept the current suggestion', group: 'Suggestions', matches: (e) => plain(e) && !e.shiftKey && key(e, 'a') },
  { action: 'suggest-accept-all', keys: 'Shift+A', description: 'Accept all suggestions', group: 'Suggestions', matches: (e) => plain(e) && e.shiftKey && key(e, 'a') },
  { action: 'suggest-reject', keys: 'D', description: 'Reject the current suggestion', group: 'Suggestions', matches: (e) => plain(e) && !e.shiftKey && key(e, 'd') },
  { action: 'suggest-reject-all', keys: 'Shift+D', description: 'Reject all suggestions', group: 'Suggestions', matches: (e) => plain(e) && e.shiftKey && key(e, 'd') },
  { action: 'undo', keys: 'Ctrl+Z', description: 'Undo', group: 'App', matches: (e) => mod(e) && !e.shiftKey && key(e, 'z') },
  { action: 'redo', keys: 'Ctrl+Shift+Z / Ctrl+Y', description: 'Redo', group: 'App', matches: (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y')) },
  { action: 'save', keys: 'Ctrl+S', description: 'Save now (saving is automatic)', group: 'App', matches: (e) => mod(e) && key(e, 's') },
  { action: 'open-folder', keys: 'Ctrl+O', description: 'Open a folder', group: 'App', matches: (e) => mod(e) && key(e, 'o') },
  { action: 'search', keys: 'Ctrl+F', description: 'Search the corpus', group: 'App', matches: (e) => mod(e) && !e.shiftKey && key(e, 'f') },
  { action: 'reading', keys: 'Ctrl+Shift+L', description: 'Reading view on or off', group: 'App', matches: (e) => mod(e) && e.shiftKey && key(e, 'l') },
  { action: 'font-larger', keys: 'Ctrl++', description: 'Larger text', group: 'App', matches: (e) => mod(e) && (e.key === '+' || e.key === '=') },
  { action: 'font-smaller', keys: 'Ctrl+-', description: 'Smaller text', group: 'App', matches: (e) => mod(e) && e.key === '-' },
  { action: 'help', keys: '?', description: 'Show or hide this sheet', group: 'App', matches: (e) => !e.ctrlKey && !e.metaKey && e.key === '?' },
  { action: 'escape', keys: 'Esc', description: 'Cancel picking, close, clear the selection', group: 'App', matches: (e) => e.key === 'Escape' },
];

export function findShortcut(e: KeyboardEvent): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.matches(e));
}
