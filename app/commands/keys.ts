// Key chords as data: "Mod+Shift+Z", "Alt+ArrowDown", "?", "F6". `Mod` is Cmd on
// macOS and Ctrl elsewhere, so one keymap serves every platform (as in VS Code).
// Pure: the renderer matches events against chords, main turns them into
// menu accelerator labels.

export interface Chord {
  mod: boolean;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** KeyboardEvent.key, lower-cased when it is one letter. */
  key: string;
}

/** The parts of a KeyboardEvent a chord looks at (so tests need no DOM). */
export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function parseChord(text: string): Chord {
  // "Mod++" is Mod and the + key: split on '+' only between parts.
  const parts = text === '+' ? ['+'] : text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const key = parts.pop();
  if (!key) throw new Error(`Key chord "${text}" names no key`);
  const chord: Chord = { mod: false, ctrl: false, alt: false, shift: false, key: key.length === 1 ? key.toLowerCase() : key };
  for (const m of parts) {
    if (m === 'Mod') chord.mod = true;
    else if (m === 'Ctrl') chord.ctrl = true;
    else if (m === 'Alt') chord.alt = true;
    else if (m === 'Shift') chord.shift = true;
    else throw new Error(`Key chord "${text}": unknown modifier "${m}"`);
  }
  return chord;
}

/** A printable key other than a letter: the character already says whether Shift was down ("?", "+"). */
function shiftImplied(key: string): boolean {
  return key.length === 1 && key.toLowerCase() === key.toUpperCase();
}

export function matchesChord(chord: Chord, e: KeyEventLike, isMac: boolean): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key !== chord.key) return false;
  const wantCtrl = chord.ctrl || (chord.mod && !isMac);
  const wantMeta = chord.mod && isMac;
  if (e.ctrlKey !== wantCtrl || e.metaKey !== wantMeta || e.altKey !== chord.alt) return false;
  return shiftImplied(chord.key) || e.shiftKey === chord.shift;
}

/** A single key with no modifier: what a label hotkey could collide with. */
export function isPlainCharacter(chord: Chord): boolean {
  return !chord.mod && !chord.ctrl && !chord.alt && !chord.shift && chord.key.length === 1;
}

const KEY_LABELS: Record<string, string> = {
  ArrowRight: '→',
  ArrowLeft: '←',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
  Delete: 'Delete',
  Backspace: 'Backspace',
  Enter: 'Enter',
  ' ': 'Space',
};

/** How the shortcuts sheet and the palette show a chord. */
export function chordLabel(text: string, isMac: boolean): string {
  const c = parseChord(text);
  const mods = [c.ctrl || (c.mod && !isMac) ? 'Ctrl' : '', c.mod && isMac ? 'Cmd' : '', c.alt ? (isMac ? 'Option' : 'Alt') : '', c.shift ? 'Shift' : ''];
  const key = KEY_LABELS[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  return [...mods.filter(Boolean), key].join('+');
}

const ACCELERATOR_KEYS: Record<string, string> = {
  ArrowRight: 'Right',
  ArrowLeft: 'Left',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  Escape: 'Esc',
  ' ': 'Space',
  '+': 'Plus',
};

/** The same chord as an Electron accelerator string (shown in the menu, never registered). */
export function chordAccelerator(text: string): string {
  const c = parseChord(text);
  const mods = [c.mod ? 'CmdOrCtrl' : '', c.ctrl ? 'Ctrl' : '', c.alt ? 'Alt' : '', c.shift ? 'Shift' : ''];
  const key = ACCELERATOR_KEYS[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  return [...mods.filter(Boolean), key].join('+');
}
