import { describe, expect, it } from 'vitest';
import { emptyRegistry, type EntityRegistry } from '../../../app/entity-registry';
import type { EntityRegistryLoadResult } from '../../../app/ipc/contract';
import { EntityStore, type EntityApi } from './entity-store';

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** main's side in memory: a file with a revision, refusing saves based on an old one. */
class FakeMain {
  registry: EntityRegistry = emptyRegistry();
  rev = 0;
  root = '/corpus/a';
  problem: string | undefined;
  saves: EntityRegistry[] = [];
  failNext: Error | null = null;
  gate: Promise<void> | null = null;
  loads = 0;

  /** Another program writes the file. */
  externalWrite(registry: EntityRegistry): void {
    this.registry = registry;
    this.rev++;
  }

  revision(): string {
    return `${this.root}#${this.rev}`;
  }

  api: EntityApi = {
    load: async () => {
      this.loads++;
      const r: EntityRegistryLoadResult = { registry: this.registry, revision: this.revision(), root: this.root };
      if (this.problem) r.problem = this.problem;
      return r;
    },
    save: async (registry, baseRevision) => {
      if (this.gate) await this.gate;
      if (this.failNext) {
        const e = this.failNext;
        this.failNext = null;
        throw e;
      }
      if (baseRevision !== this.revision()) throw new CodedError('conflict', 'changed on disk');
      this.registry = registry;
      this.rev++;
      this.saves.push(registry);
      return { savedAt: '2024-01-01T00:00:00.000Z', revision: this.revision(), entityCount: registry.entities.length };
    },
    findMentions: async () => ({ mentions: [], problems: [] }),
    countMentions: async () => ({ counts: {}, problems: [] }),
  };
}

async function ready(main = new FakeMain()) {
  const store = new EntityStore({ api: main.api, autosaveDelayMs: 0 });
  await store.load();
  return { main, store };
}

const names = (r: EntityRegistry) => r.entities.map((e) => e.name).sort();

describe('EntityStore', () => {
  it('loads, creates an entity from a mention, and saves it', async () => {
    const { main, store } = await ready();
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', readOnly: false, root: '/corpus/a', save: { kind: 'saved' } });
    const seen: string[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.getSnapshot().save.kind));
    const id = store.createFromMention('Chance\nSaltzman', 'PERSON');
    expect(id).toMatch(/^e_/);
    expect(store.getSnapshot().byId.get(id ?? '')).toMatchObject({ name: 'Chance Saltzman', label: 'PERSON' });
    expect(store.getSnapshot().save.kind).toBe('unsaved');
    expect(store.hasUnsavedChanges).toBe(true);
    await store.flush();
    expect(store.getSnapshot().save).toEqual({ kind: 'saved', savedAt: '2024-01-01T00:00:00.000Z' });
    expect(store.hasUnsavedChanges).toBe(false);
    expect(names(main.registry)).toEqual(['Chance Saltzman']);
    expect(seen).toContain('saving');
    unsubscribe();
    store.rename(id ?? '', 'Gen. Chance Saltzman');
    expect(seen.at(-1)).toBe('saved'); // no longer told
    await store.flush();
    expect(main.registry.entities[0]).toMatchObject({ name: 'Gen. Chance Saltzman', aliases: ['Chance Saltzman'] });
  });

  it('keeps the snapshot identity while nothing changes (for useSyncExternalStore)', async () => {
    const { store } = await ready();
    const a = store.getSnapshot();
    expect(store.getSnapshot()).toBe(a);
    const id = store.createFromMention('Japan', 'GPE') ?? '';
    const b = store.getSnapshot();
    expect(b).not.toBe(a);
    expect(store.addAlias(id, 'Japan')).toBe(true); // the name itself: no change
    expect(store.getSnapshot().registry).toBe(b.registry);
  });

  it('applies every operation', async () => {
    const { main, store } = await ready();
    const id = store.createFromMention('Japan', 'GPE') ?? '';
    store.addAlias(id, '日本');
    store.addAlias(id, 'Nippon');
    store.removeAlias(id, 'Nippon');
    store.setExternalId(id, 'wikidata', 'Q17');
    store.setLabel(id, 'LOC');
    store.setNote(id, 'the country');
    const other = store.createFromMention('Tokyo', 'GPE') ?? '';
    store.remove(other);
    await store.flush();
    expect(main.registry.entities).toEqual([
      { id, name: 'Japan', label: 'LOC', aliases: ['日本'], externalIds: { wikidata: 'Q17' }, note: 'the country' },
    ]);
    expect(store.suggest('nih').length).toBe(0);
    expect(store.suggest('日').map((m) => m.entity.id)).toEqual([id]);
    expect(store.entity(id)?.name).toBe('Japan');
  });

  it('refuses an empty name with an error and changes nothing', async () => {
    const { main, store } = await ready();
    const id = store.createFromMention('Japan', 'GPE') ?? '';
    await store.flush();
    const before = store.getSnapshot().registry;
    expect(store.rename(id, '   ')).toBe(false);
    expect(store.getSnapshot().error).toMatch(/must not be empty/);
    expect(store.getSnapshot().registry).toBe(before);
    expect(store.createFromMention('  ', 'GPE')).toBeNull();
    expect(store.hasUnsavedChanges).toBe(false);
    store.clearError();
    expect(store.getSnapshot().error).toBeNull();
    expect(main.saves).toHaveLength(1);
  });

  it('refuses changes before loading and when the registry file cannot be read', async () => {
    const main = new FakeMain();
    const store = new EntityStore({ api: main.api, autosaveDelayMs: 0 });
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', readOnly: true });
    expect(store.createFromMention('Japan', 'GPE')).toBeNull();
    expect(store.getSnapshot().error).toMatch(/still loading/);

    main.problem = '.marginalia/entities.json cannot be read (not valid JSON)';
    await store.load();
    expect(store.getSnapshot()).toMatchObject({ status: 'read-only', readOnly: true, problem: main.problem });
    expect(store.createFromMention('Japan', 'GPE')).toBeNull();
    expect(store.getSnapshot().error).toContain('read-only');
    await store.flush();
    expect(main.saves).toEqual([]);
  });

  it('says when the registry cannot be loaded at all', async () => {
    const main = new FakeMain();
    main.api.load = async () => {
      throw new CodedError('no-corpus', 'no corpus folder is open');
    };
    const store = new EntityStore({ api: main.api });
    await store.load();
    expect(store.getSnapshot()).toMatchObject({ status: 'unavailable', readOnly: true, problem: expect.stringContaining('no corpus folder') });
  });

  it('on a conflict, reloads, re-applies its changes on top of the file and saves both sides', async () => {
    const { main, store } = await ready();
    const id = store.createFromMention('Chance Saltzman', 'PERSON') ?? '';
    await store.flush();
    // git pull brings in someone else's entity.
    main.externalWrite({ ...main.registry, entities: [...main.registry.entities, { id: 'e_theirs', name: 'Minoru Kihara', label: 'PERSON', aliases: [] }] });
    store.addAlias(id, 'Saltzman');
    await store.flush();
    expect(store.getSnapshot().save.kind).toBe('saved');
    expect(names(main.registry)).toEqual(['Chance Saltzman', 'Minoru Kihara']);
    expect(main.registry.entities.find((e) => e.id === id)?.aliases).toEqual(['Saltzman']);
    expect(names(store.getSnapshot().registry)).toEqual(['Chance Saltzman', 'Minoru Kihara']);
  });

  it('keeps changes made while a save is in flight', async () => {
    const { main, store } = await ready();
    let open!: () => void;
    main.gate = new Promise<void>((r) => (open = r));
    const first = store.createFromMention('Japan', 'GPE') ?? '';
    const saving = store.saveNow();
    expect(store.getSnapshot().save.kind).toBe('saving');
    const second = store.createFromMention('Tokyo', 'GPE') ?? '';
    expect(store.getSnapshot().save.kind).toBe('saving');
    main.gate = null;
    open();
    await saving;
    await store.flush();
    expect(main.registry.entities.map((e) => e.id).sort()).toEqual([first, second].sort());
    expect(store.getSnapshot().save.kind).toBe('saved');
    expect(store.hasUnsavedChanges).toBe(false);
  });

  it('a failed save keeps the changes and says why; the next save writes them', async () => {
    const { main, store } = await ready();
    main.failNext = new CodedError('io', '.marginalia/entities.json: EACCES');
    store.createFromMention('Japan', 'GPE');
    await store.flush();
    expect(store.getSnapshot().save).toEqual({ kind: 'failed', message: '.marginalia/entities.json: EACCES' });
    expect(store.hasUnsavedChanges).toBe(true);
    await store.flush();
    expect(store.getSnapshot().save.kind).toBe('saved');
    expect(names(main.registry)).toEqual(['Japan']);
  });

  it('reloading the same corpus keeps unsaved changes; another corpus drops them and says so', async () => {
    const { main, store } = await ready();
    main.failNext = new CodedError('io', 'disk full');
    store.createFromMention('Japan', 'GPE');
    await store.flush();
    await store.load();
    expect(names(store.getSnapshot().registry)).toEqual(['Japan']);
    await store.flush();
    expect(names(main.registry)).toEqual(['Japan']);

    main.failNext = new CodedError('io', 'disk full');
    store.createFromMention('Tokyo', 'GPE');
    await store.flush();
    main.root = '/corpus/b';
    main.registry = emptyRegistry();
    await store.load();
    expect(store.getSnapshot()).toMatchObject({ root: '/corpus/b', status: 'ready', save: { kind: 'saved' } });
    expect(store.getSnapshot().registry.entities).toEqual([]);
    expect(store.getSnapshot().error).toMatch(/1 change to the entities of \/corpus\/a could not be saved/);
    expect(store.hasUnsavedChanges).toBe(false);
  });

  it('a save that meets another corpus (opened in main before flush) is not written there', async () => {
    const { main, store } = await ready();
    store.createFromMention('Japan', 'GPE');
    // main switched corpus: the revision no longer matches, so the save is refused as a conflict.
    main.root = '/corpus/b';
    main.registry = emptyRegistry();
    await store.flush();
    expect(main.saves).toEqual([]);
    expect(store.getSnapshot().root).toBe('/corpus/b');
    expect(store.getSnapshot().error).toMatch(/could not be saved before another corpus was opened/);
  });

  it('autosaves after the delay', async () => {
    const main = new FakeMain();
    const store = new EntityStore({ api: main.api, autosaveDelayMs: 5 });
    await store.load();
    store.createFromMention('Japan', 'GPE');
    await expect.poll(() => main.saves.length).toBe(1);
    await expect.poll(() => store.getSnapshot().save.kind).toBe('saved');
    store.dispose();
  });
});
