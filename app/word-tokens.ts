// Word tokens for snapping selections and moving by keyboard: Intl.Segmenter's
// word boundaries (each script's own rules: CJK, Thai, Arabic), sharpened for
// news text. Abbreviations keep their full stop ("U.S.", "Gen.", "Dec."), the
// possessive "’s"/"'s" is a token of its own, and punctuation is never a word,
// so a span snapped to words leaves out edge punctuation and the possessive.
// Pure functions over strings; offsets here are UTF-16 indices of the string.

export type TokenKind = 'word' | 'possessive' | 'punct';

export interface Token {
  start: number;
  end: number;
  kind: TokenKind;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Titles and short forms that end in a full stop in news text (case-sensitive: "No." yes, "no." no). */
const ABBREVIATIONS = new Set([
  'Gen', 'Lt', 'Col', 'Maj', 'Capt', 'Cpt', 'Sgt', 'Cpl', 'Adm', 'Cmdr', 'Brig', 'Pvt', 'Mr', 'Mrs', 'Ms', 'Dr', 'Prof',
  'Sen', 'Rep', 'Gov', 'Pres', 'Amb', 'Hon', 'Rev', 'St', 'Jr', 'Sr', 'Inc', 'Corp', 'Co', 'Ltd', 'Bros', 'Dept', 'Univ',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'No', 'Nos', 'Mt', 'Ft', 'Ave',
  'vs', 'etc', 'approx', 'est',
]);

/** "U.S", "e.g", "U.K" (the segmenter keeps inner full stops), or a single capital (an initial: "John F. Kennedy"). */
const DOTTED = /^(?:\p{L}\.)+\p{L}$|^\p{Lu}$/u;
const SINGLE_LETTER = /^\p{L}$/u;
const POSSESSIVE = /^(.+?)(['’][sS])$/u;
const SPACE = /^\s+$/u;

function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word) || DOTTED.test(word);
}

/** The tokens of `text` (white space is not a token), in order. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const segs = [...segmenter.segment(text)];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const start = s.index;
    const end = start + s.segment.length;
    if (SPACE.test(s.segment)) continue;
    if (!s.isWordLike) {
      out.push({ start, end, kind: 'punct' });
      continue;
    }
    const next = segs[i + 1];
    if (next && next.segment === '.' && isAbbreviation(s.segment)) {
      // ICU versions differ: some give "U.S" + ".", others "U" "." "S" "." (Chromium's). Take every letter-dot pair that follows.
      let j = i + 1;
      while (segs[j + 1]?.isWordLike && SINGLE_LETTER.test(segs[j + 1]!.segment) && segs[j + 2]?.segment === '.' && segs[j + 1]!.index === segs[j]!.index + 1) j += 2;
      const last = segs[j]!;
      out.push({ start, end: last.index + last.segment.length, kind: 'word' });
      i = j;
      continue;
    }
    const possessive = POSSESSIVE.exec(s.segment);
    if (possessive) {
      const cut = start + possessive[1]!.length;
      out.push({ start, end: cut, kind: 'word' }, { start: cut, end, kind: 'possessive' });
      continue;
    }
    out.push({ start, end, kind: 'word' });
  }
  return out;
}

/** Only the words: what snapping keeps and what the keyboard moves by. */
export function words(text: string): Token[] {
  return tokenize(text).filter((t) => t.kind === 'word');
}

/**
 * [start, end) widened to whole words and narrowed to leave out the
 * punctuation, possessive and spaces at its edges. A selection that holds no
 * word (a quote mark alone) is returned as it is.
 */
export function snapRange(text: string, start: number, end: number): { start: number; end: number } {
  const ws = words(text);
  const first = ws.find((w) => w.end > start && w.start < end);
  if (!first) return { start, end };
  let last = first;
  for (const w of ws) if (w.start < end && w.end > start) last = w;
  return { start: first.start, end: last.end };
}

/**
 * Every word of `text` whose text starts with `query` (case-insensitive), as
 * the whole words the match covers ("north k" covers "North Korea").
 */
export function wordMatches(text: string, query: string): { start: number; end: number }[] {
  const q = query.toLocaleLowerCase();
  if (!q) return [];
  const lower = text.toLocaleLowerCase();
  // Lower-casing may change lengths (rare: "İ"); then offsets would drift, so match the original text instead.
  const hay = lower.length === text.length ? lower : text;
  if (!hay.includes(q)) return [];
  const ws = words(text);
  const hits: { start: number; end: number }[] = [];
  for (const w of ws) if (hay.startsWith(q, w.start)) hits.push(snapRange(text, w.start, Math.min(text.length, w.start + q.length)));
  return hits;
}
