// Text fields over a store's value that never lose a keystroke. The side panel
// renders from a deferred snapshot, so a field controlled by it was reset to a
// stale value between fast keystrokes (characters lost). While the field has
// focus it shows its own text; each change is still committed at once (the
// session coalesces a field's edits into one undo step), and once focus leaves
// the field shows the store's value again.
import { useState, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface Buffered {
  value: string;
  onCommit(next: string): void;
}

function useBuffered({ value, onCommit }: Buffered) {
  /** The text being typed; null while the field does not have focus. */
  const [local, setLocal] = useState<string | null>(null);
  return {
    value: local ?? value,
    onFocus: () => setLocal(value),
    onChange: (e: { target: { value: string } }) => {
      setLocal(e.target.value);
      onCommit(e.target.value);
    },
    onBlur: () => setLocal(null),
  };
}

export function BufferedTextArea({ value, onCommit, ...rest }: Buffered & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'onFocus' | 'onBlur'>) {
  return <textarea {...rest} {...useBuffered({ value, onCommit })} />;
}

export function BufferedInput({ value, onCommit, ...rest }: Buffered & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onFocus' | 'onBlur'>) {
  return <input {...rest} {...useBuffered({ value, onCommit })} />;
}
