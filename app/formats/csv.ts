// CSV, one row per claim: the analysis table. RFC 4180: comma-separated,
// CRLF between records, a field quoted when it holds a comma, a quote, CR or
// LF (quotes doubled inside), UTF-8 without a byte-order mark, with a header.
// start and end are code points over the source text. The claimant is the
// claim's claimant field or, when that is empty, the target of a "said-by"
// relation from the claim.
//
// A cell starting with =, +, -, @, a tab or a carriage return would be read
// by Excel, LibreOffice or Google Sheets as a formula (CSV injection, OWASP):
// such a cell gets a leading apostrophe, which spreadsheets show as text and
// do not display. Readers of the raw CSV see the apostrophe: it is documented
// in docs/formats/csv.md. start and end are never negative, so never changed.
// The last column, `categories`, holds the document's document labels
// (`name` or `name:value`, separated by "; "), the same on each of its rows.
import { documentCategories, sortedAnnotations } from './common';
import { splitExporter, type ExportDocument, type FormatExporter } from './types';

export const CSV_COLUMNS = [
  'document',
  'claim_id',
  'label',
  'claim_text',
  'claimant_text',
  'claimant_id',
  'claimant_label',
  'stance',
  'status',
  'note',
  'start',
  'end',
  'categories',
] as const;

export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A cell a spreadsheet will not run as a formula. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvRows(doc: ExportDocument): CsvRow[] {
  const annotations = sortedAnnotations(doc.sidecar);
  const categories = documentCategories(doc.sidecar).join('; ');
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const saidBy = new Map<string, string>();
  for (const r of doc.sidecar?.relations ?? []) if (r.type === 'said-by' && !saidBy.has(r.from)) saidBy.set(r.from, r.to);
  return annotations
    .filter((a) => a.type === 'claim')
    .map((a): CsvRow => {
      const claimant = byId.get(a.claimant ?? saidBy.get(a.id) ?? '');
      const row: CsvRow = {
        document: doc.path,
        claim_id: a.id,
        label: a.label,
        claim_text: a.text,
        claimant_text: claimant?.text ?? '',
        claimant_id: claimant?.id ?? '',
        claimant_label: claimant?.label ?? '',
        stance: a.stance ?? '',
        status: a.status ?? '',
        note: a.note ?? '',
        start: String(a.start),
        end: String(a.end),
        categories,
      };
      for (const c of CSV_COLUMNS) row[c] = safeCell(row[c]);
      return row;
    });
}

export function createCsvExporter(): FormatExporter {
  return splitExporter({
    start: () => ({ main: csvRecord(CSV_COLUMNS) }),
    render: (doc) => ({ main: csvRows(doc).map((row) => csvRecord(CSV_COLUMNS.map((c) => row[c]))).join(''), meta: null }),
    fold: (r) => ({ main: r.main }),
    finish: () => ({}),
    warnings: () => [],
  });
}

/** Parses RFC 4180 CSV (for tests and scripts): records of fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
