// Wires the command system into the window: the registry (app commands and one
// generated command per label hotkey), the one keydown route, and the menu's
// command ids from main.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { documentLabelCommandId, isCommandId, labelCommandId } from '../../../app/commands/command-ids';
import { DEFAULT_KEYMAP, FREE, LABEL_WHEN } from '../../../app/commands/keymap';

/** Where LABEL_WHEN acts, and in a read-only document too: there the key only says why it tags nothing (applyLabel). */
const LABEL_KEY_WHEN = `documentOpen && ${FREE} && !pickMode && !relationChoice`;
import type { Context } from '../../../app/commands/when';
import { onEvent } from '../bridge/client';
import { appCommandRuns, type CommandDeps } from './app-commands';
import { createKeyDispatcher, type AnyBinding } from './dispatcher';
import { focusContext } from './focus-context';
import { CommandRegistry } from './registry';

export const IS_MAC = typeof navigator !== 'undefined' && /Mac/.test(navigator.userAgent);

export function useCommandSystem(deps: CommandDeps) {
  const { stores, ws, article, labels } = deps;
  const [registry] = useState(() => new CommandRegistry());
  const documentLabels = ws.startup?.labelSchema.documentLabels;

  const context = useCallback(
    (): Context => ({
      documentOpen: ws.sessionRef.current !== null,
      ...focusContext(document.activeElement),
      overlayOpen: stores.overlays.getSnapshot() !== null || document.querySelector('dialog[open]') !== null,
      pickMode: article.modes.current.pick !== null,
      relationChoice: article.modes.current.relationChoice,
      readOnly: ws.sessionRef.current?.getSnapshot().readOnly ?? false,
      isMac: IS_MAC,
    }),
    [ws.sessionRef, stores.overlays, article.modes],
  );

  // Every render: the runs close over the latest state.
  useLayoutEffect(() => {
    registry.registerAll(appCommandRuns(deps));
    registry.removeWhere('label.');
    for (const l of labels)
      registry.register({ id: labelCommandId(l.name), title: `Tag as ${l.name}`, group: 'Tag', when: LABEL_KEY_WHEN, run: () => deps.article.applyLabel(l) });
    registry.removeWhere('doclabel.');
    for (const d of documentLabels ?? []) {
      const title = d.values ? `Document label ${d.name}: next value` : `Document label ${d.name}: on or off`;
      registry.register({ id: documentLabelCommandId(d.name), title, group: 'Tag', when: LABEL_WHEN, run: () => ws.sessionRef.current?.cycleDocumentLabel(d) });
    }
  });

  const bindings = useMemo<AnyBinding[]>(
    () => [
      ...DEFAULT_KEYMAP,
      ...labels.filter((l) => l.hotkey).map((l) => ({ key: l.hotkey as string, command: labelCommandId(l.name), when: LABEL_KEY_WHEN })),
      ...(documentLabels ?? []).filter((d) => d.hotkey).map((d) => ({ key: d.hotkey as string, command: documentLabelCommandId(d.name), when: LABEL_WHEN })),
    ],
    [labels, documentLabels],
  );

  useEffect(() => {
    const dispatcher = createKeyDispatcher({ bindings: () => bindings, registry, context });
    const onKey = (e: KeyboardEvent) => void dispatcher.handle(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bindings, registry, context]);

  // The menu sends command ids (it registers no accelerators): the same route as the keys.
  useEffect(
    () =>
      onEvent('menuCommand', (id) => {
        if (isCommandId(id)) registry.run(id, context());
        else console.warn(`The menu sent an unknown command "${String(id)}"`);
      }),
    [registry, context],
  );

  return { registry, context, bindings };
}
