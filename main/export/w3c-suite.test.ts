// The W3C export checked against the real consumer: every MUST assertion of
// the W3C Web Annotation test suite (its draft-04 JSON schemas in
// ../shared/w3c-web-annotation-tests/, annotations/ and collections/), on an
// export of the shared news corpus with claims, relations, claimant links and
// entity links (with knowledge-base ids).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeEntityRegistry } from '../../app/entity-registry';
import { serializeSidecar, sidecarNameFor } from '../../app/sidecar/sidecar-io';
import { CorpusService } from '../corpus/corpus-service';
import { ENTITY_REGISTRY_PATH } from '../corpus/entity-store';
import { cleanupTempDirs, makeTempDir } from '../test-support';
import { exportCorpus } from './export-service';
import { annotateCorpus, copyCorpus, hasSharedCorpus, SHARED_CORPUS } from './test-corpus';

afterEach(cleanupTempDirs);

const SUITE = join(__dirname, '..', '..', '..', 'shared', 'w3c-web-annotation-tests');
const available = hasSharedCorpus && existsSync(SUITE);
if (!available) console.warn(`w3c-suite.test.ts: skipped, it needs ${SHARED_CORPUS} and ${SUITE}`);

type Schema = Record<string, unknown>;

async function schemasIn(dir: string): Promise<Schema[]> {
  const out: Schema[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await schemasIn(path)));
    else if (e.name.endsWith('.json')) out.push(JSON.parse(await readFile(path, 'utf8')) as Schema);
  }
  return out;
}

/** draft-04's boolean exclusiveMinimum/exclusiveMaximum as the number later drafts (and Ajv 8) use. */
function exclusiveBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(exclusiveBounds);
  if (typeof value !== 'object' || value === null) return value;
  const out: Schema = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exclusiveBounds(v)]));
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true) out[flag] = out[bound];
    else delete out[flag];
    if (out[flag] !== undefined) delete out[bound];
  }
  return out;
}

/** A draft-04 schema as Ajv 8 reads it: `id` is `$id`, the draft-04 `$schema` goes, exclusive bounds are numbers. */
function forAjv(schema: Schema): Schema {
  const { id, $schema: _draft, ...rest } = schema;
  return { ...(exclusiveBounds(rest) as Schema), $id: id };
}

async function mustValidators(): Promise<{ annotation: [string, ValidateFunction][]; collection: [string, ValidateFunction][] }> {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const def of await schemasIn(join(SUITE, 'definitions'))) ajv.addSchema(forAjv(def));
  const musts = async (folder: string) =>
    (await schemasIn(join(SUITE, folder)))
      .filter((s) => s.assertionType === 'must')
      .map((s): [string, ValidateFunction] => [String(s.id), ajv.compile(forAjv(s))]);
  return { annotation: await musts('annotations'), collection: await musts('collections') };
}

describe.skipIf(!available)(`W3C export against the W3C Web Annotation test suite${available ? '' : ` (skipped: it needs ${SHARED_CORPUS} and ${SUITE})`}`, () => {
  it('passes every MUST assertion for each annotation and for the collection', async () => {
    const dir = await copyCorpus(SHARED_CORPUS);
    const docs = await annotateCorpus(dir);
    // Document labels on one document: annotations of the document itself, no selector.
    const [labelledPath, labelled] = [...docs][0] ?? [];
    if (!labelledPath || !labelled) throw new Error('no document annotated');
    // And an event with two arguments and an equivalence group: annotations of their own, linking like relations.
    const [x, y, z] = labelled.sidecar.annotations;
    if (!x || !y || !z) throw new Error('too few annotations');
    const events = [{ id: 'ev1', type: 'Meeting', trigger: x.id, arguments: [{ role: 'Participant', ref: y.id }, { role: 'Participant2', ref: z.id }] }];
    const equivalences = [{ type: 'Equiv', members: [y.id, z.id] }];
    await writeFile(join(dir, sidecarNameFor(labelledPath)), serializeSidecar({ ...labelled.sidecar, categories: [{ name: 'topic', value: 'space' }, { name: 'opinion' }], events, equivalences }));
    // Entity links: some with a Wikidata id, one with an IRI, one with neither.
    const ids = new Set([...docs.values()].flatMap((d) => d.sidecar.annotations.flatMap((a) => (a.entity ? [a.entity] : []))));
    expect(ids.size).toBeGreaterThan(1);
    const entities = [...ids].map((id, i) => {
      const externalIds: Record<string, string> | null = i % 3 === 0 ? { wikidata: `Q${100 + i}` } : i % 3 === 1 ? { viaf: 'https://viaf.org/viaf/102333412' } : null;
      return { id, name: `Entity ${i}`, label: 'PERSON', aliases: [], ...(externalIds ? { externalIds } : {}) };
    });
    await mkdir(join(dir, '.marginalia'), { recursive: true });
    await writeFile(join(dir, ENTITY_REGISTRY_PATH), serializeEntityRegistry({ format: 'marginalia-entities', version: 1, entities }));
    const out = join(await makeTempDir(), 'out.jsonld');
    const report = await exportCorpus(await CorpusService.open(dir), { format: 'w3c', out });
    expect(report.problems).toEqual([]);
    const collection = JSON.parse(await readFile(out, 'utf8')) as { id: string; first: { id: string; items: Record<string, unknown>[] } };
    const items = collection.first.items;
    expect(items.some((a) => a.motivation === 'linking')).toBe(true);
    expect(items.some((a) => JSON.stringify(a.body).includes('http://www.wikidata.org/entity/Q100'))).toBe(true);
    expect(collection.first.id).toMatch(/^urn:marginalia:/);
    const event = items.find((a) => String(a.id).endsWith('#ev1'));
    expect(event?.body).toEqual([{ type: 'TextualBody', purpose: 'tagging', value: 'Meeting' }]);
    expect(items.filter((a) => a.target === event?.id).map((a) => (a.body as { value?: string }[])[0]?.value)).toEqual(['Participant', 'Participant2']);
    expect(items.some((a) => Array.isArray(a.target) && a.target.length === 2)).toBe(true);
    expect(items.filter((a) => typeof a.target === 'string' && a.motivation === 'classifying').map((a) => a.body)).toEqual([
      [{ type: 'TextualBody', purpose: 'classifying', value: 'opinion' }],
      [{ type: 'TextualBody', purpose: 'classifying', value: 'topic:space' }],
    ]);

    const { annotation, collection: collectionMusts } = await mustValidators();
    expect(annotation.length).toBeGreaterThan(40);
    expect(collectionMusts.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const item of items) {
      // Each annotation as it would stand alone, with the context the collection gives it.
      const alone = { '@context': 'http://www.w3.org/ns/anno.jsonld', ...item };
      for (const [name, validate] of annotation) if (!validate(alone)) failures.push(`${String(item.id)}: ${name}: ${JSON.stringify(validate.errors?.[0])}`);
    }
    for (const [name, validate] of collectionMusts) if (!validate(collection)) failures.push(`collection: ${name}: ${JSON.stringify(validate.errors?.[0])}`);
    expect(failures.slice(0, 10)).toEqual([]);

    // The checks can fail: what the export wrote before (a relative id, an entity link as a bare IRI with a purpose) does.
    const old = { ...(items[0] as Record<string, unknown>), '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'a.txt.annotations.json#x' };
    expect(annotation.filter(([, validate]) => !validate(old)).map(([name]) => name)).toContain('3.1-annotationIdValidated.json');
    const bare = { ...old, id: 'urn:x:y', body: [{ id: 'urn:x:entities.json#e', purpose: 'identifying' }] };
    expect(annotation.filter(([, validate]) => !validate(bare)).map(([name]) => name)).toContain('3.3.5-bodyEWRNoPurpose.json');
    const { id: _id, ...noId } = collection;
    expect(collectionMusts.filter(([, validate]) => !validate(noId)).map(([name]) => name)).toContain('5.1-collectionIdValidated.json');
  });
});
