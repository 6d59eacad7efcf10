// For unit tests only (nothing in the app imports it): main's side of a corpus
// in memory — articles, sidecars written with the real serializer, hashes of
// their bytes, and saveSidecar's conflict check — plus a small "app" that
// opens one document at a time as App.tsx does (flush, dispose, open).
import type { OpenedDocument, SaveResult } from '../../../app/ipc/contract';
import { parseSidecar, serializeSidecar } from '../../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../../app/sidecar/sidecar-schema';
import { DocumentSession, type SessionOptions } from './document-session';
import { WorkspaceUndo, type WorkspaceDisk } from './workspace-undo';

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stand-in for SHA-256: 64 hex digits that differ for different texts (FNV-1a, four seeds). */
export function fakeHash(text: string): string {
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193, 0xdeadbeef, 0x12345678]) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0').repeat(2);
  }
  return out;
}

export class FakeCorpus implements WorkspaceDisk {
  readonly articles = new Map<string, string>();
  /** Sidecar bytes by document path. */
  readonly sidecars = new Map<string, string>();
  readonly writes: string[] = [];

  constructor(articles: Record<string, string>) {
    for (const [path, text] of Object.entries(articles)) this.articles.set(path, text);
  }

  /** Another program writes (or deletes, with null) a sidecar. */
  externalWrite(path: string, sidecar: Sidecar | null): void {
    if (sidecar) this.sidecars.set(path, serializeSidecar(sidecar));
    else this.sidecars.delete(path);
  }

  sidecar(path: string): Sidecar | null {
    const bytes = this.sidecars.get(path);
    if (bytes === undefined) return null;
    const parsed = parseSidecar(bytes);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.sidecar;
  }

  read = async (path: string): Promise<OpenedDocument> => {
    const text = this.articles.get(path);
    if (text === undefined) throw new CodedError('not-found', `${path} does not exist`);
    const bytes = this.sidecars.get(path);
    return {
      path,
      text,
      sha256: fakeHash(text),
      length: [...text].length,
      sidecar: bytes === undefined ? null : this.sidecar(path),
      sourceChanged: false,
      sidecarSha256: bytes === undefined ? null : fakeHash(bytes),
    };
  };

  remove = async (path: string, expectedSha256: string): Promise<void> => {
    const current = this.sidecars.get(path);
    if (current === undefined) return;
    if (fakeHash(current) !== expectedSha256) throw new CodedError('conflict', `${path}.annotations.json was changed by another program since it was saved; it was not removed`);
    this.sidecars.delete(path);
    this.writes.push(`-${path}`);
  };

  save = async (path: string, sidecar: Sidecar, expectedSha256: string | null | undefined): Promise<SaveResult> => {
    const current = this.sidecars.get(path);
    if (expectedSha256 !== undefined && (current === undefined ? null : fakeHash(current)) !== expectedSha256) {
      throw new CodedError('conflict', `${path}.annotations.json was changed by another program since it was opened; it was not overwritten`);
    }
    const bytes = serializeSidecar(sidecar);
    this.sidecars.set(path, bytes);
    this.writes.push(path);
    return { savedAt: '2026-01-01T00:00:00.000Z', annotationCount: sidecar.annotations.length, sidecarSha256: fakeHash(bytes) };
  };
}

/** The parts of App.tsx that matter to undo: one open document at a time, one workspace. */
export class FakeApp {
  session: DocumentSession | null = null;
  readonly workspace: WorkspaceUndo;
  readonly notices: string[] = [];

  constructor(
    readonly corpus: FakeCorpus,
    private readonly extra: Partial<SessionOptions> = {},
  ) {
    this.workspace = new WorkspaceUndo(corpus, {
      open: (path) => this.open(path),
      notice: (message) => void this.notices.push(message),
    });
  }

  /** Opens `path` as App.openDocument does: the open document is saved first, and stays if that fails. */
  open = async (path: string): Promise<boolean> => {
    if (this.session?.doc.path === path) return true;
    const previous = this.session;
    if (previous) {
      await previous.flush();
      if (previous.hasUnsavedChanges) return false;
    }
    const doc = await this.corpus.read(path);
    previous?.dispose();
    this.session = new DocumentSession(doc, {
      save: (p, sidecar, expected) => this.corpus.save(p, sidecar, expected),
      remove: (p, expected) => this.corpus.remove(p, expected),
      reload: (p) => this.corpus.read(p),
      workspace: this.workspace,
      ...this.extra,
    });
    return true;
  };

  get current(): DocumentSession {
    if (!this.session) throw new Error('no document is open');
    return this.session;
  }
}
