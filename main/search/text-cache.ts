// The texts of recently shown documents, kept for answering queries as they
// are typed (each keystroke asks again): a query finds its hits in the texts
// of the documents it shows, and reading and tokenising them again for every
// keystroke would cost a file read each. Least recently used go first.
import type { TextIndex } from '../../app/offsets';
import type { Token } from '../../app/search/tokenize';

/** A text kept for queries, with what they compute from it. */
export interface CachedText {
  text: string;
  tokens?: Token[];
  index?: TextIndex;
}

export class TextCache {
  private readonly texts = new Map<string, CachedText>();
  private units = 0;
  /** At most this many UTF-16 units in all; a text over a quarter of it is not kept. */
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /**
   * The text of `path`, from the cache or from `read`. `current()`, asked
   * after reading, says whether the document is still the one read (not
   * changed meanwhile); a stale read is returned but not kept.
   */
  async get(path: string, read: () => Promise<string>, current: () => boolean): Promise<CachedText> {
    const hit = this.texts.get(path);
    if (hit !== undefined) {
      this.texts.delete(path); // most recently used last
      this.texts.set(path, hit);
      return hit;
    }
    const entry: CachedText = { text: await read() };
    if (entry.text.length <= this.capacity / 4 && current()) {
      this.forget(path);
      this.texts.set(path, entry);
      this.units += entry.text.length;
      for (const [p, t] of this.texts) {
        if (this.units <= this.capacity) break;
        this.texts.delete(p);
        this.units -= t.text.length;
      }
    }
    return entry;
  }

  forget(path: string): void {
    const old = this.texts.get(path);
    if (old !== undefined) {
      this.units -= old.text.length;
      this.texts.delete(path);
    }
  }

  clear(): void {
    this.texts.clear();
    this.units = 0;
  }
}
