// Document-level labels (categories: topic, source reliability…) as set on one
// document: the sidecar's `categories` list. Pure helpers shared by the
// sidecar writer, the editing commands, search, stats and the exports.
import type { Category } from './sidecar/sidecar-schema';

/** How a category is written where one string must do (doccano, spaCy cats, search): `name` or `name:value`. Names never hold ':' (NAME_PATTERN). */
export function categoryKey(c: Category): string {
  return c.value === undefined ? c.name : `${c.name}:${c.value}`;
}

export function compareCategories(a: Category, b: Category): number {
  const ka = categoryKey(a);
  const kb = categoryKey(b);
  return a.name < b.name ? -1 : a.name > b.name ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Sorted by name then value, each once, keys in a stable order: the form the sidecar holds. */
export function normalizeCategories(list: readonly Category[]): Category[] {
  const seen = new Set<string>();
  const out: Category[] = [];
  for (const c of [...list].sort(compareCategories)) {
    const key = categoryKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c.value === undefined ? { name: c.name } : { name: c.name, value: c.value });
  }
  return out;
}

/** The values set for one document label (empty when unset; `[undefined]` style flags give ['']). */
export function valuesOf(list: readonly Category[] | undefined, name: string): string[] {
  return (list ?? []).filter((c) => c.name === name).map((c) => c.value ?? '');
}

export function hasCategory(list: readonly Category[] | undefined, name: string, value?: string): boolean {
  return (list ?? []).some((c) => c.name === name && (value === undefined || c.value === value));
}
