// Says once, in the status bar, when the open document has characters that no
// installed font draws (Korean or Chinese without fonts-noto-cjk show as empty
// boxes), and what to install. Dismissed, it is not shown again this session
// for those scripts.
import { useEffect, useState } from 'react';
import { missingFontMessage, scriptSamples, type ScriptNeed } from '../fonts/font-coverage';
import { drawsGlyphs } from '../fonts/glyph-check';

const dismissed = new Set<string>();

function articleFont(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--font-text').trim() || 'serif';
}

export function FontCoverageNotice({ text }: { text: string }) {
  const [missing, setMissing] = useState<ScriptNeed[]>([]);
  // How many documents were checked: tests wait on it rather than on time.
  const [checks, setChecks] = useState(0);

  useEffect(() => {
    // When the renderer is idle (a long article is still coming in a chunk a frame before that): a missing font
    // is news, not something to wait for. An animation frame put it in the article's first frame.
    const id = requestIdleCallback(() => {
      const font = articleFont();
      const found = scriptSamples(text)
        .filter((s) => !dismissed.has(s.need.name) && drawsGlyphs(s.chars, font).some((drawn) => !drawn))
        .map((s) => s.need);
      setMissing(found);
      setChecks((n) => n + 1);
    }, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }, [text]);

  const checked = <span hidden data-testid="font-checks" data-checks={checks} />;
  if (missing.length === 0) return checked;
  const message = missingFontMessage(missing);
  return (
    <>
      {checked}
      <span className="mg-font-notice" role="status" data-testid="font-notice" title={message}>
        <span className="mg-font-notice-text">{message}</span>
        <button
          type="button"
          aria-label="Dismiss the note about fonts"
          onClick={() => {
            for (const n of missing) dismissed.add(n.name);
            setMissing([]);
          }}
        >
          ×
        </button>
      </span>
    </>
  );
}
