// The theme, text size and line length from the preferences, on the root
// element (CSS variables, so the stylesheet stays static under the CSP).
import { useLayoutEffect } from 'react';
import type { Preferences } from './preferences';

const MEASURES = { narrow: '34em', medium: '44em', wide: '60em' } as const;

export function useAppearance(prefs: Preferences): void {
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = prefs.theme;
    root.style.setProperty('--mg-font-size', `${prefs.fontSize}px`);
    root.style.setProperty('--mg-measure', MEASURES[prefs.measure]);
  }, [prefs.theme, prefs.fontSize, prefs.measure]);
}
