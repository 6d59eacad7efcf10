// Entity registry changes are steps of the workspace's one undo history
// (issue 13 item 3: an entity rename is undoable like a tag), with the
// EntityStore and a WorkspaceUndo wired as the composition root wires them.
import { describe, expect, it } from 'vitest';
import { emptyRegistry, type EntityRegistry } from '../../../app/entity-registry';
import { EntityStore, type EntityApi } from './entity-store';
import { FakeApp, FakeCorpus } from './fake-corpus';

/** main's side of the registry in memory: saves replace it, another program may write it. */
function fakeMain() {
  const state = { registry: emptyRegistry() as EntityRegistry, rev: 0 };
  const api: EntityApi = {
    load: async () => ({ registry: state.registry, revision: String(state.rev), root: '/c' }),
    save: async (registry, base) => {
      if (base !== String(state.rev)) throw Object.assign(new Error('changed on disk'), { code: 'conflict' });
      state.registry = registry;
      state.rev++;
      return { savedAt: '2026-01-01T00:00:00.000Z', revision: String(state.rev), entityCount: registry.entities.length };
    },
    findMentions: async () => ({ mentions: [], problems: [] }),
    countMentions: async () => ({ counts: {}, problems: [] }),
  };
  return { state, api };
}

async function wired() {
  const main = fakeMain();
  const app = new FakeApp(new FakeCorpus({ 'a.txt': 'Chance Saltzman spoke.' }));
  const entities = new EntityStore({ api: main.api, autosaveDelayMs: 0 });
  entities.setRecorder((d, b, a) => app.workspace.recordRegistry(d, b, a));
  app.workspace.attachRegistry(entities);
  await entities.load();
  return { main, app, entities };
}

const names = (r: EntityRegistry) => r.entities.map((e) => e.name);

describe('entity registry steps in the workspace undo history', () => {
  it('a rename is one step: undo gives the old name back on disk, redo the new one', async () => {
    const { main, app, entities } = await wired();
    const id = entities.createFromMention('Chance Saltzman', 'PERSON') as string;
    entities.rename(id, 'Gen. Chance Saltzman');
    await entities.flush();
    expect(names(main.state.registry)).toEqual(['Gen. Chance Saltzman']);
    expect(app.workspace.history.getSnapshot()).toMatchObject({ canUndo: true, undoDescription: 'Rename to “Gen. Chance Saltzman”' });

    expect((await app.workspace.undo()).ok).toBe(true);
    await entities.flush();
    expect(names(main.state.registry)).toEqual(['Chance Saltzman']);
    // Undo itself is not a new step: the next undo removes the entity created before.
    expect(app.workspace.history.getSnapshot().undoDescription).toBe('Create “Chance Saltzman”');

    expect((await app.workspace.redo()).ok).toBe(true);
    await entities.flush();
    expect(names(main.state.registry)).toEqual(['Gen. Chance Saltzman']);
  });

  it('undo of a rename keeps what another program changed since (merged by id)', async () => {
    const { main, app, entities } = await wired();
    const a = entities.createFromMention('Chance Saltzman', 'PERSON') as string;
    entities.rename(a, 'Gen. Saltzman');
    await entities.flush();
    // A git pull adds an entity to the file; the store takes it in.
    main.state.registry = { ...main.state.registry, entities: [...main.state.registry.entities, { id: 'e_pulled0001', name: 'Space Force', label: 'ORG', aliases: [] }] };
    main.state.rev++;
    await entities.load();
    expect((await app.workspace.undo()).ok).toBe(true);
    await entities.flush();
    expect(names(main.state.registry).sort()).toEqual(['Chance Saltzman', 'Space Force']);
  });

  it('a read-only registry refuses the undo, says why and leaves the step to undo', async () => {
    const { app, entities } = await wired();
    const id = entities.createFromMention('Kim', 'PERSON') as string;
    entities.rename(id, 'Kim Jong Un');
    await entities.flush();
    app.workspace.attachRegistry({ moveAcross: () => ({ ok: false, reason: 'Entities are read-only: entities.json cannot be read' }) });
    const outcome = await app.workspace.undo();
    expect(outcome).toEqual({ ok: false, message: 'Cannot undo “Rename to “Kim Jong Un””: Entities are read-only: entities.json cannot be read' });
    expect(app.workspace.history.getSnapshot().undoDescription).toBe('Rename to “Kim Jong Un”');
  });

  it('inside a group, registry and document changes are one step', async () => {
    const { app, entities } = await wired();
    await app.open('a.txt');
    await app.workspace.group('Link “Chance Saltzman”', async () => {
      entities.createFromMention('Chance Saltzman', 'PERSON');
      app.current.addAnnotation('PERSON', 'entity', 0, 15);
    });
    expect(app.workspace.history.getSnapshot().undoDescription).toBe('Link “Chance Saltzman”');
    await app.workspace.undo();
    expect(entities.getSnapshot().registry.entities).toEqual([]);
    expect(app.current.getSnapshot().annotations).toEqual([]);
    expect(app.workspace.history.getSnapshot().canUndo).toBe(false);
  });
});
