// The About box's search over bundled packages (pure, tested).
import type { LicenseEntry } from '../../../app/ipc/contract';

/** Packages whose name, version or licence contains every word of the query (case-insensitive), in list order. */
export function filterLicenses(list: readonly LicenseEntry[], query: string): LicenseEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((p) => {
    const hay = `${p.name} ${p.version} ${p.license}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
