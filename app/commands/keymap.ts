// The default keymap (data): each binding is a key chord, a command id and a
// `when` clause. The key dispatcher, the shortcuts sheet, the palette, the
// menu's key labels and the label schema's reserved keys all read it.
import { isPlainCharacter, parseChord } from './keys';
import { parseWhen, type ContextKey } from './when';
import type { CommandId } from './command-ids';

export interface Binding {
  key: string;
  command: CommandId;
  when?: string;
}

/** Keys that type or act on a focused control are theirs: most keys act only outside text fields, buttons, selects and tabs. */
export const FREE = '!textFieldFocused && !controlFocused && !overlayOpen';
/** Where a label hotkey acts (label commands are generated with this clause). */
export const LABEL_WHEN = `documentOpen && ${FREE} && !pickMode && !relationChoice && !readOnly`;
const ARTICLE = 'documentOpen && articleFocused && !overlayOpen';
const IN_DOC = `documentOpen && ${FREE}`;
/** A key for the selected annotation: in the article, or on the annotation's own row in the side panel's list. */
const ON_ANNOTATION = `${IN_DOC} || documentOpen && annotationItemFocused && !overlayOpen`;

export const DEFAULT_KEYMAP: readonly Binding[] = [
  { key: 'ArrowRight', command: 'select.nextWord', when: ARTICLE },
  { key: 'ArrowLeft', command: 'select.previousWord', when: ARTICLE },
  { key: 'Shift+ArrowRight', command: 'select.extendWord', when: ARTICLE },
  { key: 'Shift+ArrowLeft', command: 'select.shrinkWord', when: ARTICLE },
  { key: 'Alt+Shift+ArrowLeft', command: 'select.extendLeft', when: ARTICLE },
  { key: 'j', command: 'select.nextSentence', when: IN_DOC },
  { key: 'k', command: 'select.previousSentence', when: IN_DOC },
  { key: 's', command: 'select.sentence', when: IN_DOC },
  { key: '.', command: 'annotation.next', when: `${ARTICLE} && !relationChoice` },
  { key: ',', command: 'annotation.previous', when: `${ARTICLE} && !relationChoice` },
  { key: 'Delete', command: 'annotation.delete', when: `${ARTICLE} && !readOnly && !pickMode` },
  { key: 'Backspace', command: 'annotation.delete', when: `${ARTICLE} && !readOnly && !pickMode` },
  { key: 'Delete', command: 'annotation.delete', when: 'documentOpen && annotationItemFocused && !overlayOpen && !readOnly' },
  { key: 'c', command: 'annotation.pickClaimant', when: ON_ANNOTATION },
  { key: 'r', command: 'annotation.addRelation', when: ON_ANNOTATION },
  { key: 'n', command: 'annotation.editNote', when: ON_ANNOTATION },
  { key: 'e', command: 'annotation.linkEntity', when: ON_ANNOTATION },
  { key: 'p', command: 'annotation.tagAll', when: `${IN_DOC} && !readOnly` },
  { key: 'Enter', command: 'pick.confirm', when: `pickMode && ${FREE}` },
  ...([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((n) => ({ key: String(n), command: `relation.type${n}` as const, when: `relationChoice && !textFieldFocused && !overlayOpen` })),
  { key: ']', command: 'suggest.next', when: IN_DOC },
  { key: '[', command: 'suggest.previous', when: IN_DOC },
  { key: 'a', command: 'suggest.accept', when: `${IN_DOC} && !readOnly` },
  { key: 'Shift+a', command: 'suggest.acceptAll', when: `${IN_DOC} && !readOnly` },
  { key: 'd', command: 'suggest.reject', when: IN_DOC },
  { key: 'Shift+d', command: 'suggest.rejectAll', when: IN_DOC },
  { key: 'Shift+s', command: 'suggest.skip', when: IN_DOC },
  // Not on a control: Alt+↓ opens a select.
  { key: 'Alt+ArrowDown', command: 'document.next', when: `${FREE}` },
  { key: 'Alt+ArrowUp', command: 'document.previous', when: `${FREE}` },
  { key: 'Mod+Enter', command: 'document.markDone', when: `documentOpen && !readOnly && !textFieldFocused && !overlayOpen` },
  { key: 'F6', command: 'focus.nextRegion', when: '!overlayOpen' },
  { key: 'Shift+F6', command: 'focus.previousRegion', when: '!overlayOpen' },
  // Undo and redo act everywhere: in a text field they are the field's own (see the renderer's edit.undo).
  { key: 'Mod+z', command: 'edit.undo' },
  { key: 'Mod+Shift+z', command: 'edit.redo' },
  { key: 'Mod+y', command: 'edit.redo', when: '!isMac' },
  { key: 'Mod+x', command: 'edit.cut' },
  { key: 'Mod+c', command: 'edit.copy' },
  { key: 'Mod+v', command: 'edit.paste' },
  { key: 'Mod+a', command: 'edit.selectAll' },
  { key: 'Mod+o', command: 'file.openFolder', when: '!overlayOpen' },
  { key: 'Mod+s', command: 'file.save' },
  { key: 'Mod+e', command: 'file.export', when: '!overlayOpen' },
  { key: 'Mod+f', command: 'view.search', when: '!overlayOpen' },
  { key: 'Mod+Shift+l', command: 'view.reading', when: '!overlayOpen' },
  { key: 'Mod+=', command: 'view.fontLarger' },
  { key: 'Mod++', command: 'view.fontLarger' },
  { key: 'Mod+-', command: 'view.fontSmaller' },
  { key: 'Mod+,', command: 'app.preferences', when: '!overlayOpen' },
  { key: 'Mod+Shift+p', command: 'app.palette', when: '!overlayOpen' },
  { key: '?', command: 'help.shortcuts', when: `!textFieldFocused && !overlayOpen` },
  // Dialogs close themselves on Escape (native <dialog>); this one is for the article's modes.
  { key: 'Escape', command: 'app.escape', when: '!overlayOpen && !textFieldFocused' },
  // Never in a text field or on a control: `/` types there.
  { key: '/', command: 'select.find', when: IN_DOC },
  { key: 'Alt+l', command: 'view.labelNames', when: '!overlayOpen' },
];

/** The bindings of a command, in keymap order (the first is the one the menu shows). */
export function keysFor(command: string, keymap: readonly Binding[] = DEFAULT_KEYMAP): string[] {
  return keymap.filter((b) => b.command === command).map((b) => b.key);
}

/** Contexts in which label hotkeys never act: a binding that needs one of them cannot collide with a label. */
const OUTSIDE_LABELS: readonly ContextKey[] = ['textFieldFocused', 'controlFocused', 'overlayOpen', 'pickMode', 'relationChoice', 'readOnly'];

/** Could this binding act where a label hotkey acts? */
export function activeWhereLabelsAre(binding: Binding): boolean {
  if (!binding.when) return true;
  return parseWhen(binding.when).some((alt) => !alt.some(([key, negated]) => !negated && OUTSIDE_LABELS.includes(key)));
}

/** Single keys bound to an app command where labels act: a label may not use them. */
export function reservedKeys(keymap: readonly Binding[] = DEFAULT_KEYMAP): string[] {
  const keys = new Set<string>();
  for (const b of keymap) {
    const chord = parseChord(b.key);
    if (isPlainCharacter(chord) && activeWhereLabelsAre(b)) keys.add(chord.key);
  }
  return [...keys].sort();
}
