import { describe, expect, it } from 'vitest';
import { LABEL_WHEN } from '../../../app/commands/keymap';
import { emptyContext, evaluateWhen } from '../../../app/commands/when';
import { filterPalette, paletteEntries } from './palette';
import { CommandRegistry } from './registry';

function registry() {
  const r = new CommandRegistry();
  r.registerAll({ 'view.reading': { run: () => {} }, 'annotation.delete': { when: 'documentOpen && !readOnly', run: () => {} }, 'app.palette': { run: () => {} }, 'relation.type1': { run: () => {} } });
  r.register({ id: 'label.PERSON', title: 'Tag as PERSON', group: 'Tag', when: LABEL_WHEN, run: () => {} });
  return r;
}

describe('the command palette list', () => {
  it('lists every command a person runs, with its key, and not the palette, relation digits or native edits', () => {
    const ctx = emptyContext({ documentOpen: true });
    const entries = paletteEntries(registry().list(), false, (c) => evaluateWhen(c.when, ctx), new Map([['label.PERSON', '1']]));
    expect(entries.map((e) => [e.command.id, e.keys, e.enabled])).toEqual([
      ['annotation.delete', 'Delete / Backspace', true],
      ['view.reading', 'Ctrl+Shift+L', true],
      ['label.PERSON', '1', true],
    ]);
  });

  it('filters by every typed word, in the title or the id, in any order', () => {
    const entries = paletteEntries(registry().list(), false, () => true, new Map());
    expect(filterPalette(entries, 'view read').map((e) => e.command.id)).toEqual(['view.reading']);
    expect(filterPalette(entries, 'PERSON tag').map((e) => e.command.id)).toEqual(['label.PERSON']);
    expect(filterPalette(entries, 'nothing like this')).toEqual([]);
    expect(filterPalette(entries, '  ')).toHaveLength(3);
  });
});
