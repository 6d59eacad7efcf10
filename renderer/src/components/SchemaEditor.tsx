// The label schema editor: a modal dialog over the app to edit the corpus's
// .marginalia/schema.json: entity and claim labels (name, colour, key,
// description; add, remove, reorder), relation types and attribute
// definitions. Problems (checkLabelSchema) are shown beside their rows and
// Save stays disabled until none are left. Save (or Ctrl+S) writes through the
// bridge (saveLabelSchema) and hands the saved schema to onSaved; Cancel or
// Escape discards the draft.
import { useId, useMemo, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import type { LabelSchemaSaveResult } from '../../../app/ipc/contract';
import { RESERVED_KEYS, type LabelSchemaFile, type SchemaProblem } from '../../../app/label-schema';
import { call } from '../bridge/client';
import { DocumentLabelsEditor } from './DocumentLabelsEditor';
import { Modal } from './Modal';
import { HotkeyOptions } from './HotkeyOptions';
import {
  addAttribute,
  addLabel,
  addRelationType,
  draftFromSchema,
  draftProblems,
  droppedLabelNames,
  moveRow,
  problemsByRow,
  removeRow,
  schemaFromDraft,
  updateRow,
  type DraftLabel,
  type DraftListName,
  type LabelListName,
  type SchemaDraft,
} from './schema-draft';
import { SuggestionRulesSection, useRulesDraft } from './SuggestionRulesSection';

export interface SchemaEditorProps {
  /** The schema in use now; the dialog edits a copy. */
  schema: LabelSchemaFile;
  /** Called after the schema was written, with the schema as saved (and where a broken file it replaced was kept). */
  onSaved(schema: LabelSchemaFile, result?: LabelSchemaSaveResult): void;
  /** Called on Cancel or Escape; nothing is saved. */
  onClose(): void;
}


function RowProblems({ id, problems }: { id: string; problems: readonly SchemaProblem[] | undefined }) {
  if (!problems?.length) return null;
  return (
    <ul className="mg-schema-row-problems" id={id}>
      {problems.map((p) => (
        <li key={`${p.path.join('.')}:${p.message}`}>{p.message}</li>
      ))}
    </ul>
  );
}

/** aria props for a field: invalid when a problem points at it, described by its row's problems. */
function fieldState(problems: readonly SchemaProblem[] | undefined, field: string, problemsId: string) {
  const bad = problems?.some((p) => p.path[2] === field) ?? false;
  return bad ? { 'aria-invalid': true as const, 'aria-describedby': problemsId } : {};
}

export function SchemaEditor({ schema, onSaved, onClose }: SchemaEditorProps) {
  const [draft, setDraft] = useState<SchemaDraft>(() => draftFromSchema(schema));
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const ids = useId();

  // The suggestion rules are edited apart (SuggestionRulesSection) and kept on save: dropping them here lost them.
  const rules = useRulesDraft(schema, draft.entityLabels);
  const problems = useMemo(() => [...draftProblems(draft), ...rules.problems], [draft, rules.problems]);
  const byRow = useMemo(() => problemsByRow(problems), [problems]);
  const dropped = useMemo(() => droppedLabelNames(schema, schemaFromDraft(draft)), [schema, draft]);

  const edit = (next: SchemaDraft) => {
    setDraft(next);
    setSaveError(null);
  };
  const added = (result: { draft: SchemaDraft; key: string }) => {
    edit(result.draft);
    setFocusKey(result.key);
  };

  const save = async () => {
    if (problems.length || saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      const result = await call('saveLabelSchema', { schema: { ...schemaFromDraft(draft), ...rules.toSave() } });
      onSaved(result.schema, result);
    } catch (e) {
      setSaveError((e as Error).message);
      setSaving(false);
    }
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDialogElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
    }
  };

  const usedKeys = new Map<string, string>();
  for (const l of [...draft.entityLabels, ...draft.claimLabels, ...draft.documentLabels]) if (l.hotkey && !usedKeys.has(l.hotkey)) usedKeys.set(l.hotkey, l.name);

  const labelSection = (list: LabelListName, title: string, noun: string, hint: ReactNode) => {
    const rows = draft[list];
    const listProblems = byRow.get(list);
    return (
      <section className="mg-schema-section" aria-labelledby={`${ids}-${list}`}>
        <h3 id={`${ids}-${list}`}>{title}</h3>
        <p className="mg-schema-hint">{hint}</p>
        <RowProblems id={`${ids}-${list}-problems`} problems={listProblems} />
        {rows.length ? (
          <div className="mg-schema-grid mg-schema-labels" role="presentation">
            <span className="mg-schema-colhead" aria-hidden="true">Name</span>
            <span className="mg-schema-colhead" aria-hidden="true">Colour</span>
            <span className="mg-schema-colhead" aria-hidden="true">Key</span>
            <span className="mg-schema-colhead" aria-hidden="true">Description</span>
            <span className="mg-schema-colhead" aria-hidden="true" />
            {rows.map((row: DraftLabel, i) => {
              const rowId = `${list}.${i}`;
              const rowProblems = byRow.get(rowId);
              const problemsId = `${ids}-${rowId}-problems`;
              const what = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${i + 1}`;
              const shown = row.name.trim() || what;
              return (
                <div className={`mg-schema-row${rowProblems ? ' is-invalid' : ''}`} key={row.key} role="group" aria-label={`${noun} ${shown}`}>
                  <input
                    type="text"
                    aria-label={`${what} name`}
                    value={row.name}
                    spellCheck={false}
                    autoFocus={row.key === focusKey}
                    onChange={(e) => edit(updateRow(draft, list, row.key, { name: e.target.value }))}
                    {...fieldState(rowProblems, 'name', problemsId)}
                  />
                  <input
                    type="color"
                    aria-label={`${what} colour`}
                    value={/^#[0-9a-f]{6}$/i.test(row.colour) ? row.colour.toLowerCase() : '#000000'}
                    onChange={(e) => edit(updateRow(draft, list, row.key, { colour: e.target.value }))}
                    {...fieldState(rowProblems, 'colour', problemsId)}
                  />
                  <select
                    aria-label={`${what} key`}
                    value={row.hotkey}
                    onChange={(e) => edit(updateRow(draft, list, row.key, { hotkey: e.target.value }))}
                    {...fieldState(rowProblems, 'hotkey', problemsId)}
                  >
                    <HotkeyOptions hotkey={row.hotkey} usedKeys={usedKeys} />
                  </select>
                  <input
                    type="text"
                    aria-label={`${what} description`}
                    value={row.description}
                    placeholder="What it is for"
                    onChange={(e) => edit(updateRow(draft, list, row.key, { description: e.target.value }))}
                  />
                  <span className="mg-schema-actions">
                    <button
                      type="button"
                      aria-label={`Move ${shown} up`}
                      title="Move up"
                      aria-disabled={i === 0}
                      onClick={() => edit(moveRow(draft, list, row.key, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${shown} down`}
                      title="Move down"
                      aria-disabled={i === rows.length - 1}
                      onClick={() => edit(moveRow(draft, list, row.key, 1))}
                    >
                      ↓
                    </button>
                    <button type="button" className="mg-danger" aria-label={`Remove ${shown}`} title="Remove" onClick={() => edit(removeRow(draft, list, row.key))}>
                      ×
                    </button>
                  </span>
                  <RowProblems id={problemsId} problems={rowProblems} />
                </div>
              );
            })}
          </div>
        ) : null}
        <button type="button" className="mg-schema-add" onClick={() => added(addLabel(draft, list))}>
          Add {noun}
        </button>
      </section>
    );
  };

  const removeButton = (list: DraftListName, key: string, shown: string) => (
    <button type="button" className="mg-danger" aria-label={`Remove ${shown}`} title="Remove" onClick={() => edit(removeRow(draft, list, key))}>
      ×
    </button>
  );

  return (
    <Modal className="mg-schema-editor" labelledBy={`${ids}-title`} describedBy={`${ids}-intro`} onKeyDown={onKeyDown} onClose={onClose} busy={saving}>
      {/* Not a <form>: Enter in a field must not save and close the dialog. */}
      <div className="mg-schema-form">
        <header className="mg-schema-head">
          <h2 id={`${ids}-title`}>Label schema</h2>
          <p id={`${ids}-intro`} className="mg-schema-hint">
            Saved for this corpus in <code>.marginalia/schema.json</code>. Renaming or removing a label does not change
            existing annotations: they keep their label, and one that is no longer in the schema is shown in grey as
            unknown.
          </p>
        </header>

        <div className="mg-schema-body">
          {labelSection('entityLabels', 'Entity labels', 'entity label', 'People, organisations, places, dates: the things a text names.')}
          {labelSection(
            'claimLabels',
            'Claim labels',
            'claim label',
            <>
              Statements someone makes. Keys {RESERVED_KEYS.filter((k) => /^[a-z]$/.test(k)).join(' ')} are kept for the app’s own commands.
            </>,
          )}

          <section className="mg-schema-section" aria-labelledby={`${ids}-relations`}>
            <h3 id={`${ids}-relations`}>Relation types</h3>
            <p className="mg-schema-hint">Typed, directed links between two annotations.</p>
            {draft.relationTypes.length ? (
              <div className="mg-schema-grid mg-schema-relations" role="presentation">
                <span className="mg-schema-colhead" aria-hidden="true">Name</span>
                <span className="mg-schema-colhead" aria-hidden="true">Description</span>
                <span className="mg-schema-colhead" aria-hidden="true" />
                {draft.relationTypes.map((row, i) => {
                  const rowId = `relationTypes.${i}`;
                  const rowProblems = byRow.get(rowId);
                  const problemsId = `${ids}-${rowId}-problems`;
                  const what = `Relation type ${i + 1}`;
                  const shown = row.name.trim() || what;
                  return (
                    <div className={`mg-schema-row${rowProblems ? ' is-invalid' : ''}`} key={row.key} role="group" aria-label={`Relation type ${shown}`}>
                      <input
                        type="text"
                        aria-label={`${what} name`}
                        value={row.name}
                        spellCheck={false}
                        autoFocus={row.key === focusKey}
                        onChange={(e) => edit(updateRow(draft, 'relationTypes', row.key, { name: e.target.value }))}
                        {...fieldState(rowProblems, 'name', problemsId)}
                      />
                      <input
                        type="text"
                        aria-label={`${what} description`}
                        value={row.description}
                        placeholder="What it links"
                        onChange={(e) => edit(updateRow(draft, 'relationTypes', row.key, { description: e.target.value }))}
                      />
                      <span className="mg-schema-actions">{removeButton('relationTypes', row.key, shown)}</span>
                      <RowProblems id={problemsId} problems={rowProblems} />
                    </div>
                  );
                })}
              </div>
            ) : null}
            <button type="button" className="mg-schema-add" onClick={() => added(addRelationType(draft))}>
              Add relation type
            </button>
          </section>

          <section className="mg-schema-section" aria-labelledby={`${ids}-attributes`}>
            <h3 id={`${ids}-attributes`}>Attributes</h3>
            <p className="mg-schema-hint">
              Extra fields an annotation can carry. List the allowed values separated by commas, or leave the values empty for free text.
            </p>
            {draft.attributes.length ? (
              <div className="mg-schema-grid mg-schema-attributes" role="presentation">
                <span className="mg-schema-colhead" aria-hidden="true">Name</span>
                <span className="mg-schema-colhead" aria-hidden="true">Applies to</span>
                <span className="mg-schema-colhead" aria-hidden="true">Values</span>
                <span className="mg-schema-colhead" aria-hidden="true">Description</span>
                <span className="mg-schema-colhead" aria-hidden="true" />
                {draft.attributes.map((row, i) => {
                  const rowId = `attributes.${i}`;
                  const rowProblems = byRow.get(rowId);
                  const problemsId = `${ids}-${rowId}-problems`;
                  const what = `Attribute ${i + 1}`;
                  const shown = row.name.trim() || what;
                  return (
                    <div className={`mg-schema-row${rowProblems ? ' is-invalid' : ''}`} key={row.key} role="group" aria-label={`Attribute ${shown}`}>
                      <input
                        type="text"
                        aria-label={`${what} name`}
                        value={row.name}
                        spellCheck={false}
                        autoFocus={row.key === focusKey}
                        onChange={(e) => edit(updateRow(draft, 'attributes', row.key, { name: e.target.value }))}
                        {...fieldState(rowProblems, 'name', problemsId)}
                      />
                      <span className="mg-schema-applies" role="group" aria-label={`${what} applies to`} {...fieldState(rowProblems, 'appliesTo', problemsId)}>
                        <label>
                          <input
                            type="checkbox"
                            checked={row.entity}
                            onChange={(e) => edit(updateRow(draft, 'attributes', row.key, { entity: e.target.checked }))}
                          />
                          <span className="mg-visually-hidden">{what} applies to </span>entities
                        </label>
                        <label>
                          <input
                            type="checkbox"
                            checked={row.claim}
                            onChange={(e) => edit(updateRow(draft, 'attributes', row.key, { claim: e.target.checked }))}
                          />
                          <span className="mg-visually-hidden">{what} applies to </span>claims
                        </label>
                      </span>
                      <input
                        type="text"
                        aria-label={`${what} values`}
                        value={row.values}
                        placeholder="free text"
                        spellCheck={false}
                        onChange={(e) => edit(updateRow(draft, 'attributes', row.key, { values: e.target.value }))}
                        {...fieldState(rowProblems, 'values', problemsId)}
                      />
                      <input
                        type="text"
                        aria-label={`${what} description`}
                        value={row.description}
                        placeholder="What it records"
                        onChange={(e) => edit(updateRow(draft, 'attributes', row.key, { description: e.target.value }))}
                      />
                      <span className="mg-schema-actions">{removeButton('attributes', row.key, shown)}</span>
                      <RowProblems id={problemsId} problems={rowProblems} />
                    </div>
                  );
                })}
              </div>
            ) : null}
            <button type="button" className="mg-schema-add" onClick={() => added(addAttribute(draft))}>
              Add attribute
            </button>
          </section>

          <SuggestionRulesSection idPrefix={ids} rules={rules} onEdit={() => setSaveError(null)} />
          <DocumentLabelsEditor draft={draft} ids={ids} byRow={byRow} focusKey={focusKey} usedKeys={usedKeys} onEdit={edit} onAdded={added} />
        </div>

        <footer className="mg-schema-foot">
          <div className="mg-schema-status" aria-live="polite">
            {problems.length ? (
              <>
                <p className="mg-schema-blocked">
                  {problems.length === 1 ? '1 problem' : `${problems.length} problems`} to fix before saving:
                </p>
                <ul className="mg-schema-problem-list">
                  {problems.slice(0, 4).map((p) => (
                    <li key={`${p.path.join('.')}:${p.message}`}>{p.message}</li>
                  ))}
                  {problems.length > 4 ? <li>and {problems.length - 4} more, marked above</li> : null}
                </ul>
              </>
            ) : null}
            {dropped.length ? (
              <p className="mg-schema-warning">
                No longer in the schema: {dropped.join(', ')}. Existing annotations with {dropped.length === 1 ? 'this label' : 'these labels'} will
                show as unknown.
              </p>
            ) : null}
          </div>
          {saveError ? (
            <p className="mg-schema-error" role="alert">
              {saveError}
            </p>
          ) : null}
          <div className="mg-schema-buttons">
            <button type="button" onClick={onClose} disabled={saving}>
              Cancel <kbd>Esc</kbd>
            </button>
            <button type="button" className="mg-primary" disabled={problems.length > 0 || saving} onClick={() => void save()}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </footer>
      </div>
    </Modal>
  );
}
