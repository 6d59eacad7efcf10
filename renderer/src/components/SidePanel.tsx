// The right-hand column: the selected annotation, orphans, and the lists.
// App renders it from a deferred snapshot (useDeferredValue) and it is
// memoised, so tagging paints the highlight in its own frame and the lists
// follow in the next one instead of delaying it.
import { memo } from 'react';
import type { LabelInfo } from '../editor/labels';
import type { DocumentSession, SessionSnapshot } from '../state/document-session';
import type { EntityStore } from '../state/entity-store';
import type { SuggestionStore } from '../state/suggestion-store';
import { AnnotationDetails } from './AnnotationDetails';
import { AnnotationPanel, ClaimsPanel, RelationsPanel } from './AnnotationPanel';
import { EntityLink } from './EntityLink';
import { EntityList } from './EntityList';
import { EntityView } from './EntityView';
import { OrphansPanel } from './OrphansPanel';
import { ConflictsPanel } from './ConflictsPanel';
import { DocumentLabelsPanel } from './DocumentLabelsPanel';
import { EventsPanel } from './EventsPanel';
import type { DocumentLabel } from '../../../app/label-schema';
import { SuggestionsPanel } from './SuggestionsPanel';

export type SideTab = 'annotations' | 'claims' | 'relations' | 'entities' | 'suggest';
export const SIDE_TABS: readonly SideTab[] = ['annotations', 'claims', 'relations', 'entities', 'suggest'];

export interface DetailsContext {
  session: DocumentSession;
  labels: readonly LabelInfo[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  entityStore: EntityStore;
  onStartPick(kind: 'claimant' | 'relation'): void;
  onSelect(id: string): void;
  /** Show an entity's mentions in the Entities tab. */
  onShowMentions(entityId: string): void;
}

/** The selected annotation of `snap`, opened for editing; nothing when none is selected. */
export function SelectedDetails(props: DetailsContext & { snap: SessionSnapshot; compact: boolean }) {
  const { snap, session, labels, labelByName, entityStore, compact } = props;
  const selected = snap.selectedId ? (snap.annotations.find((a) => a.id === snap.selectedId) ?? null) : null;
  if (!selected) return null;
  return (
    <AnnotationDetails
      annotation={selected}
      annotations={snap.annotations}
      relations={snap.relations}
      labels={labels}
      labelByName={labelByName}
      session={session}
      readOnly={snap.readOnly}
      onStartPick={props.onStartPick}
      onSelect={props.onSelect}
      compact={compact}
      entitySlot={
        <EntityLink
          annotation={selected}
          store={entityStore}
          readOnly={snap.readOnly}
          labelByName={labelByName}
          onLink={(id) => session.update(selected.id, { entity: id }, id ? 'Link entity' : 'Unlink entity')}
          onShowMentions={props.onShowMentions}
        />
      }
    />
  );
}

export interface SidePanelProps extends DetailsContext {
  snap: SessionSnapshot;
  /** False while the popover shows the details beside the text. */
  showDetails: boolean;
  tab: SideTab;
  onTab(tab: SideTab): void;
  suggestions: SuggestionStore;
  viewedEntity: string | null;
  onViewEntity(id: string | null): void;
  /** Re-attach an orphan to the current text selection. */
  onReattachOrphan(id: string): void;
  /** Select from a list (closes the popover). */
  onSelectFromList(id: string): void;
  onScrollTo(cp: number): void;
  onOpenAt(path: string, target: { id: string }): void;
  /** The schema's document labels (absent: none). */
  documentLabels?: readonly DocumentLabel[];
}

export const SidePanel = memo(function SidePanel(props: SidePanelProps) {
  const { snap, session, labels, labelByName, entityStore, tab, suggestions } = props;
  const refreshKey = snap.save.kind === 'saved' ? (snap.save.savedAt ?? '') : '';
  return (
    <>
      {props.showDetails ? <SelectedDetails {...props} compact={false} /> : null}
      <OrphansPanel orphans={snap.orphans} labelByName={labelByName} readOnly={snap.readOnly} onReattach={props.onReattachOrphan} onDelete={(id) => session.deleteOrphan(id)} />
      <ConflictsPanel conflicts={snap.conflicts} labelByName={labelByName} readOnly={snap.readOnly} onDecide={(kind, id, choice) => session.decideConflict(kind, id, choice)} />
      <DocumentLabelsPanel documentLabels={props.documentLabels ?? []} categories={snap.categories} readOnly={snap.readOnly} onSet={(name, values) => session.setDocumentLabel(name, values)} />
      <EventsPanel events={snap.events} annotations={snap.annotations} readOnly={snap.readOnly} onSelect={props.onSelectFromList} onDelete={(id) => session.removeEvent(id)} />
      <div className="mg-tabs" role="tablist" aria-label="Lists">
        {SIDE_TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'is-active' : ''} onClick={() => props.onTab(t)}>
            {t[0]?.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      {tab === 'annotations' ? (
        <AnnotationPanel annotations={snap.annotations} labelByName={labelByName} selectedId={snap.selectedId} onSelect={props.onSelectFromList} readOnly={snap.readOnly} />
      ) : tab === 'claims' ? (
        <ClaimsPanel annotations={snap.annotations} selectedId={snap.selectedId} onSelect={props.onSelectFromList} />
      ) : tab === 'relations' ? (
        <RelationsPanel annotations={snap.annotations} relations={snap.relations} readOnly={snap.readOnly} onSelect={props.onSelect} onDelete={(id) => session.removeRelation(id)} onScrollTo={props.onScrollTo} />
      ) : tab === 'suggest' ? (
        <SuggestionsPanel
          store={suggestions}
          labelByName={labelByName}
          readOnly={snap.readOnly}
          index={session.index}
          onRun={() =>
            void suggestions.run({ path: snap.doc.path, text: snap.doc.text }, snap.annotations, {
              allowedLabels: labels.filter((l) => l.type === 'entity').map((l) => l.name),
            })
          }
          onFocus={(sg) => props.onScrollTo(sg.start)}
        />
      ) : props.viewedEntity ? (
        <EntityView
          entityId={props.viewedEntity}
          store={entityStore}
          labels={labels.filter((l) => l.type === 'entity').map((l) => l.name)}
          labelByName={labelByName}
          refreshKey={refreshKey}
          onOpenMention={(path, annotationId) => props.onOpenAt(path, { id: annotationId })}
          onClose={() => props.onViewEntity(null)}
        />
      ) : (
        <EntityList store={entityStore} onSelect={(id) => props.onViewEntity(id)} labelByName={labelByName} refreshKey={refreshKey} />
      )}
    </>
  );
});
