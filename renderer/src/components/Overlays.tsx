// The popup that is open (state/overlay.ts), each in the one Modal.
import type { LabelSchemaFile } from '../../../app/label-schema';
import type { CommandRegistry } from '../commands/registry';
import type { LabelInfo } from '../editor/labels';
import type { Overlay } from '../state/overlay';
import type { Stores } from '../state/stores';
import type { useCorpusActions } from '../state/use-corpus-actions';
import { useStore } from '../state/store';
import type { SessionSnapshot } from '../state/document-session';
import type { Context } from '../../../app/commands/when';
import { evaluateWhen } from '../../../app/commands/when';
import { AboutDialog } from './AboutDialog';
import { AgreementView } from './AgreementView';
import { AskNameDialog } from './AskNameDialog';
import { CommandPalette } from './CommandPalette';
import { paletteEntries } from '../commands/palette';
import { ExportDialog } from './ExportDialog';
import { Modal } from './Modal';
import { PreferencesDialog } from './ReadingControls';
import { ProgressDialog } from './ProgressDialog';
import { SchemaEditor } from './SchemaEditor';
import { ShortcutsSheet } from './ShortcutsSheet';
import { TagAllPreview } from './TagAllPreview';

export interface OverlaysProps {
  overlay: Overlay | null;
  stores: Stores;
  labels: readonly LabelInfo[];
  labelByName: ReadonlyMap<string, LabelInfo>;
  schema: LabelSchemaFile | null;
  snap: SessionSnapshot | null;
  registry: CommandRegistry;
  context(): Context;
  isMac: boolean;
  actions: ReturnType<typeof useCorpusActions>;
  onSchemaSaved(schema: LabelSchemaFile): void;
  onBeforeCompare(): Promise<unknown> | void;
  onShowSpan(path: string, start: number, end: number): void;
  onCompareAuthors?(): void;
}

export function Overlays(props: OverlaysProps) {
  const { overlay, stores, labels, labelByName, snap, actions } = props;
  const { overlays } = stores;
  const prefs = useStore(stores.preferences);
  const close = () => overlays.close();
  if (!overlay) return null;
  switch (overlay.kind) {
    case 'shortcuts':
      return <ShortcutsSheet labels={labels} isMac={props.isMac} onClose={close} />;
    case 'palette': {
      // What the command would see once the palette has closed.
      const ctx = { ...props.context(), overlayOpen: false };
      const labelKeys = new Map(labels.filter((l) => l.hotkey).map((l) => [`label.${l.name}`, (l.hotkey ?? '').toUpperCase()]));
      const entries = paletteEntries(props.registry.list(), props.isMac, (c) => evaluateWhen(c.when, ctx), labelKeys);
      return <CommandPalette entries={entries} onClose={close} onRun={(id) => void props.registry.run(id, props.context())} />;
    }
    case 'preferences':
      return <PreferencesDialog prefs={prefs} store={stores.preferences} onClose={close} onAbout={() => overlays.open({ kind: 'about' })} />;
    case 'about':
      return <AboutDialog onClose={close} />;
    case 'askName':
      return <AskNameDialog store={stores.preferences} onClose={close} />;
    case 'progress':
      return <ProgressDialog labelByName={labelByName} onClose={close} />;
    case 'export':
      return <ExportDialog labels={labels} onClose={close} />;
    case 'labels':
      return props.schema ? <SchemaEditor schema={props.schema} onSaved={(schema) => props.onSchemaSaved(schema)} onClose={close} /> : null;
    case 'compare':
      return (
        <Modal className="mg-modal mg-agreement-modal" label="Agreement" onClose={close}>
          <AgreementView
            store={stores.agreement}
            labelByName={labelByName}
            onApplyMerge={actions.applyMerge}
            onBeforeCompare={props.onBeforeCompare}
            onShowSpan={props.onShowSpan}
            {...(props.onCompareAuthors ? { onCompareAuthors: props.onCompareAuthors } : {})}
            onClose={close}
          />
        </Modal>
      );
    case 'tagAll':
      return (
        <Modal className="mg-modal mg-tagall-modal" label="Tag all occurrences" onClose={close} busy={overlay.busy && overlay.results !== null}>
          <label className="mg-field">
            Label
            <select aria-label="Tag all as" value={overlay.label} onChange={(e) => void actions.startTagAll(overlay.text, e.target.value, overlay.options)}>
              {labels.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          {overlay.results ? (
            <TagAllPreview
              text={overlay.text}
              label={overlay.label}
              results={overlay.results}
              openPath={snap?.doc.path ?? undefined}
              busy={overlay.busy}
              options={overlay.options}
              onOptionsChange={(options) => void actions.startTagAll(overlay.text, overlay.label, options)}
              onApply={(selected) => void actions.applyTagAllSelection(selected)}
              onCancel={close}
            />
          ) : (
            <p className="mg-muted" role="status">
              Finding “{overlay.text}” across the corpus…
            </p>
          )}
        </Modal>
      );
  }
}
