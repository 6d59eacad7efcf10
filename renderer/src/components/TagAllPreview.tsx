// Tag all occurrences: a preview of every occurrence found, grouped by
// document, each with a checkbox (all checked to start with), and "Apply to N
// occurrences". Finding and applying are the app's (renderer/src/state/tag-all.ts:
// findAll, applyTagAll); this only chooses.
import { useMemo, useState } from 'react';
import type { FindOccurrencesResult } from '../../../app/ipc/curation-contract';
import type { OccurrenceOptions } from '../../../app/tag-all';
import { occurrenceKey, type SelectedOccurrence } from '../state/tag-all';

export interface TagAllPreviewProps {
  /** The text searched for. */
  text: string;
  label: string;
  results: FindOccurrencesResult;
  /** The open document's path, marked in the list ("this document"). */
  openPath?: string | null;
  onApply(selected: SelectedOccurrence[]): void;
  onCancel(): void;
  /** While the app applies (or searches again): the button is disabled. */
  busy?: boolean;
  /** The search options used; with onOptionsChange, shown as checkboxes (the app searches again on a change). */
  options?: OccurrenceOptions;
  onOptionsChange?(options: OccurrenceOptions): void;
}

const OPTION_TEXT: [keyof OccurrenceOptions, string][] = [
  ['caseSensitive', 'Match case'],
  ['wholeWord', 'Whole words'],
  ['ignoreNormalization', 'Ignore Unicode form (NFC/NFD)'],
];
const OPTION_DEFAULTS: Required<OccurrenceOptions> = { caseSensitive: true, wholeWord: false, ignoreNormalization: false };

export function TagAllPreview(props: TagAllPreviewProps) {
  const { results } = props;
  const all = useMemo(
    () => results.documents.flatMap((d) => d.occurrences.map((o) => occurrenceKey({ path: d.path, start: o.start, end: o.end }))),
    [results],
  );
  // Keys unchecked by the user: everything starts checked, and new results start checked too.
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(() => new Set());
  const checkedCount = all.filter((k) => !unchecked.has(k)).length;

  const toggle = (keys: string[], on: boolean) =>
    setUnchecked((prev) => {
      const next = new Set(prev);
      for (const k of keys) {
        if (on) next.delete(k);
        else next.add(k);
      }
      return next;
    });

  const apply = () => {
    const selected: SelectedOccurrence[] = [];
    for (const d of results.documents) {
      for (const o of d.occurrences) {
        const item = { path: d.path, start: o.start, end: o.end };
        if (!unchecked.has(occurrenceKey(item))) selected.push(item);
      }
    }
    props.onApply(selected);
  };

  return (
    <section className="mg-tagall" aria-label="Tag all occurrences" data-testid="tag-all-preview">
      <header className="mg-tagall-head">
        <h2>
          Tag “{props.text}” as <span className="mg-tagall-label">{props.label}</span>
        </h2>
        <p className="mg-muted">
          {results.total} occurrence{results.total === 1 ? '' : 's'} in {results.documents.filter((d) => d.occurrences.length > 0).length} document
          {results.documents.length === 1 ? '' : 's'}
          {results.alreadyTagged > 0 ? ` · ${results.alreadyTagged} already tagged ${props.label} (left out)` : ''}
        </p>
        {props.onOptionsChange ? (
          <div className="mg-tagall-options" role="group" aria-label="Search options">
            {OPTION_TEXT.map(([key, text]) => (
              <label key={key} className="mg-check">
                <input
                  type="checkbox"
                  checked={props.options?.[key] ?? OPTION_DEFAULTS[key]}
                  onChange={(e) => props.onOptionsChange?.({ ...props.options, [key]: e.target.checked })}
                />
                {text}
              </label>
            ))}
          </div>
        ) : null}
        {results.truncated ? <p className="mg-agree-note">Only the first {results.total} occurrences are listed.</p> : null}
        {results.problems.map((p) => (
          <p key={p} className="mg-agree-note">
            {p}
          </p>
        ))}
      </header>
      <div className="mg-tagall-body">
        {results.documents
          .filter((d) => d.occurrences.length > 0)
          .map((d) => {
            const keys = d.occurrences.map((o) => occurrenceKey({ path: d.path, start: o.start, end: o.end }));
            const on = keys.filter((k) => !unchecked.has(k)).length;
            return (
              <fieldset key={d.path} className="mg-tagall-doc">
                <legend>
                  <label>
                    <input
                      type="checkbox"
                      checked={on === keys.length}
                      ref={(el) => {
                        if (el) el.indeterminate = on > 0 && on < keys.length;
                      }}
                      onChange={(e) => toggle(keys, e.target.checked)}
                      aria-label={`All occurrences in ${d.path}`}
                    />
                    <span className="mg-tagall-path">{d.path}</span>
                    {d.path === props.openPath ? <span className="mg-badge">this document</span> : null}
                    <span className="mg-count">
                      {on}/{keys.length}
                    </span>
                  </label>
                </legend>
                <ol className="mg-tagall-list">
                  {d.occurrences.map((o, i) => {
                    const key = keys[i] as string;
                    return (
                      <li key={key}>
                        <label className="mg-tagall-occ">
                          <input type="checkbox" checked={!unchecked.has(key)} onChange={(e) => toggle([key], e.target.checked)} />
                          <span className="mg-tagall-context">
                            <span className="mg-muted">…{o.before}</span>
                            <mark>{o.text}</mark>
                            <span className="mg-muted">{o.after}…</span>
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ol>
              </fieldset>
            );
          })}
        {results.total === 0 ? <p className="mg-empty">No untagged occurrences.</p> : null}
      </div>
      <footer className="mg-tagall-foot">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="mg-primary" disabled={checkedCount === 0 || props.busy} onClick={apply} data-testid="tag-all-apply">
          Apply to {checkedCount} occurrence{checkedCount === 1 ? '' : 's'}
        </button>
      </footer>
    </section>
  );
}
