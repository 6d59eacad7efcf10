// One disagreement as its sentence, with both annotators' spans in place:
// A's spans underlined, B's overlined (both where they overlap), each piece
// naming its labels, so a curator reads the text rather than offsets.
import { disagreementContext } from '../../../app/agreement-context';
import type { Disagreement } from '../../../app/agreement-merge';

export function DisagreementSentence({ d, nameA, nameB }: { d: Disagreement; nameA: string; nameB: string }) {
  const ctx = disagreementContext(d);
  if (!ctx) return null;
  return (
    <p className="mg-agree-sentence" data-testid="disagreement-sentence">
      {ctx.cutBefore ? '…' : null}
      {ctx.pieces.map((p, i) => {
        if (!p.a.length && !p.b.length) return <span key={i}>{p.text}</span>;
        const who = [p.a.length ? `${nameA} (A): ${p.a.join(', ')}` : '', p.b.length ? `${nameB} (B): ${p.b.join(', ')}` : ''].filter(Boolean).join(' · ');
        const decoration = [p.a.length ? 'underline' : '', p.b.length ? 'overline' : ''].filter(Boolean).join(' ');
        return (
          <mark key={i} title={who} aria-label={`${p.text} — ${who}`} style={{ background: 'none', color: 'inherit', textDecorationLine: decoration, textDecorationThickness: '2px' }}>
            {p.text}
            <sup className="mg-agree-sentence-labels">
              {p.a.length ? `A:${p.a.join(',')}` : ''}
              {p.a.length && p.b.length ? ' ' : ''}
              {p.b.length ? `B:${p.b.join(',')}` : ''}
            </sup>
          </mark>
        );
      })}
      {ctx.cutAfter ? '…' : null}
    </p>
  );
}
