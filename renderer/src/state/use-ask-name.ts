// The first start asks the analyst's name once (AskNameDialog), when the app
// is up and nothing else is open; an analyst who already has a name is not asked.
import { useEffect } from 'react';
import type { Stores } from './stores';

export function useAskNameOnce(stores: Pick<Stores, 'preferences' | 'overlays'>, ready: boolean): void {
  const { preferences, overlays } = stores;
  useEffect(() => {
    if (!ready) return;
    const prefs = preferences.getSnapshot();
    if (prefs.askedName || prefs.author.trim() !== '' || overlays.getSnapshot() !== null) return;
    overlays.open({ kind: 'askName' });
  }, [ready, preferences, overlays]);
}
