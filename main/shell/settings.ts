// App settings kept by electron-store in the user's app-data folder: the
// recent corpora (newest first, at most 10) and the window's bounds.
import Store from 'electron-store';
import { cleanRecent, withRecent } from './recent-list';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

interface SettingsData {
  recent: string[];
  windowBounds?: WindowBounds;
}

export interface Settings {
  getRecent(): string[];
  addRecent(root: string): void;
  getWindowBounds(): WindowBounds | undefined;
  setWindowBounds(bounds: WindowBounds): void;
}

function isBounds(value: unknown): value is WindowBounds {
  const b = value as WindowBounds | null;
  return typeof b === 'object' && b !== null && Number.isFinite(b.width) && Number.isFinite(b.height) && b.width > 200 && b.height > 150;
}

export function createSettings(): Settings {
  // Settings are not precious: a corrupt file is cleared rather than stopping the app.
  const store = new Store<SettingsData>({ name: 'settings', defaults: { recent: [] }, clearInvalidConfig: true });
  return {
    getRecent: () => cleanRecent(store.get('recent')),
    addRecent: (root) => store.set('recent', withRecent(cleanRecent(store.get('recent')), root)),
    getWindowBounds: () => {
      const b: unknown = store.get('windowBounds');
      return isBounds(b) ? b : undefined;
    },
    setWindowBounds: (bounds) => store.set('windowBounds', bounds),
  };
}
