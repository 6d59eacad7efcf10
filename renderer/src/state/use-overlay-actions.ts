// What the popups (components/Overlays.tsx) do to the workspace: a saved
// label schema becomes the corpus's, a comparison first saves the open
// document, a span shown from a comparison opens there, and two authors of
// the open document can be compared.
import { useMemo } from 'react';
import type { LabelSchemaFile } from '../../../app/label-schema';
import type { SessionSnapshot } from './document-session';
import type { Stores } from './stores';
import type { Workspace } from './use-workspace';

export function useOverlayActions({ overlays, agreement }: Stores, ws: Workspace, snap: SessionSnapshot | null) {
  const { setStartup, setProblem, sessionRef, openAt } = ws;
  return useMemo(
    () => ({
      onSchemaSaved: (schema: LabelSchemaFile) => {
        setStartup((info) => (info ? { ...info, labelSchema: schema } : info));
        setProblem((p) => (p && /schema/i.test(p) ? null : p));
        overlays.close();
      },
      onBeforeCompare: () => sessionRef.current?.flush(),
      onShowSpan: (path: string, start: number, end: number) => {
        overlays.close();
        void openAt(path, { start, end });
      },
      ...(snap
        ? {
            onCompareAuthors: () => {
              try {
                agreement.compareAuthors({ path: snap.doc.path, text: snap.doc.text, annotations: snap.annotations });
              } catch (e) {
                setProblem((e as Error).message);
              }
            },
          }
        : {}),
    }),
    [overlays, agreement, setStartup, setProblem, sessionRef, openAt, snap],
  );
}
