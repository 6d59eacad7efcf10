// The shape of the label schema's suggestion rules and what is wrong with
// them: what the schema needs to check a file, apart from running the rules
// (rules.ts), so the schema does not import the recommenders.
import { z } from 'zod';

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
