// Attacks on the workspace by other programs, through the real handlers and
// the real watcher over real files: a checkout rewriting many files at once,
// atomic editors, slow writers, deletions, renames, a folder of new
// documents. After the watcher has taken each change in, the list, entity
// counts, progress and search must say what a fresh workspace over the same
// folder says.
import { mkdir, rename, rm, unlink, writeFile, open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import type { Annotation } from '../../app/sidecar/sidecar-schema';
import { entity, sidecarFor } from '../test-support';
import { closeWatched, corpusView, openWatched, type Watched, expectMatchesDisk as matchesDisk } from './attack-support';

vi.mock('chokidar', async (original) => (await import('../../tests/harness/watch-probe')).probed(await original()));

afterEach(closeWatched);

const text = (i: number) => `Article ${i}: Shigeru Ishiba met Kim Min-jun in Tokyo.`;
const linked = (id: string, t: string, start: number, end: number, e: string): Annotation => ({ ...entity(id, t, start, end), entity: e });
const sidecarText = (name: string, t: string, annotations: Annotation[], status: 'todo' | 'in-progress' | 'done' = 'todo') => serializeSidecar(sidecarFor(name, t, annotations, status));

function corpusOf(n: number, folder = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const t = text(i);
    files[`${folder}doc${i}.txt`] = t;
    const start = t.indexOf('Shigeru');
    files[`${folder}doc${i}.txt.annotations.json`] = sidecarText(`doc${i}.txt`, t, [linked('p', t, start, start + 14, 'e_ishiba')]);
  }
  return files;
}

const QUERIES = ['Ishiba', 'label:GPE', 'entity:e_kim', 'doc:done', 'zebra'];

const expectMatchesDisk = (w: Watched) => matchesDisk(w, QUERIES);

describe('other programs changing the open corpus', () => {
  it('a checkout rewriting a few sidecars and sources at once', async () => {
    const open = await openWatched(corpusOf(6));
    await corpusView(open.handlers, QUERIES); // index and search built before the change
    const since = open.mark();
    const changed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = `${text(i)} Zebra crossing in Osaka.`;
      const osaka = t.indexOf('Osaka');
      const kim = t.indexOf('Kim');
      await writeFile(join(open.root, `doc${i}.txt`), t);
      await writeFile(join(open.root, `doc${i}.txt.annotations.json`), sidecarText(`doc${i}.txt`, t, [entity('g', t, osaka, osaka + 5, 'GPE'), linked('k', t, kim, kim + 11, 'e_kim')], 'done'));
      changed.push(`doc${i}.txt`, `doc${i}.txt.annotations.json`);
    }
    await open.settle(changed, since);
    await expectMatchesDisk(open);
  });

  it('a checkout rewriting more documents than the watcher names one by one', async () => {
    const open = await openWatched(corpusOf(210));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    const changed: string[] = [];
    for (let i = 0; i < 205; i++) {
      const t = text(i);
      const kim = t.indexOf('Kim');
      await writeFile(join(open.root, `doc${i}.txt.annotations.json`), sidecarText(`doc${i}.txt`, t, [linked('k', t, kim, kim + 11, 'e_kim')], 'done'));
      changed.push(`doc${i}.txt.annotations.json`);
    }
    await open.settle(changed, since);
    await expectMatchesDisk(open);
  }, 120_000);

  it('an atomic editor: writes a temporary file, then renames it over the sidecar', async () => {
    const open = await openWatched(corpusOf(2));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    const t = text(0);
    const kim = t.indexOf('Kim');
    await writeFile(join(open.root, 'doc0.txt.annotations.json.tmp~'), sidecarText('doc0.txt', t, [linked('k', t, kim, kim + 11, 'e_kim')], 'done'));
    await rename(join(open.root, 'doc0.txt.annotations.json.tmp~'), join(open.root, 'doc0.txt.annotations.json'));
    await open.settle(['doc0.txt.annotations.json'], since);
    await expectMatchesDisk(open);
  });

  it('a slow writer: the sidecar written in pieces', async () => {
    const open = await openWatched(corpusOf(2));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    const t = text(1);
    const kim = t.indexOf('Kim');
    const bytes = Buffer.from(sidecarText('doc1.txt', t, [linked('k', t, kim, kim + 11, 'e_kim')], 'in-progress'));
    const handle = await openFile(join(open.root, 'doc1.txt.annotations.json'), 'w');
    const third = Math.floor(bytes.length / 3);
    await handle.write(bytes.subarray(0, third));
    await open.settle(['doc1.txt.annotations.json'], since);
    const middle = open.mark();
    await handle.write(bytes.subarray(third, 2 * third));
    await handle.write(bytes.subarray(2 * third));
    await handle.close();
    await open.settle(['doc1.txt.annotations.json'], middle);
    await expectMatchesDisk(open);
  });

  it('a sidecar deleted, then re-created', async () => {
    const open = await openWatched(corpusOf(2));
    await corpusView(open.handlers, QUERIES);
    let since = open.mark();
    await unlink(join(open.root, 'doc0.txt.annotations.json'));
    await open.settle(['doc0.txt.annotations.json'], since);
    await expectMatchesDisk(open);
    since = open.mark();
    const t = text(0);
    const osaka = t.indexOf('Tokyo');
    await writeFile(join(open.root, 'doc0.txt.annotations.json'), sidecarText('doc0.txt', t, [entity('g', t, osaka, osaka + 5, 'GPE')], 'done'));
    await open.settle(['doc0.txt.annotations.json'], since);
    await expectMatchesDisk(open);
  });

  it('documents deleted, renamed and moved to a new sub-folder, with their sidecars', async () => {
    const open = await openWatched(corpusOf(4));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    await rm(join(open.root, 'doc0.txt'));
    await rename(join(open.root, 'doc1.txt'), join(open.root, 'renamed.txt'));
    await rename(join(open.root, 'doc1.txt.annotations.json'), join(open.root, 'renamed.txt.annotations.json'));
    await mkdir(join(open.root, 'moved'));
    await rename(join(open.root, 'doc2.txt'), join(open.root, 'moved/doc2.txt'));
    await rename(join(open.root, 'doc2.txt.annotations.json'), join(open.root, 'moved/doc2.txt.annotations.json'));
    await open.settle(['doc0.txt', 'doc1.txt', 'renamed.txt', 'renamed.txt.annotations.json', 'moved', 'doc2.txt', 'doc2.txt.annotations.json'], since);
    await expectMatchesDisk(open);
  });

  it('a folder of 500 new documents added at once', async () => {
    const open = await openWatched(corpusOf(2));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    await mkdir(join(open.root, 'batch'));
    // 500 articles, one in five with a sidecar: chokidar polls each new file until it holds still, and on a loaded machine a thousand took minutes.
    const files = Object.fromEntries(Object.entries(corpusOf(500, 'batch/')).filter(([rel]) => !rel.endsWith('.annotations.json') || /doc\d*[05]\.txt\./u.test(rel)));
    expect(Object.keys(files)).toHaveLength(600);
    for (const [rel, content] of Object.entries(files)) await writeFile(join(open.root, rel), content);
    await open.settle(Object.keys(files), since);
    await expectMatchesDisk(open);
  }, 180_000);
});

describe('odd things another program adds', () => {
  it('a sidecar without its article, a folder named like an article, an article without extension, an editor backup', async () => {
    const open = await openWatched(corpusOf(2));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    const t = text(9);
    // Editors' backups are never reported by chokidar (the probe cannot wait on them): written first, they are on disk when the rest is taken in.
    await writeFile(join(open.root, 'doc1.txt~'), 'a backup');
    await writeFile(join(open.root, 'doc1.txt.annotations.json~'), 'a backup');
    await writeFile(join(open.root, 'orphan.txt.annotations.json'), sidecarText('orphan.txt', t, []));
    await mkdir(join(open.root, 'folder.txt'));
    await writeFile(join(open.root, 'folder.txt/inner.md'), '# Inner\n\nIshiba.');
    await writeFile(join(open.root, 'README'), 'No extension.');
    await open.settle(['orphan.txt.annotations.json', 'folder.txt', 'folder.txt/inner.md', 'README'], since);
    expect((await open.handlers.listDocuments({})).map((e) => e.path)).toEqual(['README', 'doc0.txt', 'doc1.txt', 'folder.txt/inner.md']);
    await expectMatchesDisk(open);
  });
});

describe('an editor at work in the corpus', () => {
  it('its backups (name~), which the watcher never reports, are not listed either', async () => {
    const open = await openWatched(corpusOf(2));
    const since = open.mark();
    const t = `${text(0)} Edited.`;
    await writeFile(join(open.root, 'doc0.txt~'), text(0));
    await writeFile(join(open.root, 'doc0.txt'), t);
    await open.settle(['doc0.txt'], since);
    await expectMatchesDisk(open);
  });
});

describe('a document open in the app while another program moves it', () => {
  it('deleted while open, then the app saves it: the tags are kept, the list shows no ghost', async () => {
    const open = await openWatched(corpusOf(2));
    await open.handlers.openDocument({ path: 'doc0.txt' });
    const since = open.mark();
    await rm(join(open.root, 'doc0.txt'));
    await rm(join(open.root, 'doc0.txt.annotations.json'));
    await open.settle(['doc0.txt', 'doc0.txt.annotations.json'], since);
    const t = text(0);
    const saved = await open.handlers.saveSidecar({ path: 'doc0.txt', sidecar: sidecarFor('doc0.txt', t, [entity('k', t, t.indexOf('Kim'), t.indexOf('Kim') + 11)], 'done'), expectedSha256: null });
    expect(saved.notice).toBeDefined();
    await expectMatchesDisk(open);
    expect((await open.handlers.listDocuments({})).map((e) => e.path)).toEqual(['doc1.txt']);
  });

  it('a checkout removing more documents than the watcher names one by one', async () => {
    const open = await openWatched(corpusOf(210));
    await corpusView(open.handlers, QUERIES);
    const since = open.mark();
    const removed: string[] = [];
    for (let i = 0; i < 205; i++) {
      await rm(join(open.root, `doc${i}.txt`));
      await rm(join(open.root, `doc${i}.txt.annotations.json`));
      removed.push(`doc${i}.txt`, `doc${i}.txt.annotations.json`);
    }
    await open.settle(removed, since);
    await expectMatchesDisk(open);
  }, 120_000);
});
