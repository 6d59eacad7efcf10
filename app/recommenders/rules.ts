// Rules from the label schema: word lists (a phrase per entry) and regular
// expressions (dates, sums, identifiers), each bound to a label. Written by
// the analyst, so trusted: a fixed high confidence.
import { z } from 'zod';
import { TextIndex } from '../offsets';
import { buildGazetteer, matchGazetteer } from './string-match';
import type { Recommendation } from './types';

/** A rule of the label schema's `suggestionRules`. */
export const SuggestionRuleSchema = z.strictObject({
  label: z.string().min(1),
  /** Phrases matched as whole tokens, case-sensitively. */
  words: z.array(z.string().min(1)).optional(),
  /** A word list kept in `.marginalia/` (one phrase a line, `#` starts a comment), loaded by main. */
  wordList: z.string().min(1).optional(),
  /** JavaScript regular expressions (Unicode mode), matched globally. */
  patterns: z.array(z.string().min(1)).optional(),
});

export interface SuggestionRule {
  label: string;
  words?: readonly string[] | undefined;
  wordList?: string | undefined;
  patterns?: readonly string[] | undefined;
}

/** A word list's file name: a plain name in `.marginalia/`, nothing that could leave it. */
export const WORD_LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.txt$/;

/** The phrases of a word list file: one a line, blank lines and `#` comments skipped. */
export function parseWordList(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** What is wrong with the rules, each as [index, field, message]; `entityLabels` are the labels a rule may name. */
export function findRuleProblems(rules: readonly SuggestionRule[], entityLabels: readonly string[]): [number, string, string][] {
  const problems: [number, string, string][] = [];
  rules.forEach((rule, i) => {
    const where = `suggestion rule ${i + 1} (${rule.label})`;
    if (!entityLabels.includes(rule.label)) problems.push([i, 'label', `${where}: there is no entity label ${rule.label}`]);
    if (rule.wordList !== undefined && !WORD_LIST_NAME.test(rule.wordList)) {
      problems.push([i, 'wordList', `${where}: the word list must be a .txt file name in .marginalia/ (letters, digits, . _ -)`]);
    }
    for (const p of rule.patterns ?? []) {
      const bad = checkPattern(p);
      if (bad) problems.push([i, 'patterns', `${where}: ${bad}`]);
    }
    if (!rule.words?.length && !rule.patterns?.length && rule.wordList === undefined) problems.push([i, 'label', `${where} has no words, word list or patterns`]);
  });
  return problems;
}

const RULE_SCORE = 0.9;
/** A pattern may not run away on a long article: matches past this many per rule are ignored. */
const MAX_MATCHES_PER_PATTERN = 10_000;

/** Why a rule's pattern cannot be used, or null. */
export function checkPattern(pattern: string): string | null {
  try {
    const re = new RegExp(pattern, 'gu');
    if (re.test('')) return `the pattern ${JSON.stringify(pattern)} matches empty text`;
    return null;
  } catch (e) {
    return `the pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(e as Error).message}`;
  }
}

export function applyRules(rules: readonly SuggestionRule[], text: string): Recommendation[] {
  const out: Recommendation[] = [];
  let index: TextIndex | null = null;
  for (const rule of rules) {
    if (rule.words?.length) {
      const gazetteer = buildGazetteer([], rule.words.map((w) => ({ text: w, label: rule.label, entity: '' })));
      for (const r of matchGazetteer(gazetteer, text)) {
        const { entity: _none, ...rest } = r;
        out.push({ ...rest, score: RULE_SCORE, source: 'rules' });
      }
    }
    for (const pattern of rule.patterns ?? []) {
      if (checkPattern(pattern)) continue;
      index ??= new TextIndex(text);
      const re = new RegExp(pattern, 'gu');
      let n = 0;
      for (let m = re.exec(text); m && n < MAX_MATCHES_PER_PATTERN; m = re.exec(text), n++) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const start = index.toCodePoint(m.index);
        const end = index.toCodePoint(m.index + m[0].length);
        out.push({ start, end, label: rule.label, text: m[0], score: RULE_SCORE, source: 'rules' });
      }
    }
  }
  return out;
}
