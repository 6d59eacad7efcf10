// The schema editor's Document labels section: categories of a whole document
// (topic, source reliability). Values separated by commas, or none for a label
// that is set or not; "several" lets a document take more than one value; the
// key shares the label keys (problems say which key is taken).
import type { SchemaProblem } from '../../../app/label-schema';
import { addDocumentLabel, removeRow, updateRow, type SchemaDraft } from './schema-draft';
import { HotkeyOptions } from './HotkeyOptions';

export interface DocumentLabelsEditorProps {
  draft: SchemaDraft;
  /** A prefix for element ids. */
  ids: string;
  byRow: ReadonlyMap<string, SchemaProblem[]>;
  focusKey: string | null;
  /** Keys in use, by the name of the label holding them. */
  usedKeys: ReadonlyMap<string, string>;
  onEdit(next: SchemaDraft): void;
  onAdded(result: { draft: SchemaDraft; key: string }): void;
}

export function DocumentLabelsEditor({ draft, ids, byRow, focusKey, usedKeys, onEdit, onAdded }: DocumentLabelsEditorProps) {
  return (
    <section className="mg-schema-section" aria-labelledby={`${ids}-documentLabels`}>
      <h3 id={`${ids}-documentLabels`}>Document labels</h3>
      <p className="mg-schema-hint">
        Categories of a whole document, such as its topic or the reliability of its source. List the values separated by commas, or none for a label that
        is set or not. A key toggles the label or moves to its next value.
      </p>
      {draft.documentLabels.map((row, i) => {
        const rowId = `documentLabels.${i}`;
        const problems = byRow.get(rowId);
        const problemsId = `${ids}-${rowId}-problems`;
        const what = `Document label ${i + 1}`;
        const shown = row.name.trim() || what;
        const invalid = (field: string) => (problems?.some((p) => p.path[2] === field) ? { 'aria-invalid': true as const, 'aria-describedby': problemsId } : {});
        const update = (patch: Partial<Omit<typeof row, 'key'>>) => onEdit(updateRow(draft, 'documentLabels', row.key, patch));
        return (
          <div className={`mg-schema-row${problems ? ' is-invalid' : ''}`} key={row.key} role="group" aria-label={`Document label ${shown}`}>
            <input type="text" aria-label={`${what} name`} value={row.name} spellCheck={false} autoFocus={row.key === focusKey} onChange={(e) => update({ name: e.target.value })} {...invalid('name')} />
            <input type="text" aria-label={`${what} values`} value={row.values} placeholder="set or not" spellCheck={false} onChange={(e) => update({ values: e.target.value })} {...invalid('values')} />
            <label>
              <input type="checkbox" checked={row.multiple} onChange={(e) => update({ multiple: e.target.checked })} {...invalid('multiple')} />
              <span className="mg-visually-hidden">{what} allows </span>several
            </label>
            <select aria-label={`${what} key`} value={row.hotkey} onChange={(e) => update({ hotkey: e.target.value })} {...invalid('hotkey')}>
              <HotkeyOptions hotkey={row.hotkey} usedKeys={usedKeys} />
            </select>
            <input type="text" aria-label={`${what} description`} value={row.description} placeholder="What it is for" onChange={(e) => update({ description: e.target.value })} />
            <span className="mg-schema-actions">
              <button type="button" className="mg-danger" aria-label={`Remove ${shown}`} title="Remove" onClick={() => onEdit(removeRow(draft, 'documentLabels', row.key))}>
                ×
              </button>
            </span>
            {problems?.length ? (
              <ul className="mg-schema-row-problems" id={problemsId}>
                {problems.map((p) => (
                  <li key={`${p.path.join('.')}:${p.message}`}>{p.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
      <button type="button" className="mg-schema-add" onClick={() => onAdded(addDocumentLabel(draft))}>
        Add document label
      </button>
    </section>
  );
}
