// The recent-corpora list: newest first, no duplicates, at most MAX_RECENT.
// Plain data in, plain data out (no Electron), so it is tested without the store.
export const MAX_RECENT = 10;

/** Only the string entries of whatever the settings file held, without duplicates. */
export function cleanRecent(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  const seen = new Set<string>();
  for (const item of stored) if (typeof item === 'string' && item !== '') seen.add(item);
  return [...seen].slice(0, MAX_RECENT);
}

export function withRecent(list: readonly string[], root: string): string[] {
  return [root, ...list.filter((r) => r !== root)].slice(0, MAX_RECENT);
}
