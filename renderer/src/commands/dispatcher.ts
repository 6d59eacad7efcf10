// The one key route: a keydown is matched against the keymap's chords under
// their `when` clauses and runs the bound command from the registry. Native
// edits (cut, copy, paste, select all) are left to the browser.
import type { Binding } from '../../../app/commands/keymap';
import { matchesChord, parseChord, type Chord, type KeyEventLike } from '../../../app/commands/keys';
import { evaluateWhen, type Context } from '../../../app/commands/when';
import type { CommandRegistry } from './registry';

export interface AnyBinding extends Omit<Binding, 'command'> {
  command: string;
}

export interface KeyDispatcher {
  /** Handles a keydown; true (and default prevented) when a command acted. */
  handle(e: KeyEventLike & { preventDefault(): void; defaultPrevented?: boolean; isComposing?: boolean }): boolean;
}

export function createKeyDispatcher(deps: { bindings: () => readonly AnyBinding[]; registry: CommandRegistry; context: () => Context }): KeyDispatcher {
  const chords = new Map<string, Chord>();
  const chordOf = (key: string): Chord => {
    let c = chords.get(key);
    if (!c) chords.set(key, (c = parseChord(key)));
    return c;
  };
  return {
    handle(e) {
      // An IME composing a character owns its keys.
      if (e.defaultPrevented || e.isComposing) return false;
      const context = deps.context();
      for (const b of deps.bindings()) {
        if (!matchesChord(chordOf(b.key), e, context.isMac) || !evaluateWhen(b.when, context)) continue;
        const command = deps.registry.get(b.command);
        if (!command || command.native) return false;
        if (deps.registry.run(b.command, context)) {
          e.preventDefault();
          return true;
        }
      }
      return false;
    },
  };
}
