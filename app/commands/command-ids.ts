// Every command the app has, as data: its id, its title (menu, palette,
// shortcuts sheet) and its group on the sheet. The renderer registers the
// `run` of each; main builds the menu from the same ids.

export type CommandGroup = 'Select' | 'Tag' | 'Annotations' | 'Suggestions' | 'Focus' | 'App';

export interface CommandInfo {
  id: string;
  title: string;
  group: CommandGroup;
  /** The browser does it (cut, copy, paste, select all): the dispatcher leaves the key alone; the menu uses the role. */
  native?: 'cut' | 'copy' | 'paste' | 'selectAll';
}

const c = (id: string, title: string, group: CommandGroup, native?: CommandInfo['native']): CommandInfo => (native ? { id, title, group, native } : { id, title, group });

export const COMMANDS = [
  c('select.nextWord', 'Select the next word', 'Select'),
  c('select.previousWord', 'Select the previous word', 'Select'),
  c('select.extendWord', 'Extend the selection by a word', 'Select'),
  c('select.shrinkWord', 'Shrink the selection by a word', 'Select'),
  c('select.extendLeft', 'Extend the selection to the left', 'Select'),
  c('select.nextSentence', 'Select the next sentence', 'Select'),
  c('select.previousSentence', 'Select the previous sentence', 'Select'),
  c('select.sentence', 'Select the whole sentence', 'Select'),
  c('annotation.next', 'Next annotation (or next target while picking)', 'Annotations'),
  c('annotation.previous', 'Previous annotation (or previous target while picking)', 'Annotations'),
  c('annotation.delete', 'Delete the selected annotation', 'Annotations'),
  c('annotation.pickClaimant', 'Pick the claimant of the selected claim', 'Annotations'),
  c('annotation.addRelation', 'Add a relation from the selected annotation', 'Annotations'),
  c('annotation.editNote', 'Edit the note of the selected annotation', 'Annotations'),
  c('annotation.linkEntity', 'Link the selected mention to an entity', 'Annotations'),
  c('annotation.tagAll', 'Tag all occurrences of the selection (preview first)', 'Annotations'),
  c('pick.confirm', 'Choose the highlighted target', 'Annotations'),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => c(`relation.type${n}`, `Choose relation type ${n}`, 'Annotations')),
  c('suggest.next', 'Next suggestion', 'Suggestions'),
  c('suggest.previous', 'Previous suggestion', 'Suggestions'),
  c('suggest.accept', 'Accept the current suggestion', 'Suggestions'),
  c('suggest.acceptAll', 'Accept all suggestions', 'Suggestions'),
  c('suggest.reject', 'Reject the current suggestion', 'Suggestions'),
  c('suggest.rejectAll', 'Reject all suggestions', 'Suggestions'),
  c('suggest.skip', 'Skip the current suggestion for now (review)', 'Suggestions'),
  c('document.next', 'Open the next document', 'App'),
  c('document.previous', 'Open the previous document', 'App'),
  c('document.markDone', 'Mark the document done', 'App'),
  c('focus.nextRegion', 'Focus the next region (documents, article, side panel)', 'Focus'),
  c('focus.previousRegion', 'Focus the previous region', 'Focus'),
  c('edit.undo', 'Undo', 'App'),
  c('edit.redo', 'Redo', 'App'),
  c('edit.cut', 'Cut', 'App', 'cut'),
  c('edit.copy', 'Copy', 'App', 'copy'),
  c('edit.paste', 'Paste', 'App', 'paste'),
  c('edit.selectAll', 'Select all', 'App', 'selectAll'),
  c('file.openFolder', 'Open a folder', 'App'),
  c('file.save', 'Save now (saving is automatic)', 'App'),
  c('file.export', 'Export the corpus…', 'App'),
  c('corpus.compare', 'Compare annotators…', 'App'),
  c('corpus.labels', 'Edit labels…', 'App'),
  c('view.search', 'Search the corpus', 'App'),
  c('view.reading', 'Reading view on or off', 'App'),
  c('view.fontLarger', 'Larger text', 'App'),
  c('view.fontSmaller', 'Smaller text', 'App'),
  c('app.preferences', 'Preferences…', 'App'),
  c('app.palette', 'Show all commands', 'App'),
  c('help.shortcuts', 'Show or hide the keyboard shortcuts', 'App'),
  c('help.about', 'About Marginalia', 'App'),
  c('app.escape', 'Cancel picking, clear the selection', 'App'),
  c('view.arcs', 'Show or hide relation arcs', 'App'),
  c('select.find', 'Jump to a word: type its first letters, Enter to stay', 'Select'),
  c('view.labelNames', 'Show or hide label names above spans', 'App'),
] as const satisfies readonly CommandInfo[];

export type CommandId = (typeof COMMANDS)[number]['id'];
/** Label hotkeys are generated commands: `label.<name>`. */
export type LabelCommandId = `label.${string}`;

const IDS = new Set<string>(COMMANDS.map((x) => x.id));

export function isCommandId(id: string): id is CommandId {
  return IDS.has(id);
}

export function commandInfo(id: string): CommandInfo | undefined {
  return (COMMANDS as readonly CommandInfo[]).find((x) => x.id === id);
}

export function labelCommandId(label: string): LabelCommandId {
  return `label.${label}`;
}

/** Document label keys are generated commands too: `doclabel.<name>` (toggle, or next value). */
export type DocumentLabelCommandId = `doclabel.${string}`;

export function documentLabelCommandId(name: string): DocumentLabelCommandId {
  return `doclabel.${name}`;
}
