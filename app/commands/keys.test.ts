import { describe, expect, it } from 'vitest';
import { chordAccelerator, chordLabel, matchesChord, parseChord, type KeyEventLike } from './keys';

const ev = (key: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('key chords', () => {
  it('parses modifiers and the key, including the + key itself', () => {
    expect(parseChord('Mod+Shift+Z')).toEqual({ mod: true, ctrl: false, alt: false, shift: true, key: 'z' });
    expect(parseChord('Mod++')).toEqual({ mod: true, ctrl: false, alt: false, shift: false, key: '+' });
    expect(() => parseChord('Hyper+x')).toThrow(/unknown modifier "Hyper"/);
  });

  it('matches Mod as Ctrl off macOS and Cmd on macOS, never both', () => {
    const undo = parseChord('Mod+z');
    expect(matchesChord(undo, ev('z', { ctrlKey: true }), false)).toBe(true);
    expect(matchesChord(undo, ev('z', { metaKey: true }), false)).toBe(false);
    expect(matchesChord(undo, ev('z', { metaKey: true }), true)).toBe(true);
    expect(matchesChord(undo, ev('z', { ctrlKey: true }), true)).toBe(false);
    expect(matchesChord(undo, ev('Z', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(matchesChord(parseChord('Mod+Shift+z'), ev('Z', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
  });

  it('a plain letter does not match with a modifier, and Shift is implied by symbols', () => {
    expect(matchesChord(parseChord('x'), ev('x', { ctrlKey: true }), false)).toBe(false);
    expect(matchesChord(parseChord('a'), ev('A', { shiftKey: true }), false)).toBe(false);
    expect(matchesChord(parseChord('?'), ev('?', { shiftKey: true }), false)).toBe(true);
    expect(matchesChord(parseChord('Shift+F6'), ev('F6', { shiftKey: true }), false)).toBe(true);
    expect(matchesChord(parseChord('F6'), ev('F6', { shiftKey: true }), false)).toBe(false);
  });

  it('labels chords for people and for Electron menus', () => {
    expect(chordLabel('Mod+Shift+p', false)).toBe('Ctrl+Shift+P');
    expect(chordLabel('Mod+Shift+p', true)).toBe('Cmd+Shift+P');
    expect(chordLabel('Shift+ArrowRight', false)).toBe('Shift+→');
    expect(chordAccelerator('Mod+Shift+z')).toBe('CmdOrCtrl+Shift+Z');
    expect(chordAccelerator('Mod++')).toBe('CmdOrCtrl+Plus');
    expect(chordAccelerator('Alt+Shift+ArrowLeft')).toBe('Alt+Shift+Left');
  });
});
