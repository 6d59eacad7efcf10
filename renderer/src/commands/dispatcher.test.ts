import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYMAP, LABEL_WHEN } from '../../../app/commands/keymap';
import { emptyContext, type Context } from '../../../app/commands/when';
import { createKeyDispatcher, type AnyBinding } from './dispatcher';
import { focusContext, type FocusedLike } from './focus-context';
import { CommandRegistry } from './registry';

function key(k: string, mods: { ctrl?: boolean; shift?: boolean; meta?: boolean; alt?: boolean } = {}) {
  let prevented = false;
  return {
    key: k,
    ctrlKey: !!mods.ctrl,
    metaKey: !!mods.meta,
    altKey: !!mods.alt,
    shiftKey: !!mods.shift,
    preventDefault: () => void (prevented = true),
    get prevented() {
      return prevented;
    },
  };
}

function setup(context: Partial<Context>) {
  const ran: string[] = [];
  const registry = new CommandRegistry();
  const runs = Object.fromEntries(['annotation.delete', 'select.nextWord', 'edit.undo', 'annotation.next', 'help.shortcuts'].map((id) => [id, { run: () => void ran.push(id) }]));
  registry.registerAll(runs);
  registry.register({ id: 'label.PERSON', title: 'Tag as PERSON', group: 'Tag', when: LABEL_WHEN, run: () => void ran.push('label.PERSON') });
  const bindings: AnyBinding[] = [...DEFAULT_KEYMAP, { key: '1', command: 'label.PERSON', when: LABEL_WHEN }];
  const dispatcher = createKeyDispatcher({ bindings: () => bindings, registry, context: () => emptyContext({ documentOpen: true, ...context }) });
  return { ran, dispatcher };
}

describe('the key dispatcher', () => {
  it('runs a bound command in its context and prevents the default', () => {
    const { ran, dispatcher } = setup({ articleFocused: true });
    const e = key('Delete');
    expect(dispatcher.handle(e)).toBe(true);
    expect(e.prevented).toBe(true);
    expect(ran).toEqual(['annotation.delete']);
  });

  it('Backspace on a focused button does not delete; → on a tab does not move the selection', () => {
    const { ran, dispatcher } = setup({ controlFocused: true });
    const e = key('Backspace');
    expect(dispatcher.handle(e)).toBe(false);
    expect(e.prevented).toBe(false);
    expect(dispatcher.handle(key('ArrowRight'))).toBe(false);
    expect(dispatcher.handle(key('1'))).toBe(false);
    expect(ran).toEqual([]);
  });

  it('a stray x deletes nothing, anywhere', () => {
    for (const ctx of [{ articleFocused: true }, {}]) {
      const { ran, dispatcher } = setup(ctx);
      dispatcher.handle(key('x'));
      expect(ran).toEqual([]);
    }
  });

  it('runs a generated label command, but not while typing in a field', () => {
    expect(setup({ articleFocused: true }).dispatcher.handle(key('1'))).toBe(true);
    const typing = setup({ textFieldFocused: true });
    expect(typing.dispatcher.handle(key('1'))).toBe(false);
    expect(typing.ran).toEqual([]);
  });

  it('leaves cut, copy and paste to the browser', () => {
    const { dispatcher } = setup({ textFieldFocused: true });
    const e = key('v', { ctrl: true });
    expect(dispatcher.handle(e)).toBe(false);
    expect(e.prevented).toBe(false);
  });

  it('undo acts in a text field too (the command decides whose undo it is)', () => {
    const { ran, dispatcher } = setup({ textFieldFocused: true });
    expect(dispatcher.handle(key('z', { ctrl: true }))).toBe(true);
    expect(ran).toEqual(['edit.undo']);
  });

  it('a command that had nothing to do lets the key through', () => {
    const registry = new CommandRegistry();
    registry.registerAll({ 'annotation.next': { run: () => false } });
    const d = createKeyDispatcher({ bindings: () => DEFAULT_KEYMAP, registry, context: () => emptyContext({ documentOpen: true, articleFocused: true }) });
    const e = key('.');
    expect(d.handle(e)).toBe(false);
    expect(e.prevented).toBe(false);
  });
});

describe('focusContext', () => {
  const el = (tagName: string, attrs: Record<string, string> = {}, inArticle = false, editable = false): FocusedLike => ({
    tagName,
    isContentEditable: editable,
    getAttribute: (n) => attrs[n] ?? null,
    closest: (s) => ((s === '.mg-article' && inArticle) || (s === '.mg-side' && attrs['data-id'] !== undefined) ? {} : null),
  });

  it('tells text fields, controls and the article apart', () => {
    expect(focusContext(el('TEXTAREA'))).toEqual({ articleFocused: false, textFieldFocused: true, controlFocused: false, annotationItemFocused: false });
    expect(focusContext(el('BUTTON', { 'data-id': 'a_1' })).annotationItemFocused).toBe(true);
    expect(focusContext(el('INPUT', { type: 'search' })).textFieldFocused).toBe(true);
    expect(focusContext(el('INPUT', { type: 'checkbox' })).controlFocused).toBe(true);
    expect(focusContext(el('BUTTON', { role: 'tab' })).controlFocused).toBe(true);
    expect(focusContext(el('SELECT')).controlFocused).toBe(true);
    expect(focusContext(el('DIV', {}, true))).toEqual({ articleFocused: true, textFieldFocused: false, controlFocused: false, annotationItemFocused: false });
    expect(focusContext(el('DIV', {}, false, true)).textFieldFocused).toBe(true);
    expect(focusContext(el('BODY'))).toEqual({ articleFocused: false, textFieldFocused: false, controlFocused: false, annotationItemFocused: false });
  });
});
