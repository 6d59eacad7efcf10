// Which scripts a document uses that a Latin-first font stack may not draw,
// and what to install for them. Pure: the glyph check itself (a canvas
// measurement) is glyph-check.ts, so this is tested in Node.

export interface ScriptNeed {
  /** Shown to the analyst: "Korean", "Chinese or Japanese kanji"… */
  name: string;
  /** What to install (Debian/Ubuntu package; the Noto family names it elsewhere). */
  install: string;
  test: RegExp;
}

const CJK = 'fonts-noto-cjk (Noto Sans/Serif CJK)';
const CORE = 'fonts-noto-core';

/** In the order they are named in the message. Latin, Greek and Cyrillic are left out: every system font draws them. */
export const SCRIPT_NEEDS: readonly ScriptNeed[] = [
  { name: 'Chinese or Japanese kanji', install: CJK, test: /\p{Script=Han}/u },
  { name: 'Korean', install: CJK, test: /\p{Script=Hangul}/u },
  { name: 'Japanese kana', install: CJK, test: /[\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { name: 'Arabic', install: CORE, test: /\p{Script=Arabic}/u },
  { name: 'Hebrew', install: CORE, test: /\p{Script=Hebrew}/u },
  { name: 'Thai', install: CORE, test: /\p{Script=Thai}/u },
  { name: 'Devanagari', install: CORE, test: /\p{Script=Devanagari}/u },
  { name: 'Bengali', install: CORE, test: /\p{Script=Bengali}/u },
  { name: 'Tamil', install: CORE, test: /\p{Script=Tamil}/u },
  { name: 'Georgian', install: CORE, test: /\p{Script=Georgian}/u },
  { name: 'Armenian', install: CORE, test: /\p{Script=Armenian}/u },
  { name: 'Ethiopic', install: CORE, test: /\p{Script=Ethiopic}/u },
  { name: 'emoji', install: 'fonts-noto-color-emoji', test: /\p{Extended_Pictographic}/u },
];

export interface ScriptSample {
  need: ScriptNeed;
  /** The first few distinct characters of the script in the text. */
  chars: string[];
}

/**
 * The scripts of `text` that need a font of their own, each with up to
 * `perScript` of its characters to check. One pass; characters below U+0370
 * (Latin) are skipped without a regular expression, so a 1 MB English
 * article costs a few milliseconds.
 */
export function scriptSamples(text: string, perScript = 3): ScriptSample[] {
  const found = new Map<ScriptNeed, Set<string>>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x370 || (cp >= 0x2000 && cp < 0x2e80 && cp !== 0x2764)) continue; // Latin, and punctuation and symbols Latin fonts draw
    for (const need of SCRIPT_NEEDS) {
      if (!need.test.test(ch)) continue;
      let chars = found.get(need);
      if (!chars) found.set(need, (chars = new Set()));
      if (chars.size < perScript) chars.add(ch);
      break;
    }
  }
  return SCRIPT_NEEDS.filter((n) => found.has(n)).map((need) => ({ need, chars: [...(found.get(need) as Set<string>)] }));
}

/** One line for the status bar: what shows as empty boxes, and what to install. */
export function missingFontMessage(missing: readonly ScriptNeed[]): string {
  const names = missing.map((n) => n.name);
  const installs = [...new Set(missing.map((n) => n.install))];
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
  return `No installed font draws the ${list} text in this document (it shows as empty boxes): install ${installs.join(', ')}, then restart Marginalia.`;
}
