// The runs of a few commands with fakes for the stores and the page: whose
// undo Ctrl+Z is, and moving between documents.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appCommandRuns, type CommandDeps } from './app-commands';

const element = (tagName: string, inArticle = false) => ({
  tagName,
  isContentEditable: false,
  getAttribute: () => null,
  closest: (s: string) => (s === '.mg-article' && inArticle ? {} : null),
});

function setup(active: ReturnType<typeof element>) {
  const execCommand = vi.fn(() => true);
  vi.stubGlobal('document', { activeElement: active, execCommand, querySelector: () => null });
  vi.stubGlobal('HTMLElement', class {});
  const session = { undo: vi.fn(), redo: vi.fn(), doc: { path: 'b.txt' }, getSnapshot: () => ({ selectedId: null }) };
  // The workspace's one history: undo may step back into another document.
  const workspace = { undo: vi.fn(async () => ({})), redo: vi.fn(async () => ({})) };
  const openDocument = vi.fn(async () => {});
  const deps = {
    stores: { overlays: {}, preferences: {}, suggestions: {}, workspace },
    ws: {
      sessionRef: { current: session },
      lineMapRef: { current: null },
      documents: [
        { path: 'a.txt', kind: 'text' },
        { path: 'b.txt', kind: 'text' },
        { path: 'c.pdf', kind: 'unsupported' },
      ],
      openDocument,
    },
    article: { modes: { current: { pick: null, relationChoice: false, popover: false } } },
    actions: {},
    labels: [],
    relationTypes: [],
  } as unknown as CommandDeps;
  return { runs: appCommandRuns(deps), session, workspace, execCommand, openDocument };
}

afterEach(() => vi.unstubAllGlobals());

describe('edit.undo and edit.redo', () => {
  it('in a text field, undo the typing (the field\'s own undo), not the last annotation change', () => {
    const { runs, workspace, execCommand } = setup(element('TEXTAREA'));
    runs['edit.undo']?.run();
    runs['edit.redo']?.run();
    expect(execCommand.mock.calls).toEqual([['undo'], ['redo']]);
    expect(workspace.undo).not.toHaveBeenCalled();
    expect(workspace.redo).not.toHaveBeenCalled();
  });

  it('anywhere else, undo the workspace\'s last step (whichever document it was made in)', () => {
    const { runs, workspace, execCommand } = setup(element('DIV', true));
    runs['edit.undo']?.run();
    runs['edit.redo']?.run();
    expect(workspace.undo).toHaveBeenCalledTimes(1);
    expect(workspace.redo).toHaveBeenCalledTimes(1);
    expect(execCommand).not.toHaveBeenCalled();
  });
});

describe('document.next and document.previous', () => {
  it('open the neighbour in the list, wrapping, skipping what cannot be opened', () => {
    const { runs, openDocument } = setup(element('BODY'));
    runs['document.next']?.run();
    runs['document.previous']?.run();
    expect(openDocument.mock.calls).toEqual([['a.txt'], ['a.txt']]);
  });
});
