// Test helpers (not a test file): temporary copies of the real corpora, and a
// deterministic annotator that gives every document the awkward annotations
// exports must get right: astral characters, combining marks, right-to-left
// names, emoji sequences, spans across a CRLF line break, overlaps and
// nesting, claims with claimants, stances, statuses, notes with commas,
// quotes, tabs and line breaks, relations, entity ids and attributes.
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createAnnotation } from '../../app/annotations';
import { snapToGraphemes, TextIndex } from '../../app/offsets';
import { emptySidecar, serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CLAIM_STATUSES, DOCUMENT_STATUSES, STANCES, type Annotation, type Relation, type Sidecar } from '../../app/sidecar/sidecar-schema';
import { CorpusService } from '../corpus/corpus-service';
import { decodeDocument } from '../corpus/decode';
import { makeTempDir } from '../test-support';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_CORPUS = join(repo, 'resources', 'sample-corpus');
/** The real articles, used from where they are (never copied into the repository). */
export const SHARED_CORPUS = join(repo, '..', 'shared', 'corpus', 'space-force-japan');
export const hasSharedCorpus = existsSync(SHARED_CORPUS);
if (!hasSharedCorpus) console.warn(`tests on the shared news articles are skipped: ${SHARED_CORPUS} is not there (check out ../shared beside the project)`);
/** The shared articles' name in a test title, with why its tests are skipped when they are. */
export const SHARED_CORPUS_TITLE = hasSharedCorpus ? 'the shared news articles' : `the shared news articles (skipped: ${SHARED_CORPUS} is not there)`;

/** A temporary copy of a corpus folder (removed by cleanupTempDirs()). */
export async function copyCorpus(source: string): Promise<string> {
  const dir = await makeTempDir();
  await cp(source, dir, { recursive: true });
  return dir;
}

const NOTE = 'checked twice, "on tape"\nsee p. 2\tok';
const NOW = '2026-01-02T03:04:05.000Z';

/** Code-point range of a regex match (UTF-16 indices converted through TextIndex). */
function range(index: TextIndex, u16: number, length: number): [number, number] {
  return [index.toCodePoint(u16), index.toCodePoint(u16 + length)];
}

/** A sidecar with deterministic annotations over `text`; `n` varies the document status. */
export function annotateText(text: string, name: string, sha256: string, n = 0): Sidecar {
  const index = new TextIndex(text);
  const annotations: Annotation[] = [];
  const relations: Relation[] = [];
  const keys = new Set<string>();
  const add = (type: 'entity' | 'claim', label: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation | null => {
    const key = `${type}|${label}|${start}|${end}`;
    // Only what the app could make: no span splits a grapheme cluster (a lone variation selector after an emoji).
    const whole = snapToGraphemes(index, start, end);
    if (end <= start || keys.has(key) || whole.start !== start || whole.end !== end) return null;
    keys.add(key);
    const a = { ...createAnnotation(index, { type, label, start, end, id: `a_${String(annotations.length).padStart(4, '0')}`, now: NOW }), ...extra };
    annotations.push(a);
    return a;
  };
  const people: Annotation[] = [];
  const labels = ['PERSON', 'ORG', 'MISC'];
  // Names in parentheses: Korean, Chinese, Japanese (with an astral 𠮷), Hebrew, Arabic, Khmer.
  for (const m of text.matchAll(/\(\s*([^()\r\n]{1,40}?)\s*\)/g)) {
    const inner = m[1] as string;
    const at = (m.index as number) + (m[0] as string).indexOf(inner);
    const [s, e] = range(index, at, inner.length);
    const k = people.length;
    const a = add('entity', labels[k % 3] as string, s, e, k % 2 === 0 ? { entity: `ent_${k}` } : {});
    if (a) {
      if (k === 0) a.attributes = { confidence: 'high', reviewed: true };
      people.push(a);
    }
  }
  // Quotations as claims, said by the last name before them.
  let c = 0;
  for (const m of text.matchAll(/"([^"\r\n]{3,300})"|\u201c([^\u201d\r\n]{3,300})\u201d/g)) {
    const inner = (m[1] ?? m[2]) as string;
    const [s, e] = range(index, (m.index as number) + 1, inner.length);
    const speaker = [...people].reverse().find((p) => p.end <= s);
    const extra: Partial<Annotation> = { stance: STANCES[c % 4], status: CLAIM_STATUSES[c % 4] };
    if (speaker && c % 2 === 0) extra.claimant = speaker.id;
    if (c % 3 === 0) extra.note = NOTE;
    const claim = add('claim', 'CLAIM', s, e, extra);
    if (claim && speaker && c % 2 === 1) relations.push({ id: `r_${String(relations.length).padStart(4, '0')}`, type: 'said-by', from: claim.id, to: speaker.id, ...(c % 4 === 1 ? { note: 'from the, "wire"' } : {}) });
    c++;
  }
  // Emoji, with their modifiers and ZWJ sequences.
  for (const m of text.matchAll(/\p{Extended_Pictographic}\uFE0F?(?:\u200D\p{Extended_Pictographic}\uFE0F?)*/gu)) {
    const [s, e] = range(index, m.index as number, (m[0] as string).length);
    add('entity', 'MISC', s, e);
  }
  // Words with combining marks.
  for (const m of text.matchAll(/[\p{L}\p{M}]*\p{M}[\p{L}\p{M}]*/gu)) {
    const [s, e] = range(index, m.index as number, (m[0] as string).length);
    add('entity', 'PERSON', s, e);
  }
  // Years, often inside claims (nesting and overlaps).
  for (const m of text.matchAll(/\b(?:19|20)\d\d\b/g)) {
    const [s, e] = range(index, m.index as number, 4);
    add('entity', 'DATE', s, e);
  }
  // A claim across the line break between the third and fourth lines (a CRLF in the CRLF file).
  const l2 = index.lines[2];
  const l3 = index.lines[3];
  if (l2 && l3 && l2.end - l2.start > 8 && l3.end - l3.start > 8) {
    const s = index.toCodePoint(l2.end - 6);
    const e = index.toCodePoint(l3.start + 6);
    add('claim', 'CLAIM', s, e, { stance: 'reported', status: 'unverified', note: 'crosses a line break' });
  }
  if (people.length >= 2) relations.push({ id: `r_${String(relations.length).padStart(4, '0')}`, type: 'member-of', from: (people[0] as Annotation).id, to: (people[1] as Annotation).id });
  return {
    ...emptySidecar({ name, sha256, length: index.length }),
    status: DOCUMENT_STATUSES[n % 3] as Sidecar['status'],
    annotations,
    relations,
  };
}

/** Writes annotateText() sidecars beside every text document of the corpus at `dir`; returns them by path. */
export async function annotateCorpus(dir: string): Promise<Map<string, { text: string; sidecar: Sidecar }>> {
  const service = await CorpusService.open(dir);
  const out = new Map<string, { text: string; sidecar: Sidecar }>();
  let n = 0;
  for (const e of await service.listDocuments()) {
    if (e.kind !== 'text') continue;
    const file = join(dir, ...e.path.split('/'));
    const bytes = await readFile(file);
    const text = decodeDocument(bytes, e.path);
    const sidecar = annotateText(text, e.name, createHash('sha256').update(bytes).digest('hex'), n++);
    await writeFile(join(dir, ...sidecarNameFor(e.path).split('/')), serializeSidecar(sidecar));
    out.set(e.path, { text, sidecar });
  }
  return out;
}

/** A code-point slice the way Python and the tests' reference model count: Array.from. */
export function cpSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
