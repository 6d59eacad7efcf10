// The annotation under a click, opened beside it; other annotations at the
// same place are listed to switch to.
import { useLayoutEffect, useRef, useState } from 'react';
import { annotationsAt } from '../../../app/annotations';
import type { Annotation } from '../../../app/sidecar/sidecar-schema';
import type { LabelInfo } from '../editor/labels';
import type { DocumentSession, SessionSnapshot } from '../state/document-session';
import type { EntityStore } from '../state/entity-store';
import type { PopoverState } from '../state/use-article';
import { AnnotationText } from './AnnotationDetails';
import { placePopover, type Box } from './popover-place';
import { SelectedDetails } from './SidePanel';

export interface AnnotationPopoverProps {
  popover: PopoverState;
  selected: Annotation;
  snap: SessionSnapshot;
  session: DocumentSession;
  labels: readonly LabelInfo[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  entityStore: EntityStore;
  onStartPick(kind: 'claimant' | 'relation'): void;
  onSelect(id: string | null): void;
  onShowMentions(id: string): void;
}

export function AnnotationPopover({ popover, selected, snap, session, labels, labelByName, entityStore, onStartPick, onSelect, onShowMentions }: AnnotationPopoverProps) {
  const here = annotationsAt(snap.annotations, popover.cp);
  const ref = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Box>({ left: popover.x, top: popover.y + 12 });
  // Measured before paint, so a popover opened near the bottom edge never shows cut off.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const next = placePopover(popover, { width: el.offsetWidth, height: el.offsetHeight }, { width: window.innerWidth, height: window.innerHeight });
    setBox((b) => (b.left === next.left && b.top === next.top ? b : next));
  }, [popover, selected]);
  return (
    <div ref={ref} className="mg-popover" style={box} role="dialog" aria-label="Annotation">
      <SelectedDetails
        snap={snap}
        compact
        session={session}
        labels={labels}
        labelByName={labelByName}
        entityStore={entityStore}
        onStartPick={onStartPick}
        onSelect={onSelect}
        onShowMentions={onShowMentions}
      />
      {here.length > 1 ? (
        <div className="mg-also" role="group" aria-label="Also here">
          <span className="mg-muted">Also here:</span>
          {here
            .filter((a) => a.id !== selected.id)
            .map((a) => (
              <button key={a.id} type="button" className="mg-also-item" onClick={() => session.select(a.id)}>
                <AnnotationText annotation={a} labelByName={labelByName} />
              </button>
            ))}
        </div>
      ) : null}
    </div>
  );
}
