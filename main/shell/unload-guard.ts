// A page that refuses to unload gets an answer. The renderer's beforeunload
// handler cancels closing while changes are unsaved (and starts saving them);
// Electron then cancels the close, or the quit, silently and emits
// will-prevent-unload, where the app must ask. Without this a window whose
// save failed could never be closed. The decisions are plain functions;
// guardUnload wires them to a web contents with the dialog passed in.
import type { MessageBoxOptions, WebContents } from 'electron';

export interface UnloadState {
  /** The user chose to leave: the next refusal is overridden. */
  confirmed: boolean;
  /** A dialog is open for this page: further refusals (more clicks on close) wait for it. */
  asking: boolean;
}

/** What to do when the page refuses to unload: let it go, ask, or nothing (already asking). */
export function onRefusal(state: UnloadState): 'allow' | 'ask' | 'ignore' {
  if (state.confirmed) return 'allow';
  return state.asking ? 'ignore' : 'ask';
}

export const STAY = 0;
export const LEAVE = 1;

/** The native dialog: staying is the default and what Escape does, so no key press loses work. */
export function unloadDialog(quitting: boolean): MessageBoxOptions {
  return {
    type: 'warning',
    buttons: ['Stay', quitting ? 'Quit Without Saving' : 'Close Without Saving'],
    defaultId: STAY,
    cancelId: STAY,
    noLink: true,
    title: 'Marginalia',
    message: 'Some changes are not saved yet.',
    detail:
      'Marginalia is still saving them, or the last save failed (the status bar says why). ' +
      `If you ${quitting ? 'quit' : 'close the window'} now, the changes not yet saved are lost.`,
  };
}

/** After the answer: the new state, and whether to close the window, quit again, or do nothing. */
export function afterAnswer(response: number, quitting: boolean): { state: UnloadState; then: 'close' | 'quit' | 'none' } {
  if (response !== LEAVE) return { state: { confirmed: false, asking: false }, then: 'none' };
  return { state: { confirmed: true, asking: false }, then: quitting ? 'quit' : 'close' };
}

export interface UnloadDeps {
  /** dialog.showMessageBox for the contents' window: asynchronous, so main keeps serving the save meanwhile. */
  ask(options: MessageBoxOptions): Promise<number>;
  /** Whether the refusal cancelled a quit (before-quit was seen). */
  isQuitting(): boolean;
  /** A stayed quit is over: forget it. */
  quitCancelled(): void;
  quit(): void;
  close(): void;
}

/** Answers will-prevent-unload for one web contents. */
export function guardUnload(contents: Pick<WebContents, 'on'>, deps: UnloadDeps): void {
  let state: UnloadState = { confirmed: false, asking: false };
  contents.on('will-prevent-unload', (event) => {
    const action = onRefusal(state);
    if (action === 'allow') {
      // preventDefault here overrides the page's refusal: it unloads.
      event.preventDefault();
      return;
    }
    if (action === 'ignore') return;
    state = { ...state, asking: true };
    const quitting = deps.isQuitting();
    void deps.ask(unloadDialog(quitting)).then(
      (response) => {
        const next = afterAnswer(response, quitting);
        state = next.state;
        if (next.then === 'quit') deps.quit();
        else if (next.then === 'close') deps.close();
        else if (quitting) deps.quitCancelled();
      },
      () => {
        state = { confirmed: false, asking: false };
        if (quitting) deps.quitCancelled();
      },
    );
  });
}
