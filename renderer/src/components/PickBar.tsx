// While picking a claimant or a relation's target, and while choosing the
// relation's type: what to do next, in words.
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { PickState } from '../state/use-article';

export interface PickBarProps {
  pick: PickState | null;
  relationChoice: { from: string; to: string } | null;
  byId: ReadonlyMap<string, Annotation>;
  relationTypes: readonly string[];
  onChoose(type: string): void;
  onCancelChoice(): void;
}

export function PickBar({ pick, relationChoice, byId, relationTypes, onChoose, onCancelChoice }: PickBarProps) {
  return (
    <>
      {pick ? (
        <div className="mg-pickbar" role="status" data-testid="pick-bar">
          {pick.kind === 'claimant' ? 'Who makes this claim?' : 'Link to which annotation?'} Click a dotted highlight, or press . (next) or , (previous) to
          “{byId.get(pick.candidates[pick.index] ?? '')?.text ?? ''}” and press Enter. Esc cancels.
        </div>
      ) : null}
      {relationChoice ? (
        <div className="mg-pickbar" role="dialog" aria-label="Relation type">
          <span>
            “{byId.get(relationChoice.from)?.text}” → “{byId.get(relationChoice.to)?.text}” as:
          </span>
          {relationTypes.map((t, i) => (
            <button key={t} type="button" onClick={() => onChoose(t)}>
              <kbd>{i + 1}</kbd>
              {t}
            </button>
          ))}
          <button type="button" onClick={onCancelChoice}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      ) : null}
    </>
  );
}
