// Rules from the label schema: word lists (a phrase per entry) and regular
// expressions (dates, sums, identifiers), each bound to a label. Written by
// the analyst, so trusted: a fixed high confidence.
import { TextIndex } from '../offsets';
import { buildGazetteer, matchGazetteer } from './string-match';
import type { Recommendation } from './types';
import { checkPattern, type SuggestionRule } from './rule-schema';

export { checkPattern, findRuleProblems, parseWordList, SuggestionRuleSchema, WORD_LIST_NAME, type SuggestionRule } from './rule-schema';

const RULE_SCORE = 0.9;
/** A pattern may not run away on a long article: matches past this many per rule are ignored. */
const MAX_MATCHES_PER_PATTERN = 10_000;


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
