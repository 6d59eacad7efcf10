// The one modal: a native <dialog> opened with showModal(), so the rest of the
// window is inert. Focus goes in, Tab stays in, Escape closes, and focus goes
// back where it was. Keys pressed inside never reach the app's shortcuts.
import { useLayoutEffect, useRef, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'button, input, select, textarea, [href], [tabindex]:not([tabindex="-1"])';

export interface ModalProps {
  /** The accessible name, or the id of the element that holds it. */
  label?: string;
  labelledBy?: string;
  describedBy?: string;
  className?: string;
  /** Escape, or the Close button. Not called while `busy`. */
  onClose(): void;
  busy?: boolean;
  /** Extra keys for the dialog (after Escape and Tab are handled). */
  onKeyDown?(e: ReactKeyboardEvent<HTMLDialogElement>): void;
  testId?: string;
  children: ReactNode;
}

function focusables(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0);
}

export function Modal({ label, labelledBy, describedBy, className, onClose, busy, onKeyDown, testId, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  const isBusy = useRef(busy);
  useLayoutEffect(() => {
    close.current = onClose;
    isBusy.current = busy;
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // A field or control marked autofocus wins; else the first field; else the first control.
      const first = dialog.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? dialog.querySelector<HTMLElement>('input, select, textarea') ?? focusables(dialog)[0];
      first?.focus();
    }
    return () => {
      if (dialog?.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);

  const keyDown = (e: ReactKeyboardEvent<HTMLDialogElement>) => {
    // The app's shortcuts must not act behind the dialog.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      if (!isBusy.current) close.current();
      return;
    }
    if (e.key === 'Tab' && ref.current) {
      // showModal() makes the page inert but Tab can still leave to the browser's own UI: wrap instead.
      const all = focusables(ref.current);
      const first = all[0];
      const last = all[all.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && (document.activeElement === first || !ref.current.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !ref.current.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
      return;
    }
    onKeyDown?.(e);
  };

  return (
    <dialog
      ref={ref}
      className={`mg-dialog${className ? ` ${className}` : ''}`}
      aria-label={label}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      data-testid={testId}
      onKeyDown={keyDown}
      onCancel={(e) => {
        // Chromium may fire 'cancel' for Escape before the keydown reaches React.
        e.preventDefault();
        if (!isBusy.current) close.current();
      }}
    >
      {children}
    </dialog>
  );
}
