// A discontinuous span (brat's "T1 ORG 0 7;20 29", sidecar `fragments`) is one
// annotation painted as its pieces, the words between them left plain (issue 16).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnnotation } from '../../app/annotations';
import { TextIndex } from '../../app/offsets';
import { emptySidecar, serializeSidecar } from '../../app/sidecar/sidecar-io';
import { openApp } from '../harness/browser';
import { cpOffset } from '../harness/corpus';
import { SHARED_CORPUS } from '../harness/server';
import { appSuite } from '../harness/suite';
import { openDoc, paintedTexts } from './helpers';

const FILE = '003_cf8b7a8682a570d0.txt';
const WHOLE = 'Council on Foreign Relations';

describe('discontinuous spans in the app', () => {
  const suite = appSuite(SHARED_CORPUS, async (root) => {
    const bytes = await readFile(join(root, FILE));
    const text = bytes.toString('utf8');
    const index = new TextIndex(text);
    const start = cpOffset(text, text.indexOf(WHOLE));
    const end = start + [...WHOLE].length;
    const annotation = {
      ...createAnnotation(index, { type: 'entity', label: 'ORG', start, end, id: 'a_cfr', now: '2024-05-01T00:00:00.000Z' }),
      fragments: [
        { start, end: start + 'Council'.length },
        { start: end - 'Relations'.length, end },
      ],
    };
    const sidecar = { ...emptySidecar({ name: FILE, sha256: createHash('sha256').update(bytes).digest('hex'), length: index.length }), annotations: [annotation] };
    await writeFile(join(root, `${FILE}.annotations.json`), serializeSidecar(sidecar));
  });

  it('paints each piece in the label’s colour and leaves the words between them plain', async () => {
    const { page, errors } = await openApp(suite.browser, suite.harness);
    await openDoc(page, FILE);
    // ORG is the second label: highlight slot 1.
    await expect.poll(() => paintedTexts(page, 'mg-1')).toEqual(['Council', 'Relations']);
    expect(errors).toEqual([]);
  });
});
