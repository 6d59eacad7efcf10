import { describe, expect, it, vi } from 'vitest';
import { afterAnswer, guardUnload, LEAVE, onRefusal, STAY, unloadDialog, type UnloadDeps } from './unload-guard';

describe('the decision', () => {
  it('asks once, then lets the page go only after the user chose to leave', () => {
    expect(onRefusal({ confirmed: false, asking: false })).toBe('ask');
    expect(onRefusal({ confirmed: false, asking: true })).toBe('ignore');
    expect(onRefusal({ confirmed: true, asking: false })).toBe('allow');
  });

  it('leaving closes the window, or resumes the quit the refusal cancelled; staying does nothing', () => {
    expect(afterAnswer(LEAVE, false)).toEqual({ state: { confirmed: true, asking: false }, then: 'close' });
    expect(afterAnswer(LEAVE, true)).toEqual({ state: { confirmed: true, asking: false }, then: 'quit' });
    expect(afterAnswer(STAY, true)).toEqual({ state: { confirmed: false, asking: false }, then: 'none' });
    // Anything but the leave button (a dialog closed some other way) stays.
    expect(afterAnswer(7, false).then).toBe('none');
  });

  it('the dialog defaults to staying, and Escape stays', () => {
    for (const quitting of [false, true]) {
      const options = unloadDialog(quitting);
      expect(options.defaultId).toBe(STAY);
      expect(options.cancelId).toBe(STAY);
      expect(options.buttons?.[STAY]).toBe('Stay');
      expect(options.buttons?.[LEAVE]).toBe(quitting ? 'Quit Without Saving' : 'Close Without Saving');
    }
  });
});

describe('guardUnload', () => {
  function setup(answers: number[], quitting = false) {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    const contents = { on: (name: string, fn: (event: { preventDefault(): void }) => void) => listeners.set(name, fn) };
    let quit = quitting;
    const pending: ((n: number) => void)[] = [];
    const deps: UnloadDeps & { [k: string]: unknown } = {
      ask: vi.fn(() => new Promise<number>((resolve) => pending.push(resolve))),
      isQuitting: () => quit,
      quitCancelled: vi.fn(() => (quit = false)),
      quit: vi.fn(),
      close: vi.fn(),
    };
    guardUnload(contents as never, deps);
    /** The page refuses to unload once; returns whether main overrode it. */
    const refuse = () => {
      const preventDefault = vi.fn();
      listeners.get('will-prevent-unload')?.({ preventDefault });
      return preventDefault.mock.calls.length > 0;
    };
    const answer = async () => {
      pending.shift()?.(answers.shift() ?? STAY);
      await new Promise((r) => setImmediate(r));
    };
    return { deps, refuse, answer };
  }

  it('a window whose save failed can be closed once the user confirms', async () => {
    const { deps, refuse, answer } = setup([LEAVE]);
    expect(refuse()).toBe(false);
    expect(deps.ask).toHaveBeenCalledTimes(1);
    // More clicks on close while the dialog is up open no second dialog.
    expect(refuse()).toBe(false);
    expect(deps.ask).toHaveBeenCalledTimes(1);
    await answer();
    expect(deps.close).toHaveBeenCalledTimes(1);
    // The close that follows is refused again by the page: now main overrides it.
    expect(refuse()).toBe(true);
  });

  it('staying keeps the window and its changes, and asks again next time', async () => {
    const { deps, refuse, answer } = setup([STAY, LEAVE]);
    refuse();
    await answer();
    expect(deps.close).not.toHaveBeenCalled();
    expect(refuse()).toBe(false);
    expect(deps.ask).toHaveBeenCalledTimes(2);
    await answer();
    expect(deps.close).toHaveBeenCalledTimes(1);
  });

  it('on quit: leaving quits again, staying forgets the quit', async () => {
    const leave = setup([LEAVE], true);
    leave.refuse();
    await leave.answer();
    expect(leave.deps.quit).toHaveBeenCalledTimes(1);
    expect(leave.deps.close).not.toHaveBeenCalled();
    expect(leave.refuse()).toBe(true);

    const stay = setup([STAY], true);
    stay.refuse();
    expect((stay.deps.ask as ReturnType<typeof vi.fn>).mock.calls[0]?.[0]).toMatchObject({ buttons: ['Stay', 'Quit Without Saving'] });
    await stay.answer();
    expect(stay.deps.quit).not.toHaveBeenCalled();
    expect(stay.deps.quitCancelled).toHaveBeenCalledTimes(1);
  });
});
