// The document's document labels (topic, source reliability…): a checkbox for
// a label without values, a select for one value, checkboxes for several.
// Each change is one undo step (DocumentSession.setDocumentLabel). Labels set
// in the file but no longer in the schema are listed so they can be cleared.
import { valuesOf } from '../../../app/categories';
import type { DocumentLabel } from '../../../app/label-schema';
import type { Category } from '../../../app/sidecar/sidecar-schema';

export interface DocumentLabelsPanelProps {
  documentLabels: readonly DocumentLabel[];
  categories: readonly Category[];
  readOnly: boolean;
  onSet(name: string, values: boolean | readonly string[]): void;
}

export function DocumentLabelsPanel({ documentLabels, categories, readOnly, onSet }: DocumentLabelsPanelProps) {
  const known = new Set(documentLabels.map((d) => d.name));
  const unknown = [...new Set(categories.filter((c) => !known.has(c.name)).map((c) => c.name))];
  if (documentLabels.length === 0 && unknown.length === 0) return null;
  return (
    <section className="mg-doclabels" aria-label="Document labels">
      <h3>Document labels</h3>
      {documentLabels.map((d) => {
        const current = valuesOf(categories, d.name);
        const key = d.hotkey ? ` (${d.hotkey.toUpperCase()})` : '';
        if (!d.values) {
          return (
            <label key={d.name} className="mg-doclabel" title={d.description}>
              <input type="checkbox" checked={current.length > 0} disabled={readOnly} onChange={(e) => onSet(d.name, e.currentTarget.checked)} />
              {d.name}
              {key}
            </label>
          );
        }
        if (!d.multiple) {
          return (
            <label key={d.name} className="mg-doclabel" title={d.description}>
              {d.name}
              {key}{' '}
              <select value={current[0] ?? ''} disabled={readOnly} onChange={(e) => onSet(d.name, e.currentTarget.value ? [e.currentTarget.value] : [])}>
                <option value="">—</option>
                {d.values.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        return (
          <fieldset key={d.name} className="mg-doclabel" title={d.description}>
            <legend>
              {d.name}
              {key}
            </legend>
            {d.values.map((v) => (
              <label key={v}>
                <input
                  type="checkbox"
                  checked={current.includes(v)}
                  disabled={readOnly}
                  onChange={(e) => onSet(d.name, e.currentTarget.checked ? [...current, v] : current.filter((x) => x !== v))}
                />
                {v}
              </label>
            ))}
          </fieldset>
        );
      })}
      {unknown.map((name) => (
        <p key={name} className="mg-doclabel">
          {name}: {valuesOf(categories, name).filter(Boolean).join(', ') || 'set'} (not in the label schema){' '}
          <button type="button" disabled={readOnly} onClick={() => onSet(name, false)}>
            Clear
          </button>
        </p>
      ))}
    </section>
  );
}
