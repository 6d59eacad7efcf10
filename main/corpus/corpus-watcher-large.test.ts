// The watcher and a large sidecar dropped in by another program: whether it
// is whole is told from its ends, not by parsing it on main (a 30 MB sidecar
// parsed there blocked main's event loop 0.3-0.7 s, on top of the workspace's
// own read); one cut off mid-way is still held back for a second reading.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusFileEvent } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { mark, seen } from '../../tests/harness/watch-probe';
import { cleanupTempDirs, entity, makeTempDir, sha256, sidecarFor } from '../test-support';
import { CorpusService } from './corpus-service';
import { watchCorpus, type CorpusWatcher } from './corpus-watcher';

vi.mock('chokidar', async (original) => (await import('../../tests/harness/watch-probe')).probed(await original()));

let watcher: CorpusWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  vi.restoreAllMocks();
  await cleanupTempDirs();
});

const TEXT = 'Kim Min-jun met Li Wei in Tokyo. '.repeat(100);
/** A valid sidecar of over 2 MB: many annotations with long notes. */
const large = () => serializeSidecar(sidecarFor('a.txt', TEXT, Array.from({ length: 8000 }, (_, i) => ({ ...entity(`n${i}`, TEXT, 0, 11), note: 'x'.repeat(240) }))));

describe('a large sidecar changed by another program', () => {
  it('is reported without being parsed on main; cut off mid-way, it is held back for a second reading', async () => {
    const root = await makeTempDir({ 'a.txt': TEXT });
    const corpus = await CorpusService.open(root);
    await corpus.readDocument('a.txt');
    const events: CorpusFileEvent[] = [];
    watcher = await watchCorpus({ root, ledger: corpus.ledger, onEvent: (e) => void events.push(e), debounceMs: 60_000, maxDelayMs: 60_000, retryMs: 60_000 });
    const bytes = large();
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const parse = vi.spyOn(JSON, 'parse');
    const file = join(root, 'a.txt.annotations.json');

    let since = mark();
    await writeFile(file, bytes.slice(0, bytes.length - 1000));
    await seen(root, ['a.txt.annotations.json'], since);
    await watcher.flush();
    expect(events).toEqual([]); // cut off: read again later

    since = mark();
    await writeFile(file, bytes);
    await seen(root, ['a.txt.annotations.json'], since);
    await watcher.flush();
    expect(events).toContainEqual({ kind: 'sidecar-changed', root, path: 'a.txt', sidecarPath: 'a.txt.annotations.json', sidecarSha256: sha256(bytes) });
    expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 1024 * 1024)).toEqual([]);
  });
});
