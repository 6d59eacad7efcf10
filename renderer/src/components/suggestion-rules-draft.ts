// The Labels editor's working copy of the schema's suggestion rules
// (app/recommenders/rules.ts): one row per rule with its fields as typed
// (a phrase or a pattern per line), pure functions to edit it, turn it back
// into rules and find what is wrong with it. Kept apart from schema-draft.ts
// so the rest of the schema editor can change without touching this.
import type { LabelSchemaFile, SchemaProblem } from '../../../app/label-schema';
import { findRuleProblems, type SuggestionRule } from '../../../app/recommenders/rules';

export interface DraftRule {
  key: string;
  label: string;
  /** Phrases, one a line. */
  words: string;
  /** A file name in .marginalia/, or ''. */
  wordList: string;
  /** Regular expressions, one a line. */
  patterns: string;
}

let counter = 0;
const newKey = () => `rule-${(counter += 1)}`;

/** Lines of a text area: trimmed, blanks dropped. A pattern's own spaces inside are kept. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function rulesDraftFrom(schema: { suggestionRules?: readonly SuggestionRule[] | undefined }): DraftRule[] {
  return (schema.suggestionRules ?? []).map((r) => ({
    key: newKey(),
    label: r.label,
    words: (r.words ?? []).join('\n'),
    wordList: r.wordList ?? '',
    patterns: (r.patterns ?? []).join('\n'),
  }));
}

/** The rules the rows stand for, in their order; absent when there are none (schemas without rules save as before). */
export function rulesFromDraft(rows: readonly DraftRule[]): Pick<LabelSchemaFile, 'suggestionRules'> {
  if (rows.length === 0) return {};
  return {
    suggestionRules: rows.map((r) => {
      const words = linesOf(r.words);
      const patterns = linesOf(r.patterns);
      const wordList = r.wordList.trim();
      return { label: r.label, ...(words.length ? { words } : {}), ...(wordList ? { wordList } : {}), ...(patterns.length ? { patterns } : {}) };
    }),
  };
}

/** A new rule for the first entity label, with nothing in it yet (a problem until it has words, a list or a pattern). */
export function addRule(rows: readonly DraftRule[], entityLabels: readonly string[]): { rows: DraftRule[]; key: string } {
  const row: DraftRule = { key: newKey(), label: entityLabels[0] ?? '', words: '', wordList: '', patterns: '' };
  return { rows: [...rows, row], key: row.key };
}

export function updateRule(rows: readonly DraftRule[], key: string, patch: Partial<Omit<DraftRule, 'key'>>): DraftRule[] {
  return rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
}

export function removeRule(rows: readonly DraftRule[], key: string): DraftRule[] {
  return rows.filter((r) => r.key !== key);
}

/** The rows' problems as the schema editor shows them (path ['suggestionRules', row, field]). */
export function ruleDraftProblems(rows: readonly DraftRule[], entityLabels: readonly string[]): SchemaProblem[] {
  const rules = rulesFromDraft(rows).suggestionRules ?? [];
  return findRuleProblems(rules, entityLabels).map(([i, field, message]) => ({ path: ['suggestionRules', i, field], message }));
}

/**
 * Rules follow their label when the editor renames it (the label's row keeps
 * its key): renaming MISC to WEAPON moves MISC's rules to WEAPON rather than
 * leaving them naming a label that is gone.
 */
export function followRenames(rows: readonly DraftRule[], before: readonly { key: string; name: string }[], after: readonly { key: string; name: string }[]): DraftRule[] {
  const now = new Map(after.map((l) => [l.key, l.name.trim()]));
  const renamed = new Map<string, string>();
  for (const l of before) {
    const name = now.get(l.key);
    if (name !== undefined && name !== '' && name !== l.name.trim()) renamed.set(l.name.trim(), name);
  }
  if (renamed.size === 0) return [...rows];
  return rows.map((r) => {
    const to = renamed.get(r.label);
    return to === undefined ? r : { ...r, label: to };
  });
}
