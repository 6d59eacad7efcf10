// The `/` quick jump (vim's and less's search, for the article): after `/`,
// each typed letter moves the selection to the next word starting with what
// was typed, from where the selection was. Enter or Escape ends it and keeps
// the selection; any other key (Shift+→ to extend, a label's key with a
// modifier, Tab) ends it and does its usual work. The keys are taken in the
// capture phase, before the one key route, so letters never reach label
// hotkeys while finding.
import type { Span } from '../../../app/text-units';

export interface QuickFindHost {
  find(query: string, from: number): Span | null;
  select(span: Span): void;
  /** Letters no word starts with: let go of the last match, so a label key cannot tag a word that was not asked for. */
  unselect(): void;
  /** Where to show what is being typed (the article's scroll box). */
  container: HTMLElement | null;
}

let active: { end(): void } | null = null;

export function quickFindActive(): boolean {
  return active !== null;
}

/** Starts finding from `from` (code points); a second start replaces the first. */
export function startQuickFind(host: QuickFindHost, from: number): void {
  active?.end();
  let query = '';
  const box = document.createElement('div');
  box.className = 'mg-quick-find';
  box.setAttribute('role', 'status');
  const show = (note = '') => {
    box.textContent = `/${query}${note}`;
  };
  show();
  host.container?.append(box);

  const search = () => {
    if (!query) return show();
    const hit = host.find(query, from);
    if (hit) {
      host.select(hit);
      show();
    } else {
      host.unselect();
      show(' — no word starts with this');
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    const plain = e.key.length === 1 || [...e.key].length === 1;
    if (plain && !e.ctrlKey && !e.metaKey && !e.altKey) {
      query += e.key;
      search();
    } else if (e.key === 'Backspace' && !e.ctrlKey && !e.metaKey) {
      query = [...query].slice(0, -1).join('');
      search();
    } else if (e.key === 'Enter' || e.key === 'Escape') {
      end();
    } else if (e.key === 'Shift' || e.key === 'Control' || e.key === 'Alt' || e.key === 'Meta') {
      return; // a modifier alone: the chord is still coming
    } else {
      end();
      return; // let the key do its usual work
    }
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const onPointer = () => end();
  const end = () => {
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('mousedown', onPointer, true);
    box.remove();
    if (active === session) active = null;
  };
  const session = { end };
  active = session;
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('mousedown', onPointer, true);
}

export function endQuickFind(): void {
  active?.end();
}
