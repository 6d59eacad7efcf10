// The fewest keys that select a span in the article with the app's keyboard
// commands, modelled on app/text-units (what the commands call): the arrows
// (→ next word, Shift+→ extend by a word) or the `/` quick jump (type a prefix
// of the span, Enter, or Shift+→ to extend). The e2e test presses the planned
// keys in the real app and checks the selection, so a wrong model fails there.
import type { TextIndex } from '../../app/offsets';
import { findWord, nextToken, tokenAt, type Span } from '../../app/text-units';

const MAX_KEYS = 40;

/** Extend `from` word by word until it ends at `end`: the Shift+→ presses needed, or null if it overshoots. */
function extensions(index: TextIndex, from: Span, end: number): number | null {
  let n = 0;
  let at = from.end;
  while (at < end) {
    const t = nextToken(index, at);
    if (!t || t.end > end) return null;
    at = t.end;
    n++;
    if (n > MAX_KEYS) return null;
  }
  return at === end ? n : null;
}

/** The keys to select `target` from the cursor (`null`: nothing selected, start of the text), without the label's key; null when none is found. */
export function planKeys(index: TextIndex, cursor: Span | null, target: Span): string[] | null {
  const plans: string[][] = [];
  // Arrows: → until the selected word starts the target, then Shift+→.
  let word = cursor ? nextToken(index, cursor.end) : tokenAt(index, 0);
  let steps = 1;
  while (word && word.start < target.start && steps <= MAX_KEYS) {
    word = nextToken(index, word.end);
    steps++;
  }
  if (word && word.start === target.start) {
    const ext = extensions(index, word, target.end);
    if (ext !== null) plans.push([...Array<string>(steps).fill('ArrowRight'), ...Array<string>(ext).fill('Shift+ArrowRight')]);
  }
  // `/` and a prefix of the target's text (spaces included), from just after the cursor's start.
  const text = index.slice(target.start, target.end);
  const from = cursor ? cursor.start + 1 : 0;
  const chars = Array.from(text);
  for (let k = 1; k <= chars.length; k++) {
    const query = chars.slice(0, k).join('');
    const hit = findWord(index, query, from);
    if (!hit || hit.start !== target.start) continue;
    const ext = extensions(index, hit, target.end);
    if (ext === null) continue;
    plans.push(['/', ...chars.slice(0, k), ...(ext === 0 ? ['Enter'] : Array<string>(ext).fill('Shift+ArrowRight'))]);
    break; // longer prefixes only add keys
  }
  plans.sort((a, b) => a.length - b.length);
  return plans[0] ?? null;
}
