// The suggestion rules part of the Labels editor: per rule, the entity label
// it suggests, phrases (one a line), a word list file in .marginalia/ and
// regular expressions (one a line). Problems (findRuleProblems) are shown
// beside the rule and mark the field at fault; the editor's Save waits for
// them like any other schema problem.
import { useMemo, useState } from 'react';
import type { LabelSchemaFile, SchemaProblem } from '../../../app/label-schema';
import type { SuggestionRule } from '../../../app/recommenders/rules';
import { addRule, followRenames, removeRule, ruleDraftProblems, rulesDraftFrom, rulesFromDraft, updateRule, type DraftRule } from './suggestion-rules-draft';

export interface RulesDraftState {
  rows: readonly DraftRule[];
  setRows(rows: DraftRule[]): void;
  /** The entity labels as the editor's draft names them now. */
  entityLabels: readonly string[];
  /** ruleDraftProblems of the rows (the editor adds them to its own). */
  problems: readonly SchemaProblem[];
  /** The schema's `suggestionRules` part as the rows stand (nothing when there are none). */
  toSave(): Pick<LabelSchemaFile, 'suggestionRules'>;
}

/** The rules' working copy for the schema editor, checked against its entity labels as they are being edited. */
export function useRulesDraft(
  schema: { suggestionRules?: readonly SuggestionRule[] | undefined },
  entityLabelRows: readonly { key: string; name: string }[],
): RulesDraftState {
  const [rows, setRows] = useState<DraftRule[]>(() => rulesDraftFrom(schema));
  // A label renamed in the editor takes its rules along (state adjusted during render, React's pattern for a changed prop).
  // Each label's last name that was not blank, so clearing a name and typing another still moves its rules.
  const [labelRows, setLabelRows] = useState(entityLabelRows);
  const [known, setKnown] = useState<readonly { key: string; name: string }[]>(entityLabelRows);
  if (labelRows !== entityLabelRows) {
    const before = new Map(known.map((l) => [l.key, l.name]));
    const now = entityLabelRows.map((l) => (l.name.trim() === '' ? { key: l.key, name: before.get(l.key) ?? '' } : l));
    setLabelRows(entityLabelRows);
    setKnown(now);
    setRows(followRenames(rows, known, now));
  }
  const entityLabels = useMemo(() => entityLabelRows.map((l) => l.name.trim()), [entityLabelRows]);
  const problems = useMemo(() => ruleDraftProblems(rows, entityLabels), [rows, entityLabels]);
  return { rows, setRows, entityLabels, problems, toSave: () => rulesFromDraft(rows) };
}

export interface SuggestionRulesSectionProps {
  /** Prefix for element ids (the editor's useId). */
  idPrefix: string;
  rules: RulesDraftState;
  /** Any edit (the editor clears its save error). */
  onEdit?(): void;
}

export function SuggestionRulesSection({ idPrefix, rules, onEdit }: SuggestionRulesSectionProps) {
  const { rows, entityLabels, problems } = rules;
  const onChange = (next: DraftRule[]) => {
    rules.setRows(next);
    onEdit?.();
  };
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const byRow = useMemo(() => {
    const out = new Map<number, SchemaProblem[]>();
    for (const p of problems) out.set(p.path[1] as number, [...(out.get(p.path[1] as number) ?? []), p]);
    return out;
  }, [problems]);
  const headId = `${idPrefix}-rules`;

  return (
    <section className="mg-schema-section" aria-labelledby={headId}>
      <h3 id={headId}>Suggestion rules</h3>
      <p className="mg-schema-hint">
        Phrases and patterns the offline suggestions always propose for a label: names one per line (matched as whole words, case
        counts), a word list kept as a <code>.txt</code> file in <code>.marginalia/</code> (one phrase a line, <code># comments</code>), or
        regular expressions one per line (dates, sums, identifiers).
      </p>
      {rows.map((row, i) => {
        const what = `Rule ${i + 1}`;
        const rowProblems = byRow.get(i);
        const problemsId = `${headId}-${i}-problems`;
        const field = (name: string) =>
          rowProblems?.some((p) => p.path[2] === name) ? { 'aria-invalid': true as const, 'aria-describedby': problemsId } : {};
        const labels = entityLabels.includes(row.label) || row.label === '' ? entityLabels : [row.label, ...entityLabels];
        return (
          <div className={`mg-schema-row mg-schema-rule${rowProblems ? ' is-invalid' : ''}`} key={row.key} role="group" aria-label={`Suggestion rule ${i + 1}`}>
            <label>
              {what} label{' '}
              <select
                value={row.label}
                autoFocus={row.key === focusKey}
                onChange={(e) => onChange(updateRule(rows, row.key, { label: e.target.value }))}
                {...field('label')}
              >
                {labels.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {what} phrases
              <textarea
                rows={3}
                spellCheck={false}
                value={row.words}
                placeholder={'Osan Air Base\nYokota Air Base'}
                onChange={(e) => onChange(updateRule(rows, row.key, { words: e.target.value }))}
                {...field('words')}
              />
            </label>
            <label>
              {what} word list file
              <input
                type="text"
                spellCheck={false}
                value={row.wordList}
                placeholder="bases.txt"
                onChange={(e) => onChange(updateRule(rows, row.key, { wordList: e.target.value }))}
                {...field('wordList')}
              />
            </label>
            <label>
              {what} patterns
              <textarea
                rows={2}
                spellCheck={false}
                value={row.patterns}
                placeholder={'\\b(19|20)\\d\\d\\b'}
                onChange={(e) => onChange(updateRule(rows, row.key, { patterns: e.target.value }))}
                {...field('patterns')}
              />
            </label>
            <span className="mg-schema-actions">
              <button type="button" className="mg-danger" aria-label={`Remove suggestion rule ${i + 1}`} title="Remove" onClick={() => onChange(removeRule(rows, row.key))}>
                ×
              </button>
            </span>
            {rowProblems ? (
              <ul className="mg-schema-row-problems" id={problemsId}>
                {rowProblems.map((p) => (
                  <li key={`${p.path.join('.')}:${p.message}`}>{p.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
      <button
        type="button"
        className="mg-schema-add"
        onClick={() => {
          const added = addRule(rows, entityLabels);
          onChange(added.rows);
          setFocusKey(added.key);
        }}
      >
        Add suggestion rule
      </button>
    </section>
  );
}
