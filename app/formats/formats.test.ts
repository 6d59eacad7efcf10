// Property tests: every format keeps offsets exact in its own unit, on random
// texts full of astral characters, combining marks, right-to-left scripts,
// emoji sequences and CRLF / CR line endings. The reference model of a code
// point is Array.from (what Python's str indexing counts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../annotations';
import { TextIndex, snapToGraphemes } from '../offsets';
import { emptySidecar } from '../sidecar/sidecar-io';
import type { Annotation, Relation, Sidecar } from '../sidecar/sidecar-schema';
import { NewlineMap, toLf } from './brat-common';
import { bratDocument } from './brat-export';
import { parseBratAnn } from './brat-import';
import { prepareForExport } from './common';
import { conllDocument, resolveOverlaps } from './conll';
import { CSV_COLUMNS, csvRecord, csvRows, parseCsv, safeCell } from './csv';
import { doccanoRecord } from './doccano';
import { jsonlRecord, readJsonlRecord } from './jsonl';
import { labelStudioTask, readLabelStudioTask } from './labelstudio';
import { mergeImported } from './merge';
import { TOKEN_SPACE } from './tokenize';
import { FORMATS } from './registry';
import { EXPORT_FORMATS, type ExportChunk, type ExportDocument, type ExportText, type RenderedDocument } from './types';
import { w3cAnnotations } from './w3c';

const RUNS = { numRuns: 150 };

const PIECES = [
  'a', 'Z', '7', ' ', ' ', ' ', '.', ',', '"', '\t', 'Han', 'Do-yun', 'said.', 'The',
  '😀', '👨‍👩‍👧', '👍🏽', '🛰️', '🇯🇵', '𠮷', '𝐀', // astral, ZWJ, modifiers, flags
  'e\u0301', 'Tu\u0301', '\u0301', 'क्षि', // combining marks
  'مرحبا', 'רואה', '\u200f', '\u202b', // RTL scripts and bidi controls
  '\r\n', '\r\n', '\n', '\r', // line endings
  '한도윤', '関西', '\u00a0', '\u3000', '\x85', '\uFEFF',
];
const piece = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) });
const text = fc.array(piece, { minLength: 1, maxLength: 40 }).map((p) => p.join(''));
const LABELS = ['PERSON', 'ORG', 'CLAIM'];

/** A random text with random (grapheme-snapped, non-empty) annotations and a few relations. */
const docArb = fc
  .record({
    text,
    spans: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 2 }), fc.nat({ max: 3 })), { maxLength: 10 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
  })
  .map(({ text, spans, links }): ExportDocument => {
    const index = new TextIndex(text);
    const annotations: Annotation[] = [];
    const seen = new Set<string>();
    spans.forEach(([a, b, l, k], i) => {
      const lo = Math.min(a, b) % (index.length + 1);
      const hi = Math.max(a, b) % (index.length + 1);
      const { start, end } = snapToGraphemes(index, Math.min(lo, hi), Math.max(lo, hi));
      const label = LABELS[l] as string;
      const type = label === 'CLAIM' ? 'claim' : 'entity';
      if (end <= start || seen.has(`${type}${label}${start}/${end}`)) return;
      seen.add(`${type}${label}${start}/${end}`);
      const ann = createAnnotation(index, { type, label, start, end, id: `a_${i}`, now: '2026-01-01T00:00:00.000Z' });
      if (type === 'claim') {
        ann.stance = (['asserted', 'reported', 'hedged', 'denied'] as const)[k];
        if (k % 2 === 0) ann.note = 'a "note", with\r\nlines';
      }
      annotations.push(ann);
    });
    const relations: Relation[] = [];
    links.forEach(([f, t], i) => {
      const from = annotations[f % Math.max(1, annotations.length)];
      const to = annotations[t % Math.max(1, annotations.length)];
      if (!from || !to || from === to || relations.some((r) => r.from === from.id && r.to === to.id)) return;
      relations.push({ id: `r_${i}`, type: 'said-by', from: from.id, to: to.id });
    });
    const claim = annotations.find((a) => a.type === 'claim');
    const person = annotations.find((a) => a.type === 'entity');
    if (claim && person) claim.claimant = person.id;
    const sidecar: Sidecar = { ...emptySidecar({ name: 'doc.txt', sha256: '0'.repeat(64), length: index.length }), annotations, relations };
    return { path: 'dir/doc.txt', text, sidecar };
  });

const cpSlice = (s: string, start: number, end: number) => Array.from(s).slice(start, end).join('');
const cpLength = (s: string) => Array.from(s).length;
const SCHEMA = {
  version: 1 as const,
  entityLabels: [{ name: 'PERSON', colour: '#000000' }, { name: 'ORG', colour: '#000000' }],
  claimLabels: [{ name: 'CLAIM', colour: '#000000' }],
  relationTypes: [{ name: 'said-by' }],
};
const keys = (annotations: readonly Annotation[]) => annotations.map((a) => `${a.type}|${a.label}|${a.start}|${a.end}`).sort();
const annotationsOf = (doc: ExportDocument) => doc.sidecar?.annotations ?? [];

describe('every format keeps offsets exact', () => {
  it('the sample documents are valid to begin with', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        expect(prepareForExport(doc).problems).toEqual([]);
        for (const a of annotationsOf(doc)) expect(cpSlice(doc.text, a.start, a.end)).toBe(a.text);
      }),
      RUNS,
    );
  });

  it('jsonl: code points, and it imports back to the same spans', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const line = JSON.parse(JSON.stringify(jsonlRecord(doc)));
        expect(line.text).toBe(doc.text);
        for (const s of line.spans) expect(cpSlice(line.text, s.start, s.end)).toBe(s.text);
        expect(line.spans.map((s: { text: string }) => s.text).sort()).toEqual(annotationsOf(doc).map((a) => a.text).sort());
        for (const r of line.relations) expect(cpSlice(line.text, r.head_span.start, r.head_span.end)).toBe(line.spans.find((s: { id: string }) => s.id === r.from).text);
        const merged = mergeImported({ path: doc.path, text: doc.text, sha256: '0'.repeat(64), existing: null, imported: readJsonlRecord(line, 'x'), schema: SCHEMA });
        expect(merged.notPlaced).toEqual([]);
        expect(keys(merged.sidecar.annotations)).toEqual(keys(annotationsOf(doc)));
        expect(merged.sidecar.relations.length).toBe(doc.sidecar?.relations.length);
        expect(merged.sidecar.annotations.filter((a) => a.claimant).length).toBe(annotationsOf(doc).filter((a) => a.claimant).length);
      }),
      RUNS,
    );
  });

  it('doccano: start_offset/end_offset in UTF-16 code units (doccano\'s unit), and it imports back to the same spans', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const line = JSON.parse(JSON.stringify(doccanoRecord(doc)));
        const texts = line.entities.map((e: { start_offset: number; end_offset: number }) => line.text.slice(e.start_offset, e.end_offset));
        expect(texts.sort()).toEqual(annotationsOf(doc).map((a) => a.text).sort());
        const merged = mergeImported({ path: doc.path, text: doc.text, sha256: '0'.repeat(64), existing: null, imported: readJsonlRecord(line, 'x'), schema: SCHEMA });
        expect(merged.notPlaced).toEqual([]);
        expect(keys(merged.sidecar.annotations)).toEqual(keys(annotationsOf(doc)));
        const ids = new Set(line.entities.map((e: { id: number }) => e.id));
        for (const r of line.relations) expect(ids.has(r.from_id) && ids.has(r.to_id)).toBe(true);
      }),
      RUNS,
    );
  });

  it('labelstudio: code points over data.text, and it imports back', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const task = JSON.parse(JSON.stringify(labelStudioTask(doc)));
        expect(task.data.text).toBe(doc.text);
        const regions = (task.annotations?.[0]?.result ?? []).filter((r: { type: string }) => r.type === 'labels');
        for (const r of regions) expect(cpSlice(task.data.text, r.value.start, r.value.end)).toBe(r.value.text);
        expect(regions.length).toBe(annotationsOf(doc).length);
        const merged = mergeImported({ path: doc.path, text: doc.text, sha256: '0'.repeat(64), existing: null, imported: readLabelStudioTask(task, 't'), schema: SCHEMA });
        expect(merged.notPlaced).toEqual([]);
        expect(keys(merged.sidecar.annotations)).toEqual(keys(annotationsOf(doc)));
        expect(merged.sidecar.annotations.filter((a) => a.note).length).toBe(annotationsOf(doc).filter((a) => a.note).length);
      }),
      RUNS,
    );
  });

  it('labelstudio import: UTF-16 offsets from older versions are recognised', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const index = new TextIndex(doc.text);
        const task = labelStudioTask(doc);
        for (const r of task.annotations?.[0]?.result ?? []) {
          if ('value' in r && 'start' in r.value) {
            r.value.start = index.toUtf16(r.value.start);
            r.value.end = index.toUtf16(r.value.end);
          }
        }
        const merged = mergeImported({ path: doc.path, text: doc.text, sha256: '0'.repeat(64), existing: null, imported: readLabelStudioTask(task, 't'), schema: SCHEMA });
        expect(merged.notPlaced).toEqual([]);
        for (const a of merged.sidecar.annotations) expect(cpSlice(doc.text, a.start, a.end)).toBe(a.text);
        const texts = new Set(annotationsOf(doc).map((a) => a.text));
        for (const a of merged.sidecar.annotations) expect(texts.has(a.text)).toBe(true);
        // Numbers that also read as code points matching the same text are ambiguous; otherwise the placement is exact.
        const ambiguous = annotationsOf(doc).some((a) => {
          const s = index.toUtf16(a.start);
          const e = index.toUtf16(a.end);
          return (s !== a.start || e !== a.end) && cpSlice(doc.text, s, e) === a.text;
        });
        if (!ambiguous) expect(keys(merged.sidecar.annotations)).toEqual(keys(annotationsOf(doc)));
      }),
      RUNS,
    );
  });

  it('w3c: TextPositionSelector in code points; TextQuoteSelector exact, prefix and suffix adjacent', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const items = JSON.parse(JSON.stringify(w3cAnnotations(doc)));
        const spans = items.filter((i: { motivation: string }) => i.motivation !== 'linking');
        expect(spans.length).toBe(annotationsOf(doc).length);
        for (const item of spans) {
          const [quote, position] = item.target.selector;
          expect(cpSlice(doc.text, position.start, position.end)).toBe(quote.exact);
          expect(cpSlice(doc.text, position.start - cpLength(quote.prefix), position.start)).toBe(quote.prefix);
          expect(cpSlice(doc.text, position.end, position.end + cpLength(quote.suffix))).toBe(quote.suffix);
        }
      }),
      RUNS,
    );
  });

  it('csv: one row per claim, RFC 4180 round trip, code points', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const csv = csvRecord(CSV_COLUMNS) + csvRows(doc).map((r) => csvRecord(CSV_COLUMNS.map((c) => r[c]))).join('');
        const [header, ...rows] = parseCsv(csv);
        expect(header).toEqual([...CSV_COLUMNS]);
        expect(rows.length).toBe(annotationsOf(doc).filter((a) => a.type === 'claim').length);
        const col = (name: string) => CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number]);
        for (const row of rows) {
          expect(safeCell(cpSlice(doc.text, Number(row[col('start')]), Number(row[col('end')])))).toBe(row[col('claim_text')]);
          for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        }
      }),
      RUNS,
    );
  });

  it('csv: a cell that a spreadsheet would read as a formula is neutralised with a leading apostrophe', () => {
    for (const t of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(safeCell(t)).toBe(`'${t}`);
    for (const t of ['plain', '', "'quoted", ' =1', '12']) expect(safeCell(t)).toBe(t);
    const text = '=cmd|" /C calc"!A0 said Kim.';
    const index = new TextIndex(text);
    const claim = createAnnotation(index, { id: 'c', type: 'claim', label: 'CLAIM', start: 0, end: 20, now: '2026-01-01T00:00:00.000Z' });
    const doc: ExportDocument = { path: '@a.txt', text, sidecar: { ...emptySidecar({ name: 'a.txt', sha256: '0'.repeat(64), length: index.length }), annotations: [claim], relations: [] } };
    const rows = parseCsv(FORMATS.csv.createExporter({ schema: SCHEMA }).add(doc).main as string);
    expect(rows[0]?.[0]).toBe("'@a.txt");
    expect(rows[0]?.[3]).toBe(`'${claim.text}`);
  });

  it('brat: LF text, fragments per line in code points, and it imports back to the same spans', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const out = bratDocument(doc);
        expect(out.txt).toBe(doc.text.replace(/\r\n?/g, '\n'));
        expect(out.txt).not.toMatch(/\r/);
        for (const line of out.ann.split('\n').filter((l) => l.startsWith('T'))) {
          const [, typeAndOffsets] = line.split('\t') as [string, string];
          const quote = line.slice(line.indexOf('\t', line.indexOf('\t') + 1) + 1);
          const fragments = typeAndOffsets.split(' ').slice(1).join(' ').split(';').map((f) => f.split(' ').map(Number) as [number, number]);
          const pieces = fragments.map(([s, e]) => cpSlice(out.txt, s, e));
          for (const p of pieces) expect(p).not.toContain('\n');
          expect(pieces.join(' ')).toBe(quote);
        }
        const merged = mergeImported({ path: doc.path, text: doc.text, sha256: '0'.repeat(64), existing: null, imported: parseBratAnn(out.ann, 'x.ann', { txt: out.txt }), schema: SCHEMA });
        expect(merged.notPlaced).toEqual([]);
        // brat cannot start or end a fragment with a line break: those are trimmed; spans of only line breaks are skipped.
        const index = new TextIndex(doc.text);
        const trimmed = annotationsOf(doc).flatMap((a) => {
          let { start, end } = a;
          while (start < end && /[\r\n]/.test(index.slice(start, start + 1))) start++;
          while (end > start && /[\r\n]/.test(index.slice(end - 1, end))) end--;
          return end > start ? [{ ...a, start, end }] : [];
        });
        expect(keys(merged.sidecar.annotations)).toEqual([...new Set(keys(trimmed))]);
      }),
      RUNS,
    );
  });

  it('brat: the newline map is exact both ways', () => {
    fc.assert(
      fc.property(text, (t) => {
        const index = new TextIndex(t);
        const lf = toLf(t);
        const map = new NewlineMap(index);
        const chars = Array.from(t);
        const lfChars = Array.from(lf);
        for (let cp = 0; cp <= chars.length; cp++) {
          const q = map.toLf(cp);
          const midCrlf = chars[cp - 1] === '\r' && chars[cp] === '\n';
          if (!midCrlf) {
            expect(map.fromLf(q)).toBe(cp);
            if (cp < chars.length) expect(lfChars[q]).toBe(chars[cp] === '\r' ? '\n' : chars[cp]);
          }
        }
      }),
      RUNS,
    );
  });

  it('conll: tokens lose no character, tags cover kept spans exactly', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const out = conllDocument(doc);
        const lines = out.text.split('\n');
        // spaCy's converter (spacy convert --converter ner -n N) splits documents only on this exact line.
        expect(lines[0]).toBe('-DOCSTART- -X- O O');
        const rows = lines.slice(1).filter((l) => l !== '').map((l) => l.split(' '));
        for (const r of rows) expect(r.length).toBe(4);
        expect(rows.map((r) => r[0]).join('')).toBe(Array.from(doc.text).filter((c) => !TOKEN_SPACE.test(c)).join(''));
        const entities = annotationsOf(doc).filter((a) => a.type === 'entity');
        const { kept } = resolveOverlaps(entities);
        const runs: string[] = [];
        rows.forEach((r) => {
          if ((r[3] as string).startsWith('B-')) runs.push(r[0] as string);
          else if ((r[3] as string).startsWith('I-')) runs[runs.length - 1] += r[0] as string;
        });
        const visible = kept.map((a) => Array.from(a.text).filter((c) => !TOKEN_SPACE.test(c)).join('')).filter((s) => s !== '');
        expect(runs).toEqual(visible);
        expect(out.kept + out.dropped).toBe(entities.length);
      }),
      RUNS,
    );
  });
});

describe('every exporter in two halves (render, then fold in order)', () => {
  // What a parallel export does (main/export/export-pool.ts): render documents in a worker, send their text back
  // as UTF-8 bytes (structured-cloned, the rest of the result with it), fold them here in corpus order. It must
  // write exactly what add() writes.
  const utf8 = new TextEncoder();
  const asBytes = (r: RenderedDocument<unknown, string>): RenderedDocument<unknown, Uint8Array> => ({
    meta: r.meta,
    ...(r.main !== undefined ? { main: utf8.encode(r.main) } : {}),
    ...(r.files ? { files: r.files.map((f) => ({ name: f.name, text: utf8.encode(f.text) })) } : {}),
  });
  // ignoreBOM: a text's own U+FEFF is content, not a byte-order mark to strip.
  const decode = (t: ExportText): string => (typeof t === 'string' ? t : new TextDecoder('utf-8', { ignoreBOM: true }).decode(t));
  /** What the chunks write: the main stream's text and each file's. */
  const written = (chunks: ExportChunk[]) => ({
    main: chunks.flatMap((c) => (c.main === undefined ? [] : Array.isArray(c.main) ? c.main : [c.main])).map(decode).join(''),
    files: chunks.flatMap((c) => c.files ?? []).map((f) => [f.name, decode(f.text)]),
  });

  it('gives the same output as add(), with the rendered halves sent as UTF-8 bytes and structured-cloned', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 5 }), (docs) => {
        for (const format of EXPORT_FORMATS) {
          const ctx = { schema: SCHEMA, title: 'T' };
          const whole = FORMATS[format].createExporter(ctx);
          const halves = FORMATS[format].createExporter(ctx);
          const renderer = FORMATS[format].createExporter(ctx);
          const out = (e: typeof whole, add: (d: ExportDocument) => ExportChunk) => {
            const chunks = [e.start(), ...docs.map((d, i) => add({ ...d, path: `dir/doc${i}.txt` })), e.finish()];
            return { written: written(chunks), warnings: e.warnings() };
          };
          expect(out(halves, (d) => halves.fold(structuredClone(asBytes(renderer.render(prepareForExport(d).doc))))), format).toEqual(
            out(whole, (d) => whole.add(prepareForExport(d).doc)),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
