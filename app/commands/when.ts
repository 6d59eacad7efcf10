// `when` clauses, VS Code style at this project's scale: context keys joined by
// `&&` and `||` (|| binds looser), each optionally negated with `!`.

/** Every context a binding or command can depend on. */
export const CONTEXT_KEYS = [
  'documentOpen',
  /** Focus is in the article (the read-only editor). */
  'articleFocused',
  /** Focus is in an input, textarea or contenteditable that takes typing. */
  'textFieldFocused',
  /** Focus is on a control that takes keys of its own: button, select, tab, checkbox, link. */
  'controlFocused',
  /** Focus is on an annotation or claim in the side panel's lists (a control whose keys N, E, C, R, Delete act on it). */
  'annotationItemFocused',
  /** A modal dialog or the palette is open. */
  'overlayOpen',
  /** Picking the claimant or the target of a relation. */
  'pickMode',
  /** Choosing a relation's type (digits 1-9). */
  'relationChoice',
  'readOnly',
  'isMac',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];
export type Context = Readonly<Record<ContextKey, boolean>>;

const KNOWN = new Set<string>(CONTEXT_KEYS);

/** The terms of a clause: [[key, negated]…] per `||` alternative. Throws on unknown keys so a typo fails the keymap test. */
export function parseWhen(when: string): [ContextKey, boolean][][] {
  return when.split('||').map((alt) =>
    alt.split('&&').map((raw) => {
      const term = raw.trim();
      const negated = term.startsWith('!');
      const key = negated ? term.slice(1).trim() : term;
      if (!KNOWN.has(key)) throw new Error(`Unknown context "${key}" in when clause "${when}"`);
      return [key as ContextKey, negated];
    }),
  );
}

export function evaluateWhen(when: string | undefined, context: Context): boolean {
  if (!when || !when.trim()) return true;
  return parseWhen(when).some((alt) => alt.every(([key, negated]) => context[key] !== negated));
}

export function emptyContext(overrides: Partial<Context> = {}): Context {
  return { ...(Object.fromEntries(CONTEXT_KEYS.map((k) => [k, false])) as Record<ContextKey, boolean>), ...overrides };
}
