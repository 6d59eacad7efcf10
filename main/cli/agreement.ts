// `marginalia agreement <corpus> --a <rev> --b <rev> [--json]`: agreement
// between two revisions of a corpus kept in git (two analysts' branches, or a
// commit before and after review), without checking either out. Each
// revision's files are read straight from git's object store (ls-tree and
// cat-file) into a temporary folder, and compared with the same code as
// comparing two folders (main/corpus/agreement-service.ts compareCorpora),
// so the figures are the same by construction.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AgreementReport, Prf } from '../../app/agreement';
import { compareCorpora, type CorpusComparison } from '../corpus/agreement-service';
import { CorpusService } from '../corpus/corpus-service';
import { GitError, repositoryOf, resolveCommit, writeTreeAt } from '../corpus/git';
import { parseTeamArgs, plural, TeamUsageError, type CliIo } from './cli-args';

/** Compares the corpus in folder `dir` as it is at commits `revA` (annotator A) and `revB` (annotator B). */
export async function compareRevisions(dir: string, revA: string, revB: string): Promise<CorpusComparison & { commits: [string, string] }> {
  const commits: [string, string] = [await resolveCommit(dir, revA), await resolveCommit(dir, revB)];
  const temp = await mkdtemp(join(tmpdir(), 'marginalia-agreement-'));
  try {
    const [a, b] = [join(temp, 'a'), join(temp, 'b')];
    await writeTreeAt(dir, commits[0], a);
    await writeTreeAt(dir, commits[1], b);
    const comparison = await compareCorpora(await CorpusService.open(a), await CorpusService.open(b));
    return { ...comparison, commits };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

const pct = (x: number | null) => (x === null ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
const num = (x: number | null) => (x === null ? '    -' : x.toFixed(3).padStart(6));
const prf = (p: Prf) => `${pct(p.precision)} ${pct(p.recall)} ${pct(p.f1)}`;

function table(report: AgreementReport): string[] {
  // Exact: same start, end and label; overlap: same label, some text in common; kappa: per label over tokens (overall: all labels).
  const lines = [`  ${'label'.padEnd(16)} ${'A'.padStart(5)} ${'B'.padStart(5)}  ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}  ${'F1 ovl'.padStart(6)}  ${'kappa'.padStart(6)}`];
  for (const l of report.labels) {
    lines.push(`  ${l.label.padEnd(16)} ${String(l.exact.a).padStart(5)} ${String(l.exact.b).padStart(5)}  ${prf(l.exact)}  ${pct(l.overlap.f1)}  ${num(l.kappa)}`);
  }
  const o = report.overall;
  lines.push(`  ${'all labels'.padEnd(16)} ${String(o.exact.a).padStart(5)} ${String(o.exact.b).padStart(5)}  ${prf(o.exact)}  ${pct(o.overlap.f1)}  ${num(o.kappa)}`);
  return lines;
}

export async function runAgreement(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseTeamArgs('agreement', args, { a: { type: 'string' }, b: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write('Usage: marginalia agreement <corpus> --a <rev> --b <rev> [--json]\n');
    return 0;
  }
  const [corpusArg, ...extra] = positionals;
  if (corpusArg === undefined) throw new TeamUsageError('agreement: missing the <corpus> folder');
  if (extra.length) throw new TeamUsageError(`agreement: unexpected argument ${JSON.stringify(extra[0])} (one corpus folder only)`);
  const revA = values.a;
  const revB = values.b;
  if (typeof revA !== 'string' || !revA) throw new TeamUsageError('agreement: missing --a <rev> (a branch, tag or commit)');
  if (typeof revB !== 'string' || !revB) throw new TeamUsageError('agreement: missing --b <rev> (a branch, tag or commit)');
  const dir = resolve(io.cwd ?? process.cwd(), corpusArg);
  let result;
  try {
    if (!(await repositoryOf(dir))) throw new TeamUsageError(`agreement: ${dir} is not in a git repository (to compare two folders, use Compare… in the app)`);
    result = await compareRevisions(dir, revA, revB);
  } catch (e) {
    if (e instanceof GitError) throw new TeamUsageError(`agreement: ${e.message}`);
    throw e;
  }
  const problems = result.documents.filter((d) => !d.comparable);
  const onlyOne = result.pairs.filter((p) => !(p.inCurrent && p.inOther));
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          a: { rev: revA, commit: result.commits[0] },
          b: { rev: revB, commit: result.commits[1] },
          documents: result.pairs.length,
          compared: result.documents.length - problems.length,
          onlyInOne: onlyOne.map((p) => ({ path: p.path, in: p.inCurrent ? 'a' : 'b' })),
          problems: problems.map((d) => ({ path: d.path, problem: d.problem })),
          report: result.report,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const short = (c: string) => c.slice(0, 10);
    io.stdout.write(
      [
        `Agreement in ${dir}: A = ${revA} (${short(result.commits[0])}), B = ${revB} (${short(result.commits[1])})`,
        `${plural(result.documents.length - problems.length, 'document')} compared, ${result.report.overall.tokens} tokens` +
          `${onlyOne.length ? `; ${onlyOne.length} only in one revision` : ''}`,
        ...table(result.report),
        '',
      ].join('\n'),
    );
  }
  for (const d of result.documents) for (const w of d.warnings) io.stderr.write(`warning: ${w}\n`);
  for (const d of problems) io.stderr.write(`error: ${d.problem}\n`);
  return problems.length ? 1 : 0;
}
