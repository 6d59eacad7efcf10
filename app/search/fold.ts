// Folding text for search: case, compatibility forms and diacritics do not
// matter (e, é and e + U+0301 match; Ｆｕｌｌ matches full; أ matches ا), while
// what tells words apart in other scripts is kept (Japanese voicing marks: か
// and が stay different; Hangul syllables are recomposed; Indic vowel signs stay).
// Only the index and the query are folded: hits point at the original text.

/**
 * The combining marks that are removed: the general-purpose diacritics blocks
 * (Latin, Greek, Cyrillic), Hebrew points and cantillation, Arabic harakat,
 * Quranic annotation signs, the tatweel (U+0640, a stretching stroke) and
 * variation selectors (a glyph variant of the same character).
 */
const DIACRITICS =
  /[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]/g;
/** Variation selectors 17-256 (astral), kept apart: the BMP class above needs no `u` flag and is much faster. */
const ASTRAL_SELECTORS = /\udb40[\udd00-\uddef]/g;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * `s` as the index sees it: lower case, compatibility-decomposed (NFKD, so
 * full-width letters, ligatures and superscripts become plain ones),
 * diacritics removed, then recomposed (NFC). Idempotent. The result may be
 * longer or shorter than `s`: positions are never taken from it.
 */
export function fold(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  // Lower case again at the end: a compatibility form can decompose to a capital (ℌ to H).
  let t = s.toLowerCase().normalize('NFKD').replace(DIACRITICS, '');
  if (t.includes('\udb40')) t = t.replace(ASTRAL_SELECTORS, '');
  return t.normalize('NFC').toLowerCase();
}
