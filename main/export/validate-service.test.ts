import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs } from '../test-support';
import { annotateCorpus, copyCorpus, SAMPLE_CORPUS } from './test-corpus';
import { validateCorpus } from './validate-service';

afterEach(cleanupTempDirs);

async function allFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await allFiles(dir, path)));
    else out.push(path);
  }
  return out.sort();
}

describe('validateCorpus', () => {
  it('finds nothing wrong in a freshly annotated corpus', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const report = await validateCorpus(await CorpusService.open(dir));
    expect(report.problems).toEqual([]);
    expect(report.sidecars).toBe(6);
    expect(report.annotations).toBe([...docs.values()].reduce((n, d) => n + d.sidecar.annotations.length, 0));
  });

  it('finds each kind of problem and names the file', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const get = (path: string) => (docs.get(path) as { sidecar: Sidecar }).sidecar;
    const write = (path: string, text: string) => writeFile(join(dir, ...sidecarNameFor(path).split('/')), text);

    // Offsets whose text differs from the source.
    const s1 = get('01-flood-warning-satellite-launch.txt');
    await write('01-flood-warning-satellite-launch.txt', serializeSidecar({ ...s1, annotations: s1.annotations.map((a, i) => (i === 1 ? { ...a, start: a.start + 1, end: a.end + 1 } : a)) }));
    // Dangling references: a relation and a claimant pointing at nothing.
    const s2 = get('02-da-nang-flood-data-pact.txt');
    const claim = s2.annotations.find((a) => a.type === 'claim')?.id;
    await write(
      '02-da-nang-flood-data-pact.txt',
      serializeSidecar({
        ...s2,
        annotations: s2.annotations.map((a) => (a.id === claim ? { ...a, claimant: 'a_gone' } : a)),
        relations: [...s2.relations, { id: 'r_x', type: 'said-by', from: claim as string, to: 'a_missing' }],
      }),
    );
    // Schema errors.
    const s3 = JSON.parse(serializeSidecar(get('03-how-radar-altimetry-reads-rivers.md')));
    s3.annotations[0].stance = 'maybe';
    s3.annotations[1].end = s3.annotations[1].start;
    delete s3.status;
    await write('03-how-radar-altimetry-reads-rivers.md', JSON.stringify(s3));
    // Not JSON at all.
    await write('04-upstream-dam-data-dispute.txt', '{ "format": ');
    // A sidecar whose source is gone.
    await writeFile(join(dir, 'culture', 'renamed-article.txt.annotations.json'), serializeSidecar(get('culture/05-rising-water-photo-exhibition.txt')));
    // An unusable label schema.
    await mkdir(join(dir, '.marginalia'));
    await writeFile(join(dir, '.marginalia', 'schema.json'), '{"version": 1, "entityLabels": []}');

    const before = await allFiles(dir);
    const report = await validateCorpus(await CorpusService.open(dir));
    const by = (file: string) => report.problems.filter((p) => p.file === file).map((p) => p.message).join('\n');

    expect(by('01-flood-warning-satellite-launch.txt.annotations.json')).toMatch(new RegExp(`annotation ${s1.annotations[1]?.id} .* records .* but the source has`));
    expect(by('02-da-nang-flood-data-pact.txt.annotations.json')).toMatch(/names claimant a_gone.*dangling reference/);
    expect(by('02-da-nang-flood-data-pact.txt.annotations.json')).toMatch(/relation r_x \(said-by\) ends at a_missing.*dangling reference/);
    const three = by('03-how-radar-altimetry-reads-rivers.md.annotations.json');
    expect(three).toMatch(/schema: annotation 1 \(id a_\d+\): stance/);
    expect(three).toMatch(/schema: annotation 2 \(id a_\d+\): end: end must be greater than start/);
    expect(three).toMatch(/schema: status/);
    expect(by('04-upstream-dam-data-dispute.txt.annotations.json')).toMatch(/not valid JSON/);
    expect(by('culture/renamed-article.txt.annotations.json')).toMatch(/its source culture\/renamed-article\.txt is missing/);
    expect(by('.marginalia/schema.json')).toMatch(/not a valid label schema/);
    expect(new Set(report.problems.map((p) => p.file)).size).toBe(6);
    // Read-only: no backup or anything else written.
    expect(await allFiles(dir)).toEqual(before);
  });

  it('accepts references to orphans, and warns about them', async () => {
    const dir = await copyCorpus(SAMPLE_CORPUS);
    const docs = await annotateCorpus(dir);
    const path = '06-first-alert-thu-bon-river.txt';
    const s = (docs.get(path) as { sidecar: Sidecar }).sidecar;
    const [orphan, ...rest] = s.annotations;
    const kept = rest.filter((a) => a.claimant !== orphan?.id);
    await writeFile(
      join(dir, sidecarNameFor(path)),
      serializeSidecar({ ...s, annotations: kept, orphans: [orphan as Sidecar['annotations'][number]], relations: [{ id: 'r_o', type: 'same-as', from: (kept[0] as { id: string }).id, to: (orphan as { id: string }).id }] }),
    );
    const report = await validateCorpus(await CorpusService.open(dir));
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => w.message).join('\n')).toMatch(/1 orphaned annotation/);
  });
});
