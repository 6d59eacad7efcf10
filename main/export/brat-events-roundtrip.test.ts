// brat events, equivalences and document labels: brat → import → export brat
// gives the same .ann bytes, on a fixture written in brat's style
// (tests/fixtures/brat-events): an event with several and repeated roles
// (Agent, Agent2), an event as the argument of another, attributes and notes
// on events and on a relation, an equivalence group, normalizations with
// their names, a discontinuous span, U+2028 inside a span, and the document
// labels as attributes of a Document span.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusService } from '../corpus/corpus-service';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus } from './export-service';
import { importAnnotations } from './import-service';

afterEach(cleanupTempDirs);

const FIXTURE = join(__dirname, '..', '..', 'tests', 'fixtures', 'brat-events');

describe('brat events round trip', () => {
  it('imports events, groups and document labels, and exports the same .txt and .ann bytes', async () => {
    const txt = await readFile(join(FIXTURE, 'events.txt'));
    const ann = await readFile(join(FIXTURE, 'events.ann'), 'utf8');
    const corpus = await makeTempDir({ 'events.txt': txt });
    const service = await CorpusService.open(corpus);
    const report = await importAnnotations(service, { format: 'brat', from: FIXTURE });
    expect(report.problems).toEqual([]);
    expect(report.notPlaced).toEqual([]);
    expect([report.added, report.relationsAdded, report.eventsAdded, report.equivalencesAdded, report.categoriesAdded]).toEqual([12, 1, 3, 1, 2]);
    const sidecar = (await service.readDocument('events.txt')).sidecar;
    // The Document span is not a span: its attributes are the document labels.
    expect(sidecar?.annotations.map((a) => a.label)).not.toContain('Document');
    expect(sidecar?.categories).toEqual([{ name: 'reliability', value: 'high' }, { name: 'topic', value: 'space' }]);
    const text = (id: string) => sidecar?.annotations.find((a) => a.id === id)?.text ?? sidecar?.events?.find((e) => e.id === id)?.type;
    expect(sidecar?.events?.map((e) => [e.type, text(e.trigger), e.arguments.map((a) => `${a.role}=${text(a.ref)}`)])).toEqual([
      ['Sign', 'signed', ['Agent=NASA', 'Agent2=JAXA', 'Theme=agreement', 'Place=Tokyo', 'Time=Monday']],
      ['Fund', 'fund', ['Agent=the agency', 'Theme=lunar rover']],
      ['Say', 'said', ['Speaker=the agency', 'Content=Fund']],
    ]);
    expect(sidecar?.events?.map((e) => [e.attributes, e.note])).toEqual([
      [undefined, 'signed by both agencies'],
      [{ Modality: 'future' }, undefined],
      [{ Negated: true }, 'reported speech'],
    ]);
    expect(sidecar?.relations.map((r) => [r.type, r.attributes, r.note])).toEqual([['partner-of', { Confidence: 'high' }, 'as stated in the first sentence']]);
    expect(sidecar?.equivalences?.map((q) => [q.type, q.members.map(text)])).toEqual([['Equiv', ['NASA', 'the agency', 'U.S. space\u2028agency']]]);

    // Importing the same folder again adds nothing: events and groups already there are not added twice.
    const again = await importAnnotations(service, { format: 'brat', from: FIXTURE });
    expect([again.added, again.eventsAdded, again.equivalencesAdded, again.categoriesAdded, again.duplicates]).toEqual([0, 0, 0, 0, 12]);
    expect((await service.readDocument('events.txt')).sidecar?.events).toHaveLength(3);

    const out = await makeTempDir();
    const exported = await exportCorpus(service, { format: 'brat', out, workers: 0 });
    expect(exported.problems).toEqual([]);
    expect((await readFile(join(out, 'events.txt'))).equals(txt)).toBe(true);
    expect(await readFile(join(out, 'events.ann'), 'utf8')).toBe(ann);
    const conf = await readFile(join(out, 'annotation.conf'), 'utf8');
    // Triggers are event types, not entities; the group's type is a symmetric-transitive relation; Document is an entity.
    const section = (name: string) => conf.slice(conf.indexOf(`[${name}]`)).split('\n\n')[0]?.split('\n').slice(1) ?? [];
    expect(section('entities')).toContain('Document');
    expect(section('entities')).not.toContain('Sign');
    expect(section('events')).toEqual(expect.arrayContaining(['Sign\tAgent*:<ANY>, Theme*:<ANY>, Place*:<ANY>, Time*:<ANY>', 'Say\tSpeaker*:<ANY>, Content*:<ANY>']));
    expect(section('relations')).toContain('Equiv\tArg1:<ANY>, Arg2:<ANY>, <REL-TYPE>:symmetric-transitive');
    expect(section('attributes').some((l) => l.startsWith('topic\tArg:Document'))).toBe(true);
  });
});
