import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../app/ipc/contract';
import { serializeSidecar } from '../../app/sidecar/sidecar-io';
import { cleanupTempDirs, entity, makeTempDir, sidecarFor } from '../test-support';
import { dispatch } from './dispatch';
import { createHandlers, type Handlers } from './handlers';

afterEach(cleanupTempDirs);

const TEXT = 'Japan and the U.S. Space Force signed an agreement.';

/** The real handlers over a temporary corpus, with a secret file next to it (outside). */
async function setup() {
  const parent = await makeTempDir({
    'secret.txt': 'outside the corpus',
    'corpus/a.txt': TEXT,
    'corpus/sub/b.md': 'b',
    'sample/s.txt': 's',
  });
  const root = join(parent, 'corpus');
  await symlink(join(parent, 'secret.txt'), join(root, 'leak.txt'));
  await symlink(parent, join(root, 'up'));
  const handlers = createHandlers({
    chooseFolder: async () => null,
    settings: { getRecent: () => [], addRecent: () => {} },
    sampleCorpusRoot: join(parent, 'sample'),
    initialCorpus: root,
  });
  const started = await dispatch(handlers, 'getStartup', {});
  expect(started.ok).toBe(true);
  return { handlers, root, parent };
}

function errorOf(envelope: Awaited<ReturnType<typeof dispatch>>) {
  expect(envelope.ok).toBe(false);
  return envelope.ok ? undefined : envelope.error;
}

describe('dispatch', () => {
  it('answers a valid call with its value', async () => {
    const { handlers } = await setup();
    const listed = await dispatch(handlers, 'listDocuments', {});
    expect(listed).toEqual({ ok: true, value: expect.any(Array) });
    const opened = await dispatch(handlers, 'openDocument', { path: 'a.txt' });
    expect(opened).toMatchObject({ ok: true, value: { path: 'a.txt', text: TEXT } });
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const { handlers } = await setup();
    for (const channel of ['deleteEverything', 'constructor', '__proto__', 'marginalia:getStartup']) {
      expect(errorOf(await dispatch(handlers, channel, {}))).toEqual({ code: 'invalid-arguments', message: `unknown channel ${JSON.stringify(channel)}` });
    }
  });

  it('validates arguments against the contract with a readable message', async () => {
    const { handlers } = await setup();
    expect(errorOf(await dispatch(handlers, 'openDocument', {}))).toMatchObject({ code: 'invalid-arguments', message: expect.stringMatching(/^openDocument: path: /) });
    expect(errorOf(await dispatch(handlers, 'openDocument', { path: 42 }))?.code).toBe('invalid-arguments');
    expect(errorOf(await dispatch(handlers, 'openDocument', { path: 'a.txt', extra: 1 }))?.code).toBe('invalid-arguments');
    expect(errorOf(await dispatch(handlers, 'listDocuments', undefined))?.code).toBe('invalid-arguments');
    expect(errorOf(await dispatch(handlers, 'getStartup', 'x'))?.code).toBe('invalid-arguments');
    const badSidecar = { ...sidecarFor('a.txt', TEXT), annotations: [{ ...entity('e', TEXT, 0, 5), end: 0 }] };
    expect(errorOf(await dispatch(handlers, 'saveSidecar', { path: 'a.txt', sidecar: badSidecar }))).toMatchObject({
      code: 'invalid-arguments',
      message: expect.stringContaining('sidecar.annotations.0.end'),
    });
  });

  it.each(['../secret.txt', '/etc/passwd', 'a/../../secret.txt', 'leak.txt', 'up/secret.txt', 'up/sample/s.txt', '..\\secret.txt', 'sub/../../secret.txt'])(
    'refuses the traversal %j as outside-corpus, reading and writing',
    async (path) => {
      const { handlers, parent } = await setup();
      const read = errorOf(await dispatch(handlers, 'openDocument', { path }));
      expect(read?.code).toBe('outside-corpus');
      expect(read?.message).toContain(JSON.stringify(path));
      expect(read?.message).not.toContain('outside the corpus"'); // the secret's text never leaks
      const write = errorOf(await dispatch(handlers, 'saveSidecar', { path, sidecar: sidecarFor('secret.txt', 'outside the corpus') }));
      expect(write?.code).toBe('outside-corpus');
      expect(await readFile(join(parent, 'secret.txt'), 'utf8')).toBe('outside the corpus');
    },
  );

  it('refuses a NUL in a path at the contract', async () => {
    const { handlers } = await setup();
    expect(errorOf(await dispatch(handlers, 'openDocument', { path: 'a.txt\0.png' }))?.code).toBe('invalid-arguments');
  });

  it('maps corpus errors to their code and message', async () => {
    const { handlers, root } = await setup();
    expect(errorOf(await dispatch(handlers, 'openDocument', { path: 'missing.txt' }))).toEqual({ code: 'not-found', message: 'missing.txt does not exist' });
    const broken = '{"format":';
    await writeFile(join(root, 'a.txt.annotations.json'), broken);
    expect(errorOf(await dispatch(handlers, 'saveSidecar', { path: 'a.txt', sidecar: sidecarFor('a.txt', TEXT) }))?.code).toBe('sidecar-invalid');
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(broken);
  });

  it('saves through the contract and lists the result', async () => {
    const { handlers, root } = await setup();
    const sidecar = sidecarFor('a.txt', TEXT, [entity('e1', TEXT, 0, 5)]);
    const saved = await dispatch(handlers, 'saveSidecar', { path: 'a.txt', sidecar });
    expect(saved).toMatchObject({ ok: true, value: { annotationCount: 1 } });
    expect(await readFile(join(root, 'a.txt.annotations.json'), 'utf8')).toBe(serializeSidecar(sidecar));
  });

  it("reports other failures as 'internal', keeping the message and logging the error", async () => {
    const boom = new Error('disk on fire');
    const handlers = Object.fromEntries(channelNames.map((c) => [c, async () => Promise.reject(boom)])) as unknown as Handlers;
    const logError = vi.fn();
    expect(errorOf(await dispatch(handlers, 'listDocuments', {}, { logError }))).toEqual({ code: 'internal', message: 'disk on fire' });
    expect(logError).toHaveBeenCalledWith('listDocuments', boom);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(errorOf(await dispatch(handlers, 'getStartup', {}))?.code).toBe('internal');
    expect(spy).toHaveBeenCalledWith(expect.stringContaining('getStartup'), boom);
    spy.mockRestore();
  });
});
