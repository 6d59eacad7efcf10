// What App needs to mount the arcs: the arcs of the open document (none when
// hidden or in the reading view), the article wrap's class (rows get room for
// arcs only when there are some), and the layer to render inside the article's
// scroll box.
import { useCallback, useEffect, useMemo } from 'react';
import type { SessionSnapshot } from '../../state/document-session';
import type { Preferences } from '../../state/preferences';
import { useStore } from '../../state/store';
import type { Stores } from '../../state/stores';
import type { Article } from '../../state/use-article';
import type { ArticleOverlayView } from '../ArticleEditor';
import { arcsOf, type ArcModel } from './arc-geometry';
import { ArcLayer } from './ArcLayer';

const NO_ARCS: readonly ArcModel[] = [];

export function useArcOverlay(stores: Stores, article: Article, snap: SessionSnapshot | null, prefs: Preferences) {
  const selectedRelationId = useStore(stores.relationSelection);
  const shown = prefs.showArcs && !prefs.reading;
  // A selected relation belongs to its document: switching documents lets it go.
  const path = snap?.doc.path;
  useEffect(() => () => stores.relationSelection.select(null), [path, stores.relationSelection]);
  const annotations = snap?.annotations;
  const relations = snap?.relations;
  const arcs = useMemo(() => (shown && annotations && relations ? arcsOf(annotations, relations) : NO_ARCS), [shown, annotations, relations]);
  const { setSideTab, selectAnnotation, setPopover } = article;
  const onSelectRelation = useCallback(
    (id: string) => {
      stores.relationSelection.select(id);
      setSideTab('relations');
    },
    [stores.relationSelection, setSideTab],
  );
  const onSelectClaim = useCallback(
    (id: string) => {
      setPopover(null);
      selectAnnotation(id, false);
    },
    [selectAnnotation, setPopover],
  );
  const selectedAnnotationId = snap?.selectedId ?? null;
  const renderOverlay = useCallback(
    (view: ArticleOverlayView) =>
      arcs.length ? (
        <ArcLayer {...view} arcs={arcs} selectedRelationId={selectedRelationId} selectedAnnotationId={selectedAnnotationId} onSelectRelation={onSelectRelation} onSelectClaim={onSelectClaim} />
      ) : null,
    [arcs, selectedRelationId, selectedAnnotationId, onSelectRelation, onSelectClaim],
  );
  return { wrapClass: arcs.length ? ' has-arcs' : '', renderOverlay };
}
