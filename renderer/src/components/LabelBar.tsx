import type { LabelInfo } from '../editor/labels';

export function LabelChip({ label, active }: { label: LabelInfo; active?: boolean }) {
  return (
    <span className={`mg-chip mg-slot-${label.slot}${active ? ' is-active' : ''}`}>
      {label.hotkey ? <kbd>{label.hotkey}</kbd> : null}
      {label.name}
    </span>
  );
}

/** The labels with their hotkeys; picking one tags the current selection (or relabels the selected annotation). */
export function LabelBar(props: { labels: readonly LabelInfo[]; disabled: boolean; onPick(label: LabelInfo): void }) {
  return (
    <div className="mg-labelbar" role="toolbar" aria-label="Labels">
      {props.labels.map((l) => (
        <button
          key={l.name}
          type="button"
          className="mg-label-button"
          disabled={props.disabled}
          title={`${l.description ?? l.name}${l.hotkey ? ` (key ${l.hotkey})` : ''}`}
          // Keep the text selection: a mousedown on a button would otherwise clear it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => props.onPick(l)}
        >
          <LabelChip label={l} />
        </button>
      ))}
    </div>
  );
}
