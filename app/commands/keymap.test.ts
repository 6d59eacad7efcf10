import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, isCommandId } from './command-ids';
import { DEFAULT_KEYMAP, LABEL_WHEN, activeWhereLabelsAre, keysFor, reservedKeys } from './keymap';
import { matchesChord, parseChord } from './keys';
import { emptyContext, evaluateWhen, parseWhen } from './when';
import { LABEL_HOTKEYS, LabelSchemaFileSchema } from '../label-schema';

describe('the default keymap', () => {
  it('binds only known commands, with chords and when clauses that parse', () => {
    for (const b of DEFAULT_KEYMAP) {
      expect(isCommandId(b.command), b.command).toBe(true);
      expect(() => parseChord(b.key)).not.toThrow();
      if (b.when) expect(() => parseWhen(b.when as string)).not.toThrow();
    }
  });

  it('never binds one chord to two commands that can act in the same context', () => {
    // Brute force over every context: at most one binding may match any key event.
    const keys = ['documentOpen', 'articleFocused', 'textFieldFocused', 'controlFocused', 'annotationItemFocused', 'overlayOpen', 'pickMode', 'relationChoice', 'readOnly', 'isMac'] as const;
    for (let mask = 0; mask < 1 << keys.length; mask++) {
      const ctx = emptyContext(Object.fromEntries(keys.map((k, i) => [k, Boolean(mask & (1 << i))])));
      const active = DEFAULT_KEYMAP.filter((b) => evaluateWhen(b.when, ctx));
      for (const b of active) {
        const chord = parseChord(b.key);
        const same = active.filter((o) => o !== b && JSON.stringify(parseChord(o.key)) === JSON.stringify(chord) && o.command !== b.command);
        expect(same.map((o) => o.command), `${b.key} in ${JSON.stringify(ctx)}`).toEqual([]);
      }
    }
  });

  it('lets no single key act while focus is on a button, select or tab, except bindings declared for it', () => {
    const onButton = emptyContext({ documentOpen: true, controlFocused: true });
    const acting = DEFAULT_KEYMAP.filter((b) => evaluateWhen(b.when, onButton) && !/^(Mod|Ctrl|Alt)\+|^F6$|^Shift\+F6$/.test(b.key));
    // Backspace, x, →, letters: none of them act on a focused control; ? opens the sheet, Escape cancels picking.
    expect(acting.map((b) => b.key)).toEqual(['?', 'Escape']);
  });

  it('deletes only from the article, and never with x', () => {
    expect(keysFor('annotation.delete')).toEqual(['Delete', 'Backspace', 'Delete']);
    const del = DEFAULT_KEYMAP.filter((b) => b.command === 'annotation.delete');
    expect(del.filter((b) => evaluateWhen(b.when, emptyContext({ documentOpen: true, articleFocused: true }))).map((b) => b.key)).toEqual(['Delete', 'Backspace']);
    expect(del.some((b) => evaluateWhen(b.when, emptyContext({ documentOpen: true })))).toBe(false);
    expect(del.some((b) => evaluateWhen(b.when, emptyContext({ documentOpen: true, controlFocused: true })))).toBe(false);
    // On an annotation's own row in the side panel, Delete (not Backspace) deletes that annotation.
    const onRow = emptyContext({ documentOpen: true, controlFocused: true, annotationItemFocused: true });
    expect(del.filter((b) => evaluateWhen(b.when, onRow)).map((b) => b.key)).toEqual(['Delete']);
  });

  it('has a title for every command and a group on the sheet', () => {
    for (const c of COMMANDS) expect(c.title.length).toBeGreaterThan(2);
  });
});

describe('label hotkeys and the keymap', () => {
  const labelContext = emptyContext({ documentOpen: true });

  it('reserves every single key bound where labels act', () => {
    for (const b of DEFAULT_KEYMAP.filter(activeWhereLabelsAre)) {
      const chord = parseChord(b.key);
      if (chord.key.length === 1 && !chord.mod && !chord.ctrl && !chord.alt && !chord.shift) expect(reservedKeys()).toContain(chord.key);
    }
    expect(evaluateWhen(LABEL_WHEN, labelContext)).toBe(true);
  });

  it('no label hotkey a schema may use collides with a binding where labels act', () => {
    for (const hotkey of LABEL_HOTKEYS) {
      const event = { key: hotkey, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
      for (const ctx of [labelContext, emptyContext({ documentOpen: true, articleFocused: true })]) {
        const hit = DEFAULT_KEYMAP.filter((b) => evaluateWhen(b.when, ctx) && matchesChord(parseChord(b.key), event, false));
        expect(hit.map((b) => b.command), `label key ${hotkey}`).toEqual([]);
      }
    }
  });

  it('the default schema uses no reserved key', () => {
    const schema = LabelSchemaFileSchema.parse(JSON.parse(readFileSync(join(__dirname, '../../resources/default-schema.json'), 'utf8')));
    for (const l of [...schema.entityLabels, ...schema.claimLabels]) if (l.hotkey) expect(reservedKeys()).not.toContain(l.hotkey);
  });
});

describe('when clauses', () => {
  it('evaluates &&, || and !', () => {
    expect(evaluateWhen('documentOpen && !readOnly', emptyContext({ documentOpen: true }))).toBe(true);
    expect(evaluateWhen('documentOpen && !readOnly', emptyContext({ documentOpen: true, readOnly: true }))).toBe(false);
    expect(evaluateWhen('pickMode || relationChoice', emptyContext({ relationChoice: true }))).toBe(true);
    expect(evaluateWhen(undefined, emptyContext())).toBe(true);
    expect(() => evaluateWhen('articleFocussed', emptyContext())).toThrow(/Unknown context "articleFocussed"/);
  });
});
