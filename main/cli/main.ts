// The `marginalia` command line: export, import, validate and stats over a
// corpus folder, with the same app/ and main/corpus code the app runs, and no
// Electron. Exit codes: 0 success, 1 data problems found, 2 usage error.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FORMATS, IMPORT_FORMATS, isImportFormat } from '../../app/formats/registry';
import { parseSplit } from '../../app/formats/split';
import { EXPORT_FORMATS } from '../../app/formats/types';
import { DOCUMENT_STATUSES } from '../../app/sidecar/sidecar-schema';
import { CorpusService } from '../corpus/corpus-service';
import { exportCorpus, ExportOptionsError, type ExportOptions } from '../export/export-service';
import { parseExportRequest } from '../../app/formats/export-request';
import { importAnnotations } from '../export/import-service';
import { corpusStats } from '../export/stats-service';
import { validateCorpus } from '../export/validate-service';
import { isTeamCommand, runTeamCommand, TEAM_USAGE, TeamUsageError } from './team';
import { plural, type CliIo } from './cli-args';

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

export type { CliIo } from './cli-args';

const formatList = EXPORT_FORMATS.map((f) => `    ${f.padEnd(12)} ${FORMATS[f].description}`).join('\n');

export const USAGE = `Usage: marginalia <command> <corpus> [options]

Commands:
  export   <corpus> --format <format> --out <path>
           [--split 80,10,10 [--seed N]] [--status done] [--labels PERSON,ORG]
           [--offsets codepoints] [--no-overlaps] [--base <IRI>]
           Write the corpus's annotations as a dataset.
  import   <corpus> --format <${IMPORT_FORMATS.join('|')}> --from <path> [--offsets codepoints]
           Bring annotations in, merged into the sidecars without duplicates.
  validate <corpus>
           Check every sidecar: schema, offsets against the text, references.
  stats    <corpus> [--json]
           Documents, annotations per label, progress.
${TEAM_USAGE}
Export formats (--format):
${formatList}

Options:
  --out <path>      the file to write (a folder for brat, and for any --split)
  --split a,b[,c]   split by document into train,dev,test (or train,test) percentages
  --seed <n>        seed of the split's shuffle (default 0): same seed, same split
  --status <s,...>  only documents with these statuses: ${DOCUMENT_STATUSES.join(', ')}
  --labels <l,...>  only annotations with these labels
  --offsets <unit>  (doccano) what offsets count: utf16 (default, doccano's own) or codepoints
  --no-overlaps     (doccano) leave out spans overlapping a longer one, for projects that refuse overlaps
  --base <IRI>      (w3c, claimreview) absolute IRI that ids are made from (default urn:marginalia:<corpus>:)
  --from <path>     what to import: a brat folder, a JSONL or doccano file, a Label Studio JSON file
  --json            (stats) print JSON
  -h, --help        show this help
  --version         show the version

Exit codes: 0 success, 1 data problems found, 2 usage error.
See docs/cli.md and docs/formats/.
`;

class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMAND_OPTIONS: Record<string, Options> = {
  export: {
    format: { type: 'string' },
    out: { type: 'string' },
    split: { type: 'string' },
    seed: { type: 'string' },
    status: { type: 'string', multiple: true },
    labels: { type: 'string', multiple: true },
    offsets: { type: 'string' },
    'no-overlaps': { type: 'boolean' },
    base: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  import: { format: { type: 'string' }, from: { type: 'string' }, offsets: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  validate: { help: { type: 'boolean', short: 'h' } },
  stats: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
};

function version(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const dir of [join(here, '..', '..'), join(here, '..', '..', '..')]) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'marginalia' && pkg.version) return pkg.version;
      } catch {
        // try the next folder
      }
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

/** Comma lists, possibly given several times: --labels PERSON,ORG --labels GPE. */
function list(values: unknown): string[] {
  const all = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return all.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

function parse(command: string, args: string[]): { corpus: string; values: Record<string, unknown> } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: COMMAND_OPTIONS[command] as Options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) return { corpus: '', values };
  const [corpus, ...extra] = parsed.positionals;
  if (corpus === undefined) throw new UsageError(`${command}: missing the <corpus> folder`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(extra[0])} (one corpus folder only)`);
  return { corpus, values };
}

function need(values: Record<string, unknown>, name: string, command: string, what: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`${command}: missing --${name} <${what}>`);
  return v;
}

/** --offsets utf16|codepoints (doccano's unit), or undefined when not given. */
function offsetsOption(values: Record<string, unknown>, command: string): 'utf16' | 'codepoints' | undefined {
  const v = values.offsets;
  if (v === undefined) return undefined;
  if (v === 'utf16' || v === 'codepoints') return v;
  throw new UsageError(`${command}: --offsets ${JSON.stringify(v)}: choose utf16 or codepoints`);
}

/** Progress on one line of stderr, only when it is a terminal; at most ten updates a second. */
function progress(io: CliIo, verb: string): { update: (done: number, total: number) => void; clear: () => void } {
  if (!io.stderr.isTTY) return { update: () => {}, clear: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done !== total && now - last < 100) return;
      last = now;
      shown = true;
      io.stderr.write(`\r\x1b[K${verb} ${done}/${total} documents`);
    },
    clear() {
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}

async function openCorpus(path: string, io: CliIo): Promise<CorpusService> {
  // An empty argument (an unset shell variable) must not mean the current folder.
  if (path.trim() === '') throw new UsageError('the corpus folder is an empty argument (an unset shell variable?); name the folder');
  try {
    return await CorpusService.open(resolve(io.cwd ?? process.cwd(), path));
  } catch (e) {
    throw new UsageError(`cannot open the corpus: ${(e as Error).message}`);
  }
}

async function runExport(args: string[], io: CliIo): Promise<number> {
  const { corpus, values } = parse('export', args);
  if (values.help) return help(io);
  // Flags become the shared export request (app/formats/export-request.ts), which alone judges the values.
  const raw: Record<string, unknown> = { format: need(values, 'format', 'export', 'format') };
  const out = need(values, 'out', 'export', 'path');
  if (values.split !== undefined) {
    try {
      raw.split = parseSplit(String(values.split));
    } catch (e) {
      throw new UsageError(`export: ${(e as Error).message}`);
    }
  }
  if (values.seed !== undefined) raw.seed = /^-?\d+$/.test(String(values.seed)) ? Number(values.seed) : String(values.seed);
  const statuses = list(values.status);
  if (statuses.length) raw.status = statuses;
  const labels = list(values.labels);
  if (labels.length) raw.labels = labels;
  if (values.offsets !== undefined) raw.offsets = values.offsets;
  if (values['no-overlaps']) raw.overlaps = 'drop';
  if (values.base !== undefined) raw.base = String(values.base);
  const request = parseExportRequest(raw);
  if (!request.ok) throw new UsageError(`export: ${request.message}`);
  const options: ExportOptions = { ...request.value, out: resolve(io.cwd ?? process.cwd(), out) };

  const service = await openCorpus(corpus, io);
  const bar = progress(io, 'exporting');
  let report;
  try {
    report = await exportCorpus(service, options, bar.update);
  } finally {
    bar.clear();
  }
  for (const w of report.warnings) io.stderr.write(`warning: ${w}\n`);
  for (const p of report.problems) io.stderr.write(`error: ${p}\n`);
  io.stdout.write(
    `Exported ${plural(report.documents, 'document')} (${plural(report.annotations, 'annotation')}, ${plural(report.relations, 'relation')}) as ${options.format} to ${report.out}\n`,
  );
  if (report.parts.length > 1) {
    for (const p of report.parts) io.stdout.write(`  ${p.name.padEnd(5)} ${plural(p.documents, 'document')}, ${plural(p.annotations, 'annotation')} -> ${p.path}\n`);
  }
  if (report.problems.length) {
    io.stderr.write(`marginalia: ${plural(report.problems.length, 'problem')}: the export leaves out what is listed above (run marginalia validate)\n`);
    return EXIT_DATA;
  }
  return EXIT_OK;
}

async function runImport(args: string[], io: CliIo): Promise<number> {
  const { corpus, values } = parse('import', args);
  if (values.help) return help(io);
  const format = need(values, 'format', 'import', 'format');
  if (!isImportFormat(format)) throw new UsageError(`import: unknown format ${JSON.stringify(format)}: choose one of ${IMPORT_FORMATS.join(', ')}`);
  const from = resolve(io.cwd ?? process.cwd(), need(values, 'from', 'import', 'path'));
  const offsets = offsetsOption(values, 'import');
  const service = await openCorpus(corpus, io);
  const bar = progress(io, 'importing');
  let report;
  try {
    report = await importAnnotations(service, { format, from, ...(offsets ? { offsets } : {}) }, bar.update);
  } finally {
    bar.clear();
  }
  for (const w of report.warnings) io.stderr.write(`warning: ${w}\n`);
  for (const m of report.moved) io.stderr.write(`moved: ${m}\n`);
  for (const p of report.problems) io.stderr.write(`error: ${p}\n`);
  for (const p of report.notPlaced) io.stderr.write(`not placed: ${p}\n`);
  const written = report.documents.filter((d) => d.written).length;
  io.stdout.write(
    `Imported ${plural(report.added, 'annotation')} and ${plural(report.relationsAdded, 'relation')} into ${plural(written, 'document')} from ${report.from}` +
      ` (${report.duplicates} already there${report.relationDuplicates ? `, ${plural(report.relationDuplicates, 'relation')} already there` : ''})\n`,
  );
  if (report.eventsAdded || report.equivalencesAdded || report.categoriesAdded) {
    io.stdout.write(`  and ${plural(report.eventsAdded, 'event')}, ${plural(report.equivalencesAdded, 'equivalence group')}, ${plural(report.categoriesAdded, 'document label')}\n`);
  }
  for (const d of report.documents) {
    if (d.added || d.relationsAdded || d.duplicates) {
      io.stdout.write(`  ${d.path}: +${d.added} annotations, +${d.relationsAdded} relations, ${d.duplicates} duplicates${d.written ? '' : ' (not written)'}\n`);
    }
  }
  const failed = report.notPlaced.length + report.problems.length;
  if (failed) {
    io.stderr.write(`marginalia: ${plural(failed, 'item')} could not be imported (listed above)\n`);
    return EXIT_DATA;
  }
  return EXIT_OK;
}

async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { corpus, values } = parse('validate', args);
  if (values.help) return help(io);
  const service = await openCorpus(corpus, io);
  const bar = progress(io, 'checking');
  let report;
  try {
    report = await validateCorpus(service, bar.update);
  } finally {
    bar.clear();
  }
  for (const p of report.problems) io.stdout.write(`${p.file}: ${p.message}\n`);
  for (const w of report.warnings) io.stdout.write(`${w.file}: warning: ${w.message}\n`);
  const files = new Set(report.problems.map((p) => p.file)).size;
  if (report.problems.length) {
    io.stdout.write(`${plural(report.problems.length, 'problem')} in ${plural(files, 'file')} (${plural(report.sidecars, 'sidecar')} checked, ${plural(report.documents, 'document')})\n`);
    return EXIT_DATA;
  }
  io.stdout.write(`No problems: ${plural(report.sidecars, 'sidecar')} checked, ${plural(report.annotations, 'annotation')}, ${plural(report.documents, 'document')}\n`);
  return EXIT_OK;
}

async function runStats(args: string[], io: CliIo): Promise<number> {
  const { corpus, values } = parse('stats', args);
  if (values.help) return help(io);
  const service = await openCorpus(corpus, io);
  const s = await corpusStats(service);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  } else {
    const total = s.documents.text;
    const pct = (n: number) => (total ? `${Math.round((100 * n) / total)}%` : '0%');
    const lines = [
      `Corpus ${s.corpus}`,
      `Documents: ${total} text (${s.documents.annotated} with annotations)${s.documents.unsupported ? `, ${s.documents.unsupported} unsupported` : ''}`,
      `Progress: done ${s.progress.done} (${pct(s.progress.done)}), in progress ${s.progress['in-progress']} (${pct(s.progress['in-progress'])}), todo ${s.progress.todo} (${pct(s.progress.todo)})`,
      `Annotations: ${s.annotations}${s.orphans ? ` (and ${s.orphans} orphaned)` : ''}`,
      ...s.labels.map((l) => `  ${l.type.padEnd(7)}${l.label.padEnd(20)}${String(l.count).padStart(7)}`),
      `Relations: ${s.relations}`,
      ...s.relationTypes.map((r) => `  ${r.type.padEnd(27)}${String(r.count).padStart(7)}`),
      ...(s.categories.length ? ['Document labels (documents):', ...s.categories.map((c) => `  ${(c.value === undefined ? c.name : `${c.name}: ${c.value}`).padEnd(27)}${String(c.count).padStart(7)}`)] : []),
    ];
    const claims = s.labels.filter((l) => l.type === 'claim').reduce((a, l) => a + l.count, 0);
    if (claims) {
      const fmt = (r: Record<string, number>) => Object.entries(r).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
      lines.push(`Claims by stance: ${fmt(s.claims.stance)}`, `Claims by status: ${fmt(s.claims.status)}`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  for (const u of s.unreadable) io.stderr.write(`error: ${u}\n`);
  if (s.unreadable.length) {
    io.stderr.write(`marginalia: ${plural(s.unreadable.length, 'sidecar')} could not be read and ${s.unreadable.length === 1 ? 'is' : 'are'} not counted (run marginalia validate)\n`);
    return EXIT_DATA;
  }
  return EXIT_OK;
}

function help(io: CliIo): number {
  io.stdout.write(USAGE);
  return EXIT_OK;
}

/**
 * Runs the command line with `argv` (without node and the script) and
 * returns the exit code. Never throws: every failure is a message on stderr.
 */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isTeamCommand(command)) return await runTeamCommand(command, rest, io);
    switch (command) {
      case 'export':
        return await runExport(rest, io);
      case 'import':
        return await runImport(rest, io);
      case 'validate':
        return await runValidate(rest, io);
      case 'stats':
        return await runStats(rest, io);
      case '-h':
      case '--help':
      case 'help':
        return help(io);
      case '--version':
      case '-v':
        io.stdout.write(`marginalia ${version()}\n`);
        return EXIT_OK;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ExportOptionsError || e instanceof TeamUsageError) {
      io.stderr.write(`marginalia: ${e.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    io.stderr.write(`marginalia: ${command ?? ''} failed: ${(e as Error).message ?? String(e)}\n`);
    return EXIT_DATA;
  }
}
