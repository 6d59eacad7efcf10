// Asked before a merge removes or changes annotations already in the document
// (an annotator's own work): names what goes and what comes; nothing is
// written until the curator confirms. The applied merge is one undo step.
import type { Annotation } from '../../../app/sidecar/sidecar-schema';

const SHOWN = 8;

function Items({ list }: { list: readonly Annotation[] }) {
  return (
    <ul>
      {list.slice(0, SHOWN).map((a) => (
        <li key={`${a.id}:${a.label}:${a.start}`}>
          “{a.text.length > 60 ? `${a.text.slice(0, 59)}…` : a.text}” {a.label}
          {a.author ? ` (${a.author})` : ''}
        </li>
      ))}
      {list.length > SHOWN ? <li>and {list.length - SHOWN} more</li> : null}
    </ul>
  );
}

export function ConfirmMerge(props: { path: string; removed: readonly Annotation[]; added: readonly Annotation[]; onConfirm(): void; onCancel(): void }) {
  const { path, removed, added } = props;
  return (
    <div className="mg-agree-confirm" role="group" aria-label="Confirm merge" data-testid="confirm-merge">
      <p>
        Applying this merge changes {path}: it removes or changes {removed.length} annotation{removed.length === 1 ? '' : 's'} already there
        {added.length ? ` and adds ${added.length}` : ''}. Ctrl+Z undoes it as one step.
      </p>
      <p>Removed or changed:</p>
      <Items list={removed} />
      {added.length ? (
        <>
          <p>Added:</p>
          <Items list={added} />
        </>
      ) : null}
      <button type="button" className="mg-primary" onClick={props.onConfirm} autoFocus>
        Apply these changes
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
