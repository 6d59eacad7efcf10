// Which documents a refresh of the index must read again: those whose
// signature (size and modification time of the file and of its sidecar)
// differs from the one they were indexed with. A refresh checks every
// document of the corpus, so this is most of what reopening from a saved
// index costs once it is loaded.
import type { SearchSource } from './corpus-search-source';
import { TimeSlices } from '../corpus/map-in-slices';

/** Documents whose signatures are checked at once. */
const BATCH = 64;

/**
 * The paths (in order) whose signature is not `indexed(path)`, or unknown,
 * with the signature found. Stops early (with what it found) when `signal`
 * is aborted.
 */
export async function staleDocuments(
  paths: readonly string[],
  indexed: (path: string) => string | undefined,
  source: SearchSource,
  signal: AbortSignal,
): Promise<{ path: string; signature: string }[]> {
  const stale: { path: string; signature: string }[] = [];
  // The listed files' stamps synchronously, in slices: a promise per file cost about three times the stats.
  const stampsOf = source.listedSignatures?.bind(source);
  const slices = new TimeSlices();
  for (let i = 0; i < paths.length; i += BATCH) {
    const batch = paths.slice(i, i + BATCH);
    const signatures = stampsOf ? stampsOf(batch) : await Promise.all(batch.map((p) => source.signature(p)));
    if (stampsOf && slices.spent) await slices.next();
    batch.forEach((path, k) => {
      const signature = signatures[k] as string;
      if (indexed(path) !== signature || signature === '') stale.push({ path, signature });
    });
    if (signal.aborted) break;
  }
  return stale;
}
