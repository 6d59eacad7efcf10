// What the offline recommenders learn from, gathered from the corpus
// (app/recommenders/): every entity annotation's text for string matching,
// a bounded sample of annotated documents (text and spans) for the tagger,
// the registry's names and aliases, and the schema's rules with their word
// lists read from `.marginalia/`. Kept per corpus while nothing it was built
// from changes (sizes and times of the sidecars, the registry's revision).
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { SuggestionTrainingData } from '../../app/recommenders/learned';
import { parseWordList, type SuggestionRule } from '../../app/recommenders/rules';
import type { RegistryAlias, TaggedText } from '../../app/recommenders/string-match';
import type { TrainingDocument } from '../../app/recommenders/types';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { readSidecarFile } from '../export/documents';
import { readInside } from './confined-fs';
import type { CorpusService, ScannedDocument } from './corpus-service';
import { loadEntityRegistry } from './entity-store';
import { mapLimit } from './map-limit';

/** The tagger trains on at most this many documents and characters: a few seconds in a worker at most. */
export const MAX_TRAINING_DOCUMENTS = 100;
export const MAX_TRAINING_CHARS = 2_000_000;
/** String matching keeps at most this many tagged texts (the most recent documents' first). */
export const MAX_TAGGED_TEXTS = 200_000;

const STATUS_RANK: Record<Sidecar['status'], number> = { done: 0, 'in-progress': 1, todo: 2 };

export interface TrainingDataResult extends SuggestionTrainingData {
  rules: SuggestionRule[];
  /** Files that could not be read (each named), left out of the training. */
  problems: string[];
}

const cache = new WeakMap<CorpusService, { signature: string; result: TrainingDataResult }>();

async function signatureOf(entries: readonly ScannedDocument[], extra: string): Promise<string> {
  const hash = createHash('sha256').update(extra);
  await mapLimit(entries, 32, async (e) => {
    if (!e.sidecarFile) return;
    const info = await stat(e.sidecarFile).catch(() => null);
    if (info) hash.update(`${e.path}\0${info.size}\0${info.mtimeMs}\n`);
  });
  return hash.digest('hex');
}

async function resolveRules(service: CorpusService, problems: string[]): Promise<SuggestionRule[]> {
  const { schema } = await service.loadLabelSchema();
  const rules: SuggestionRule[] = [];
  for (const rule of schema.suggestionRules ?? []) {
    let words = [...(rule.words ?? [])];
    if (rule.wordList) {
      const rel = `.marginalia/${rule.wordList}`;
      try {
        words = words.concat(parseWordList((await readInside(service.root, rel, 16 * 1024 * 1024)).bytes.toString('utf8')));
      } catch (e) {
        problems.push(`${rel} (the word list of a suggestion rule for ${rule.label}): ${(e as Error).message}`);
      }
    }
    rules.push({ label: rule.label, ...(words.length ? { words } : {}), ...(rule.patterns?.length ? { patterns: [...rule.patterns] } : {}) });
  }
  return rules;
}

export async function loadTrainingData(service: CorpusService): Promise<TrainingDataResult> {
  const entries = await service.scanTextDocuments();
  const registry = await loadEntityRegistry(service);
  const { schema } = await service.loadLabelSchema();
  const signature = await signatureOf(entries, `${registry.revision}\0${JSON.stringify(schema)}`);
  const hit = cache.get(service);
  if (hit?.signature === signature) return hit.result;

  const problems: string[] = [];
  const entityLabels = new Set(schema.entityLabels.map((l) => l.name));
  const tagged: TaggedText[] = [];
  const annotated: { entry: ScannedDocument; sidecar: Sidecar }[] = [];
  const sidecars = await mapLimit(entries, 32, async (entry) => ({ entry, read: await readSidecarFile(entry) }));
  for (const { entry, read } of sidecars) {
    if ('error' in read) {
      problems.push(read.error);
      continue;
    }
    const sidecar = read.sidecar;
    if (!sidecar) continue;
    const entities = sidecar.annotations.filter((a) => a.type === 'entity' && entityLabels.has(a.label));
    if (entities.length === 0) continue;
    annotated.push({ entry, sidecar });
    for (const a of entities) {
      if (tagged.length >= MAX_TAGGED_TEXTS) break;
      tagged.push({ text: a.text, label: a.label, ...(a.entity !== undefined ? { entity: a.entity } : {}) });
    }
  }

  // Finished documents first (their annotations are complete: untagged text there is a true negative), then the fullest.
  annotated.sort((a, b) => STATUS_RANK[a.sidecar.status] - STATUS_RANK[b.sidecar.status] || b.sidecar.annotations.length - a.sidecar.annotations.length);
  const documents: TrainingDocument[] = [];
  let chars = 0;
  for (const { entry } of annotated) {
    if (documents.length >= MAX_TRAINING_DOCUMENTS || chars >= MAX_TRAINING_CHARS) break;
    try {
      // Through the service: a saved web page's text, annotations re-anchored if the source changed.
      const doc = await service.readDocument(entry.path);
      if (!doc.sidecar || doc.sidecarProblem) continue;
      const spans = doc.sidecar.annotations
        .filter((a) => a.type === 'entity' && entityLabels.has(a.label))
        .map((a) => ({ start: a.start, end: a.end, label: a.label, ...(a.entity !== undefined ? { entity: a.entity } : {}) }));
      documents.push({ text: doc.text, spans });
      chars += doc.text.length;
    } catch (e) {
      problems.push((e as Error).message);
    }
  }

  const aliases: RegistryAlias[] = registry.registry.entities.flatMap((e) =>
    [e.name, ...e.aliases].map((text) => ({ text, label: e.label, entity: e.id })),
  );
  const result: TrainingDataResult = { revision: signature, documents, tagged, aliases, rules: await resolveRules(service, problems), problems };
  cache.set(service, { signature, result });
  return result;
}
