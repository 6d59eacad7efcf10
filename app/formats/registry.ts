// Every dataset format: its name on the command line, what it writes, the
// unit its offsets count, and whether it can be exported and imported.
import { createBratExporter } from './brat-export';
import { createClaimReviewExporter } from './claimreview';
import { createConllExporter } from './conll';
import { createCsvExporter } from './csv';
import { createDoccanoExporter } from './doccano';
import { createFeverExporter } from './fever';
import { createJsonlExporter } from './jsonl';
import { createLabelStudioExporter } from './labelstudio';
import { EXPORT_FORMATS, IMPORT_FORMATS, type ExportContext, type ExportFormatName, type FormatExporter, type ImportFormatName } from './types';
import { createW3cExporter } from './w3c';

export interface FormatInfo {
  name: ExportFormatName;
  description: string;
  /** 'file': one file (--out names it); 'folder': a folder of files (--out names the folder). */
  layout: 'file' | 'folder';
  /** Extension of the main file (file formats), used for split parts: train.jsonl. */
  extension: string;
  /** What offsets count in this format. */
  offsets: string;
  importable: boolean;
  createExporter(ctx: ExportContext): FormatExporter;
}

export const FORMATS: Readonly<Record<ExportFormatName, FormatInfo>> = {
  jsonl: {
    name: 'jsonl',
    description: 'spaCy / Prodigy JSONL: one line per document, text, spans and relations',
    layout: 'file',
    extension: '.jsonl',
    offsets: 'code points',
    importable: true,
    createExporter: (ctx) => createJsonlExporter(ctx),
  },
  doccano: {
    name: 'doccano',
    description: 'doccano JSONL with entities and relations',
    layout: 'file',
    extension: '.jsonl',
    offsets: 'UTF-16 code units (doccano\'s own; --offsets codepoints for code points)',
    importable: true,
    createExporter: (ctx) => createDoccanoExporter(ctx),
  },
  conll: {
    name: 'conll',
    description: 'CoNLL-2003 IOB2, four columns, one token per line',
    layout: 'file',
    extension: '.conll',
    offsets: 'tokens (no offsets)',
    importable: false,
    createExporter: (ctx) => createConllExporter(ctx),
  },
  brat: {
    name: 'brat',
    description: 'brat standoff: .txt + .ann per document, annotation.conf and visual.conf',
    layout: 'folder',
    extension: '',
    offsets: 'code points over the text with LF line endings',
    importable: true,
    createExporter: (ctx) => createBratExporter(ctx),
  },
  labelstudio: {
    name: 'labelstudio',
    description: 'Label Studio tasks JSON with annotations, and a matching labelling config',
    layout: 'file',
    extension: '.json',
    offsets: 'code points',
    importable: true,
    createExporter: (ctx) => createLabelStudioExporter(ctx),
  },
  w3c: {
    name: 'w3c',
    description: 'W3C Web Annotation JSON-LD (TextQuoteSelector and TextPositionSelector)',
    layout: 'file',
    extension: '.jsonld',
    offsets: 'code points',
    importable: false,
    createExporter: (ctx) => createW3cExporter(ctx),
  },
  csv: {
    name: 'csv',
    description: 'CSV, one row per claim (RFC 4180, UTF-8)',
    layout: 'file',
    extension: '.csv',
    offsets: 'code points',
    importable: false,
    createExporter: () => createCsvExporter(),
  },
  claimreview: {
    name: 'claimreview',
    description: 'schema.org ClaimReview JSON-LD, one per reviewed claim (for fact-checkers)',
    layout: 'file',
    extension: '.jsonld',
    offsets: 'none (claim text and document IRI)',
    importable: false,
    createExporter: (ctx) => createClaimReviewExporter(ctx),
  },
  fever: {
    name: 'fever',
    description: 'FEVER JSONL: one line per claim with its label and evidence sentences',
    layout: 'file',
    extension: '.jsonl',
    offsets: 'sentence numbers (from 0, as the CoNLL export splits sentences)',
    importable: false,
    createExporter: () => createFeverExporter(),
  },
};

export function isExportFormat(name: string): name is ExportFormatName {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

export function isImportFormat(name: string): name is ImportFormatName {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}

export { EXPORT_FORMATS, IMPORT_FORMATS };
