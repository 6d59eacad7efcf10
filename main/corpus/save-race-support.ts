// What a writer racing others does in the save-race tests (not a test
// itself): add one tag on top of the sidecar it read, save it conflict-checked,
// and on 'conflict' read the file again and redo the tag on top of it, as the
// app's merge does.
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { emptySidecar } from '../../app/sidecar/sidecar-io';
import type { CorpusService } from './corpus-service';

/** Adds an entity annotation `id` over the document's first three code points, retrying on conflicts. */
export async function addTagWithRetry(service: CorpusService, rel: string, id: string, maxAttempts = 200): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const doc = await service.readDocument(rel);
    const base: Sidecar = doc.sidecar ?? emptySidecar({ name: rel.split('/').pop() ?? rel, sha256: doc.sha256, length: doc.length });
    const chars = [...doc.text];
    const annotation = { id, type: 'entity' as const, label: 'PERSON', start: 0, end: 3, text: chars.slice(0, 3).join(''), prefix: '', suffix: chars.slice(3, 35).join('') };
    const next: Sidecar = { ...base, annotations: [...base.annotations.filter((a) => a.id !== id), annotation] };
    try {
      await service.writeSidecar(rel, next, { expectedSha256: doc.sidecarSha256 ?? null });
      return attempt;
    } catch (e) {
      if ((e as { code?: string }).code !== 'conflict' || attempt >= maxAttempts) throw e;
    }
  }
}
