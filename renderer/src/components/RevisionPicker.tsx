// "Compare with branch…" in the agreement view: the corpus's git branches and
// tags, one chosen, compared as annotator B (read from git by main, nothing
// checked out). Hidden when the store cannot read revisions.
import { useState } from 'react';
import type { RevisionList } from '../../../app/ipc/curation-contract';
import type { AgreementStore } from '../state/agreement-store';

export function RevisionPicker(props: { store: AgreementStore; disabled: boolean; onBeforeCompare?(): Promise<unknown> | void }) {
  const { store } = props;
  const [list, setList] = useState<RevisionList | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!store.canCompareRevisions) return null;

  const open = async () => {
    setError(null);
    try {
      const revisions = await store.listRevisions();
      setList(revisions);
      setChosen(revisions.revisions.find((r) => r !== revisions.current) ?? revisions.revisions[0] ?? '');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const compare = async () => {
    setList(null);
    await props.onBeforeCompare?.();
    await store.compareWithRevision(chosen);
  };

  if (!list) {
    return (
      <>
        <button type="button" onClick={() => void open()} disabled={props.disabled}>
          Compare with branch…
        </button>
        {error ? <span role="alert">{error}</span> : null}
      </>
    );
  }
  if (!list.repository || list.revisions.length === 0) {
    return (
      <span role="status" data-testid="revision-picker">
        {list.message ?? 'No branches or tags to compare with.'}{' '}
        <button type="button" onClick={() => setList(null)}>
          OK
        </button>
      </span>
    );
  }
  return (
    <span data-testid="revision-picker">
      <label>
        Branch or tag{' '}
        <select value={chosen} onChange={(e) => setChosen(e.target.value)} autoFocus>
          {list.revisions.map((r) => (
            <option key={r} value={r}>
              {r === list.current ? `${r} (checked out)` : r}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" className="mg-primary" onClick={() => void compare()} disabled={props.disabled || !chosen}>
        Compare
      </button>{' '}
      <button type="button" onClick={() => setList(null)}>
        Cancel
      </button>
    </span>
  );
}
