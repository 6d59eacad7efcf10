// The analyst's preferences and reading places, kept in the renderer's
// localStorage (Electron keeps it in the app's user data folder). A plain
// store (state/store.ts): getSnapshot() is stable between changes so React can
// use it directly.
import { Store } from './store';

export type Theme = 'light' | 'sepia' | 'dark';
export type Measure = 'narrow' | 'medium' | 'wide';

export interface Preferences {
  /** Recorded as `author` on every annotation this analyst makes. */
  author: string;
  theme: Theme;
  /** Article text size in px. */
  fontSize: number;
  measure: Measure;
  /** The calm reading view: lists and tagging tools hidden. */
  reading: boolean;
  /** Highlights shown while reading. */
  showAnnotations: boolean;
  /** Relations and claimant links drawn as arcs over the text. */
  showArcs: boolean;
  /** Label names drawn above spans (brat-style). */
  labelNames: boolean;
  /** The document list kept beside the article in the reading view (hidden by default: reading is calm). */
  readingLibrary: boolean;
  /** The first start has asked for the analyst's name (answered or skipped): never asked again. */
  askedName: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  author: '',
  theme: 'light',
  fontSize: 18,
  measure: 'medium',
  reading: false,
  showAnnotations: true,
  showArcs: true,
  labelNames: true,
  readingLibrary: false,
  askedName: false,
};

export const FONT_SIZES = [14, 16, 18, 20, 22, 25, 28] as const;

const KEY = 'marginalia.preferences.v1';
const PLACES_KEY = 'marginalia.places.v1';
const MAX_PLACES = 500;

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function sanitize(value: Partial<Preferences>): Preferences {
  const p = { ...DEFAULT_PREFERENCES, ...value };
  return {
    author: typeof p.author === 'string' ? p.author.slice(0, 200) : '',
    theme: (['light', 'sepia', 'dark'] as const).includes(p.theme) ? p.theme : 'light',
    fontSize: FONT_SIZES.includes(p.fontSize as (typeof FONT_SIZES)[number]) ? p.fontSize : DEFAULT_PREFERENCES.fontSize,
    measure: (['narrow', 'medium', 'wide'] as const).includes(p.measure) ? p.measure : 'medium',
    reading: p.reading === true,
    showAnnotations: p.showAnnotations !== false,
    showArcs: p.showArcs !== false,
    labelNames: p.labelNames !== false,
    readingLibrary: p.readingLibrary === true,
    askedName: p.askedName === true,
  };
}

export class PreferencesStore extends Store<Preferences> {
  /** Reading places: corpus root + path -> code-point offset of the first visible line. */
  private places: Record<string, number> = read<Record<string, number>>(PLACES_KEY, {});

  constructor() {
    super(sanitize(read<Partial<Preferences>>(KEY, {})));
  }

  update(patch: Partial<Preferences>): void {
    const next = sanitize({ ...this.getSnapshot(), ...patch });
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Storage full or disabled: preferences still apply for this session.
    }
    this.publish(next);
  }

  stepFontSize(direction: 1 | -1): void {
    const i = FONT_SIZES.indexOf(this.getSnapshot().fontSize as (typeof FONT_SIZES)[number]);
    const next = FONT_SIZES[Math.max(0, Math.min(FONT_SIZES.length - 1, (i < 0 ? 2 : i) + direction))];
    if (next !== undefined) this.update({ fontSize: next });
  }

  placeOf(corpusRoot: string, path: string): number | undefined {
    return this.places[`${corpusRoot}\n${path}`];
  }

  rememberPlace(corpusRoot: string, path: string, cp: number): void {
    const key = `${corpusRoot}\n${path}`;
    delete this.places[key]; // re-insert so the newest places are kept when trimming
    this.places[key] = cp;
    const keys = Object.keys(this.places);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_PLACES))) delete this.places[k];
    try {
      localStorage.setItem(PLACES_KEY, JSON.stringify(this.places));
    } catch {
      // Not fatal: the place is remembered for this session.
    }
  }
}


