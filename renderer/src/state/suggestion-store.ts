// Pending entity suggestions for the open document: a plain store class
// (React subscribes through useSyncExternalStore) over a suggest function (the
// worker in the app, a fake in tests). Nothing enters a sidecar until it is
// accepted: accepting hands the spans to `onAccept`, which the app connects to
// the document session (one undo step per call). Rejected suggestions are
// remembered per document for as long as the store lives, so running the
// suggester again does not bring them back.
import type { NewSpan } from '../../../app/batch-annotations';
import type { SuggestionTrainingDataResult } from '../../../app/ipc/contract';
import { Store } from './store';
import type { Suggestion } from '../../../app/suggestions';
import type { SuggestCallOptions, SuggestFn } from '../workers/suggest-client';

export type SuggestionStatus = 'idle' | 'running' | 'ready' | 'error';

export interface SuggestionSnapshot {
  status: SuggestionStatus;
  /** The document the suggestions belong to. */
  path: string | null;
  /** Suggestions not yet accepted or rejected, by position. Paint these (highlight 'mg-suggested'). */
  pending: readonly Suggestion[];
  /** The suggestion next/previous moved to (paint it as 'mg-suggested-current'); null when none. */
  currentId: string | null;
  current: Suggestion | null;
  /** While running: chunks done of total. */
  progress: { done: number; total: number } | null;
  error: string | null;
  /** Counts for this document since the last run. */
  accepted: number;
  rejected: number;
  /** The review flow is on: one suggestion at a time, surest first (accept, reject or skip). */
  review: boolean;
  skipped: number;
  /** Files the recommenders could not learn from (a missing word list, a broken sidecar), each named with why. */
  notices: readonly string[];
}

export interface SuggestionStoreOptions {
  suggest: SuggestFn;
  /**
   * Adds accepted spans to the open document (one undo step). Return false
   * when they could not be added (a read-only document): they stay pending.
   */
  onAccept(spans: NewSpan[], description: string): boolean | void;
  /** Suggestions were rejected in `path` (the app records an undo step: undo calls restoreRejected). */
  onReject?(path: string, ids: readonly string[], description: string): void;
  /**
   * What the corpus teaches the recommenders (main's getSuggestionTrainingData);
   * without it, or when it fails, only compromise's rules suggest.
   */
  loadTraining?(): Promise<SuggestionTrainingDataResult | null>;
}

export interface RunOptions {
  /** The schema's entity labels (others are not suggested). */
  allowedLabels?: readonly string[];
  labelMap?: SuggestCallOptions['labelMap'];
}

const EMPTY: SuggestionSnapshot = {
  status: 'idle',
  path: null,
  pending: [],
  currentId: null,
  current: null,
  progress: null,
  error: null,
  accepted: 0,
  rejected: 0,
  review: false,
  skipped: 0,
  notices: [],
};

function toSpan(s: Suggestion): NewSpan {
  return { label: s.label, type: s.type, start: s.start, end: s.end, ...(s.entity ? { entity: s.entity } : {}) };
}

export class SuggestionStore extends Store<SuggestionSnapshot> {
  private controller: AbortController | null = null;
  /** Rejected suggestion ids per document path. */
  private readonly rejectedIds = new Map<string, Set<string>>();

  constructor(private readonly options: SuggestionStoreOptions) {
    super(EMPTY);
  }



  private set(patch: Partial<SuggestionSnapshot>): void {
    const next = { ...this.getSnapshot(), ...patch };
    const current = next.currentId ? (next.pending.find((s) => s.id === next.currentId) ?? null) : null;
    this.publish({ ...next, current, currentId: current?.id ?? null });
  }

  /**
   * Suggests entities for a document, replacing what was pending. `existing`
   * are its annotations now (a span with the same label is not suggested).
   * Resolves when done, failed or cancelled (see the snapshot's status).
   */
  async run(doc: { path: string; text: string }, existing: readonly { label: string; start: number; end: number }[], options: RunOptions = {}): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'running', path: doc.path, pending: [], currentId: null, progress: { done: 0, total: 0 }, error: null, accepted: 0, rejected: 0, skipped: 0, notices: [] });
    this.skippedIds.clear();
    this.acceptedList.clear();
    try {
      let failed: string | null = null;
      const training = this.options.loadTraining
        ? await this.options.loadTraining().catch((e: unknown) => {
            failed = `The corpus's annotations could not be read for learning (${e instanceof Error ? e.message : String(e)}): only the built-in rules suggest.`;
            return null;
          })
        : null;
      if (this.controller !== controller) return;
      this.set({ notices: failed ? [failed] : (training?.problems ?? []) });
      const found = await this.options.suggest(doc.text, {
        signal: controller.signal,
        existing,
        ...(training ? { training } : {}),
        ...(options.allowedLabels ? { allowedLabels: options.allowedLabels } : {}),
        ...(options.labelMap ? { labelMap: options.labelMap } : {}),
        onProgress: (done, total) => {
          if (this.controller === controller) this.set({ progress: { done, total } });
        },
        onPartial: (first) => {
          if (this.controller !== controller) return;
          const pending = this.undecided(doc.path, first);
          // Reviewing while the run goes on: the card in view stays; when there is none, the surest so far.
          const review = this.getSnapshot().review;
          this.set({ pending, currentId: this.getSnapshot().currentId ?? (review ? null : (pending[0]?.id ?? null)) });
          if (review && !this.getSnapshot().currentId) this.surest();
        },
      });
      if (this.controller !== controller) return;
      const pending = this.undecided(doc.path, found);
      this.set({ status: 'ready', pending, currentId: pending[0]?.id ?? null, progress: null });
      if (this.getSnapshot().review) this.surest();
    } catch (e) {
      if (this.controller !== controller) return;
      const aborted = controller.signal.aborted || (e instanceof DOMException && e.name === 'AbortError');
      this.set(aborted ? { status: 'idle', progress: null } : { status: 'error', progress: null, error: (e as Error).message });
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /**
   * What a run found, less what the analyst decided meanwhile: the first
   * suggestions arrive before the run ends and may be accepted or rejected
   * at once; later ones and the result must not bring those back.
   */
  private undecided(path: string, found: readonly Suggestion[]): Suggestion[] {
    const rejected = this.rejectedIds.get(path);
    return found.filter((s) => !rejected?.has(s.id) && !this.acceptedList.has(s.id));
  }

  /** Stops a run under way; pending suggestions stay as they were (none, during a run). */
  cancel(): void {
    this.controller?.abort();
  }

  /** The document was closed or switched: forget its pending suggestions (rejections are kept). */
  clear(): void {
    this.controller?.abort();
    this.controller = null;
    this.acceptedList.clear();
    this.set({ ...EMPTY });
  }

  /** Drops pending suggestions that the document now has as annotations (tagged by hand, or undo/redo). */
  syncExisting(annotations: readonly { label: string; start: number; end: number }[]): void {
    const taken = new Set(annotations.map((a) => `${a.label}:${a.start}:${a.end}`));
    // An accepted suggestion whose annotation is gone again (undo) is pending again, where it was.
    // Only once its annotation has been seen: a sync with a list from before the accept brings nothing back.
    const back: Suggestion[] = [];
    for (const [id, entry] of this.acceptedList) {
      if (taken.has(id)) entry.seen = true;
      else if (entry.seen) {
        back.push(entry.suggestion);
        this.acceptedList.delete(id);
      }
    }
    if (this.getSnapshot().pending.length === 0 && back.length === 0) return;
    const kept = this.getSnapshot().pending.filter((s) => !taken.has(s.id));
    if (kept.length === this.getSnapshot().pending.length && back.length === 0) return;
    const pending = [...kept, ...back].sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1));
    this.replacePending(pending, back.length ? { accepted: Math.max(0, this.getSnapshot().accepted - back.length) } : {});
  }

  /** Suggestions accepted since the last run, by id: an undo of the accept brings them back. */
  private readonly acceptedList = new Map<string, { suggestion: Suggestion; seen: boolean }>();

  private replacePending(pending: readonly Suggestion[], extra: Partial<SuggestionSnapshot> = {}): void {
    const old = this.getSnapshot().pending;
    let currentId = this.getSnapshot().currentId;
    if (this.getSnapshot().review && currentId && !pending.some((s) => s.id === currentId)) {
      // Reviewing: the next card is the surest one left.
      this.set({ pending, ...extra });
      this.surest();
      return;
    }
    if (currentId && !pending.some((s) => s.id === currentId)) {
      // Move to the next one still pending after the old current (or the last).
      const at = old.findIndex((s) => s.id === currentId);
      const after = old.slice(at + 1).find((s) => pending.some((p) => p.id === s.id));
      currentId = after?.id ?? pending.at(-1)?.id ?? null;
    }
    this.set({ pending, currentId, ...extra });
  }

  private accepting(list: readonly Suggestion[], description: string): boolean {
    if (list.length === 0) return false;
    if (this.options.onAccept(list.map(toSpan), description) === false) return false;
    for (const s of list) this.acceptedList.set(s.id, { suggestion: s, seen: false });
    return true;
  }

  /** Accepts one suggestion (the current one by default). */
  accept(id: string | null = this.getSnapshot().currentId): void {
    const s = this.getSnapshot().pending.find((x) => x.id === id);
    if (!s || !this.accepting([s], `Accept suggestion “${s.text.slice(0, 40)}” as ${s.label}`)) return;
    this.replacePending(
      this.getSnapshot().pending.filter((x) => x.id !== s.id),
      { accepted: this.getSnapshot().accepted + 1 },
    );
  }

  /** Rejects one suggestion (the current one by default). */
  reject(id: string | null = this.getSnapshot().currentId): void {
    const s = this.getSnapshot().pending.find((x) => x.id === id);
    if (!s) return;
    this.rememberRejected([s]);
    this.replacePending(
      this.getSnapshot().pending.filter((x) => x.id !== s.id),
      { rejected: this.getSnapshot().rejected + 1 },
    );
  }

  acceptAll(): void {
    const all = this.getSnapshot().pending;
    if (!this.accepting(all, `Accept ${all.length} suggestion${all.length === 1 ? '' : 's'}`)) return;
    this.set({ pending: [], currentId: null, accepted: this.getSnapshot().accepted + all.length });
  }

  rejectAll(): void {
    const all = this.getSnapshot().pending;
    if (all.length === 0) return;
    this.rememberRejected(all);
    this.set({ pending: [], currentId: null, rejected: this.getSnapshot().rejected + all.length });
  }

  private rememberRejected(list: readonly Suggestion[]): void {
    const path = this.getSnapshot().path;
    if (path === null) return;
    let set = this.rejectedIds.get(path);
    if (!set) this.rejectedIds.set(path, (set = new Set()));
    for (const s of list) {
      set.add(s.id);
      this.rejectedFound.set(`${path}\n${s.id}`, s);
    }
    const description = list.length === 1 ? `Reject suggestion “${(list[0] as Suggestion).text.slice(0, 40)}” as ${(list[0] as Suggestion).label}` : `Reject ${list.length} suggestions`;
    this.options.onReject?.(path, list.map((s) => s.id), description);
  }

  /** Rejected suggestions by path and id, so an undo can put them back where they were. */
  private readonly rejectedFound = new Map<string, Suggestion>();

  /** Undo of a rejection: no longer rejected; pending again (and current) when `path` is the document suggested for. */
  restoreRejected(path: string, ids: readonly string[]): void {
    const set = this.rejectedIds.get(path);
    for (const id of ids) set?.delete(id);
    const snap = this.getSnapshot();
    if (snap.path !== path) return;
    const back = ids.map((id) => this.rejectedFound.get(`${path}\n${id}`)).filter((s): s is Suggestion => !!s && !snap.pending.some((p) => p.id === s.id));
    if (back.length === 0) return;
    const pending = [...snap.pending, ...back].sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1));
    this.set({ pending, currentId: (back[0] as Suggestion).id, rejected: Math.max(0, snap.rejected - back.length) });
  }

  /** Redo of a rejection: rejected again, and gone from the pending ones. */
  rejectAgain(path: string, ids: readonly string[]): void {
    let set = this.rejectedIds.get(path);
    if (!set) this.rejectedIds.set(path, (set = new Set()));
    for (const id of ids) set.add(id);
    const snap = this.getSnapshot();
    if (snap.path !== path) return;
    const gone = new Set(ids);
    const pending = snap.pending.filter((s) => !gone.has(s.id));
    if (pending.length !== snap.pending.length) this.replacePending(pending, { rejected: snap.rejected + snap.pending.length - pending.length });
  }

  /**
   * The review flow's order (Prodigy's): the surest pending suggestion first;
   * compromise's, which carry no score, after the scored ones, by position.
   */
  ranked(): Suggestion[] {
    // Skipped ones go to the back of the queue, in the order they were skipped.
    const skipped = [...this.skippedIds];
    const rank = (x: Suggestion) => skipped.indexOf(x.id);
    return [...this.getSnapshot().pending].sort((a, b) => rank(a) - rank(b) || (b.score ?? 0) - (a.score ?? 0) || a.start - b.start);
  }

  /** Ids skipped in the review flow since the last run. */
  private readonly skippedIds = new Set<string>();

  /** Turns the review flow on (the surest suggestion becomes current) or off. */
  setReview(on: boolean): void {
    this.set({ review: on });
    if (on) this.surest();
  }

  /** Review flow: leave the current suggestion for later and show the next surest. */
  skip(): Suggestion | null {
    const id = this.getSnapshot().currentId;
    if (!id) return this.surest();
    this.skippedIds.delete(id);
    this.skippedIds.add(id);
    this.set({ skipped: this.getSnapshot().skipped + 1 });
    return this.surest();
  }

  /** Makes the surest pending suggestion current (the review flow's next card); returns it. */
  surest(): Suggestion | null {
    const s = this.ranked()[0] ?? null;
    if (s) this.set({ currentId: s.id });
    return s;
  }

  /** Moves to the next pending suggestion (wrapping); returns it so the caller can scroll to it. */
  next(): Suggestion | null {
    return this.step(1);
  }

  previous(): Suggestion | null {
    return this.step(-1);
  }

  /** Makes one suggestion current (a click in the list). */
  select(id: string | null): void {
    if (id === this.getSnapshot().currentId) return;
    this.set({ currentId: id });
  }

  /** The suggestion covering code point `cp` (innermost first), for clicks on painted suggestions. */
  at(cp: number): Suggestion | null {
    const covering = this.getSnapshot().pending.filter((s) => s.start <= cp && cp < s.end);
    covering.sort((a, b) => a.end - a.start - (b.end - b.start));
    return covering[0] ?? null;
  }

  private step(direction: 1 | -1): Suggestion | null {
    const list = this.getSnapshot().pending;
    if (list.length === 0) return null;
    const at = list.findIndex((s) => s.id === this.getSnapshot().currentId);
    const index = at < 0 ? (direction === 1 ? 0 : list.length - 1) : (at + direction + list.length) % list.length;
    const s = list[index] as Suggestion;
    this.set({ currentId: s.id });
    return s;
  }

  dispose(): void {
    this.controller?.abort();
    this.clearListeners();
  }
}
