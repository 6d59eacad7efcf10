// The composition root's stores: built once (main.tsx) and handed down by
// context, so nothing lives in a module singleton.
import { createContext, useContext, type ReactNode } from 'react';
import type { DocumentSession } from './document-session';
import { AgreementStore } from './agreement-store';
import { EntityStore } from './entity-store';
import { OverlayStore } from './overlay';
import { PreferencesStore } from './preferences';
import { SearchStore } from './search-store';
import { SuggestionStore } from './suggestion-store';
import { createWorkerSuggester } from '../workers/suggest-client';
import { call } from '../bridge/client';
import { bridgeWorkspaceDisk, WorkspaceUndo } from './workspace-undo';
import { RelationSelection } from '../editor/arcs/relation-selection';

export interface Stores {
  preferences: PreferencesStore;
  /** The corpus's entity registry (.marginalia/entities.json), shared by all documents. */
  entities: EntityStore;
  search: SearchStore;
  suggestions: SuggestionStore;
  agreement: AgreementStore;
  overlays: OverlayStore;
  /** One undo history for every document of the corpus (workspace-undo.ts). */
  workspace: WorkspaceUndo;
  /** The open document, where accepted suggestions go (as one undo step). Set by the workspace. */
  target: SessionTarget;
  /** The relation selected on its arc or in the Relations list. */
  relationSelection: RelationSelection;
}

export class SessionTarget {
  session: DocumentSession | null = null;
  set(session: DocumentSession | null): void {
    this.session = session;
  }
}

export function createStores(): Stores {
  const target = new SessionTarget();
  const entities = new EntityStore();
  const workspace = new WorkspaceUndo(bridgeWorkspaceDisk);
  // Registry changes (a rename, a new entity) are steps of the workspace's one undo history.
  entities.setRecorder((description, before, after) => workspace.recordRegistry(description, before, after));
  workspace.attachRegistry(entities);
  const suggester = createWorkerSuggester();
  const suggestions = new SuggestionStore({
    suggest: suggester.suggest,
    loadTraining: () => call('getSuggestionTrainingData', {}),
    onAccept: (spans, description) => {
      const session = target.session;
      if (!session || session.getSnapshot().readOnly) return false;
      session.addMany(spans, description);
      return true;
    },
    // A rejection is a step of the one undo history too: Ctrl+Z after D brings the suggestion back.
    onReject: (path, ids, description) => workspace.recordRejections(description, path, ids),
  });
  workspace.attachRejections({ restore: (path, ids) => suggestions.restoreRejected(path, ids), reject: (path, ids) => suggestions.rejectAgain(path, ids) });
  return {
    preferences: new PreferencesStore(),
    entities,
    search: new SearchStore(),
    suggestions,
    agreement: new AgreementStore(),
    overlays: new OverlayStore(),
    workspace,
    target,
    relationSelection: new RelationSelection(),
  };
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores() outside <StoresProvider>: main.tsx builds the stores');
  return stores;
}
