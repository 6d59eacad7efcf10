// The app-wide curation stores: offline suggestions (a worker, started on
// first use) and inter-annotator agreement. Accepted suggestions go to the
// open document's session, as one undo step, through `curationTarget`.
import type { DocumentSession } from './document-session';
import { SuggestionStore } from './suggestion-store';
import { AgreementStore } from './agreement-store';
import { createWorkerSuggester } from '../workers/suggest-client';
import { call } from '../bridge/client';

export const curationTarget: { session: DocumentSession | null } = { session: null };

const suggester = createWorkerSuggester();

export const suggestions = new SuggestionStore({
  suggest: suggester.suggest,
  loadTraining: () => call('getSuggestionTrainingData', {}),
  onAccept: (spans, description) => {
    const session = curationTarget.session;
    if (!session || session.getSnapshot().readOnly) return false;
    session.addMany(spans, description);
    return true;
  },
});

export const agreement = new AgreementStore();
