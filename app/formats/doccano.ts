// doccano's JSONL for sequence labelling with relations, the shape its own
// export writes and its import reads:
//
//   {"text": "...", "entities": [{"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 5}],
//    "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "said-by"}], "path": "...", ...}
//
// doccano is a Python application: its offsets count code points, so the
// sidecar's offsets go out unchanged. Ids are integers, numbered per document.
// A claim's claimant becomes a relation of type "claimant". Other keys on the
// line (path, status, notes) are kept by doccano as the example's metadata.
import { jsonLine, sortedAnnotations, sortedRelations } from './common';
import { splitExporter, type ExportDocument, type FormatExporter } from './types';

export interface DoccanoEntity {
  id: number;
  label: string;
  start_offset: number;
  end_offset: number;
}

export interface DoccanoRelation {
  id: number;
  from_id: number;
  to_id: number;
  type: string;
}

export interface DoccanoLine {
  text: string;
  entities: DoccanoEntity[];
  relations: DoccanoRelation[];
  path: string;
  status: string;
  /** Annotation notes, keyed by the entity id, when there are any. */
  notes?: Record<string, string>;
}

export function doccanoRecord(doc: ExportDocument): DoccanoLine {
  const annotations = sortedAnnotations(doc.sidecar);
  const ids = new Map<string, number>();
  const entities = annotations.map((a, i) => {
    ids.set(a.id, i + 1);
    return { id: i + 1, label: a.label, start_offset: a.start, end_offset: a.end };
  });
  const relations: DoccanoRelation[] = [];
  for (const r of sortedRelations(doc.sidecar, { withClaimants: true, sorted: annotations })) {
    const from = ids.get(r.from);
    const to = ids.get(r.to);
    if (from !== undefined && to !== undefined) relations.push({ id: relations.length + 1, from_id: from, to_id: to, type: r.type });
  }
  const line: DoccanoLine = { text: doc.text, entities, relations, path: doc.path, status: doc.sidecar?.status ?? 'todo' };
  const notes = annotations.filter((a) => a.note !== undefined);
  if (notes.length > 0) line.notes = Object.fromEntries(notes.map((a) => [String(ids.get(a.id)), a.note as string]));
  return line;
}

export function createDoccanoExporter(): FormatExporter {
  return splitExporter({
    start: () => ({}),
    render: (doc) => ({ main: jsonLine(doccanoRecord(doc)), meta: null }),
    fold: (r) => ({ main: r.main }),
    finish: () => ({}),
    warnings: () => [],
  });
}
