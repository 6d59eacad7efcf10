// Operations over the corpus started from the open document: tag all
// occurrences (with a preview) and applying a merge from the Compare view.
import { useCallback } from 'react';
import type { OccurrenceOptions } from '../../../app/tag-all';
import type { LabelInfo } from '../editor/labels';
import { sameAnnotations, type MergeRequest } from './agreement-store';
import { applyTagAll, findAll, type SelectedOccurrence } from './tag-all';
import type { Stores } from './stores';
import type { Workspace } from './use-workspace';

export function useCorpusActions(stores: Stores, ws: Workspace, labels: readonly LabelInfo[]) {
  const { overlays, preferences, workspace } = stores;
  const { sessionRef, setProblem, refreshDocuments, openDocument } = ws;

  /** Find every occurrence of `text` in the open document and the corpus, for a preview before tagging. */
  const startTagAll = useCallback(
    async (text: string, label: string, options: OccurrenceOptions) => {
      const s = sessionRef.current;
      overlays.open({ kind: 'tagAll', text, label, options, results: null, busy: true });
      try {
        const open = s ? { path: s.doc.path, index: s.index, annotations: s.getSnapshot().annotations } : null;
        const results = await findAll({ text, label, options }, open);
        overlays.update('tagAll', (t) => (t.text === text ? { ...t, results, busy: false } : t));
      } catch (e) {
        overlays.update('tagAll', () => null);
        setProblem((e as Error).message);
      }
    },
    [overlays, sessionRef, setProblem],
  );

  const applyTagAllSelection = useCallback(
    async (selected: SelectedOccurrence[]) => {
      const current = overlays.getSnapshot();
      const s = sessionRef.current;
      if (current?.kind !== 'tagAll') return;
      const type = labels.find((l) => l.name === current.label)?.type ?? 'entity';
      overlays.open({ ...current, busy: true });
      try {
        const author = preferences.getSnapshot().author.trim();
        const result = await applyTagAll({
          label: current.label,
          type,
          selected,
          openPath: s?.doc.path ?? null,
          addToOpen: (spans, description) => (s && !s.getSnapshot().readOnly ? s.addMany(spans, description).length >= 0 : false),
          workspace,
          ...(author ? { author } : {}),
        });
        overlays.update('tagAll', () => null);
        if (result.corpus?.problems.length) setProblem(result.corpus.problems.join('\n'));
        await refreshDocuments();
      } catch (e) {
        overlays.update('tagAll', () => null);
        setProblem((e as Error).message);
      }
    },
    [overlays, preferences, sessionRef, labels, refreshDocuments, setProblem, workspace],
  );

  const applyMerge = useCallback(
    async (request: MergeRequest) => {
      let s = sessionRef.current;
      if (s?.doc.path !== request.path) {
        await openDocument(request.path);
        s = sessionRef.current;
      }
      if (!s || s.doc.path !== request.path || s.getSnapshot().readOnly) return false;
      if (!sameAnnotations(s.getSnapshot().annotations, request.base)) {
        setProblem(`${request.path} changed since it was compared: compare again before merging.`);
        return false;
      }
      // Who decided (the preferences' author) and when, with each decision, in the same undo step.
      const by = preferences.getSnapshot().author.trim();
      const at = new Date().toISOString();
      const record = request.record.map((r) => ({ ...r, ...(by ? { by } : {}), at }));
      const ok = s.replaceAll(request.annotations, request.description, request.idMap, record);
      await s.flush();
      return ok;
    },
    [sessionRef, openDocument, setProblem, preferences],
  );

  return { startTagAll, applyTagAllSelection, applyMerge };
}
