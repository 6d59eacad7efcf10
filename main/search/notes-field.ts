// Replacing one field of one document in a MiniSearch index in place: after
// a save only the annotations' notes change, and discard + add would tokenise
// the whole article again (62-122 ms of main's time for a 1 MB article).
// Uses MiniSearch 7's internals (as scorer.ts does), checked at run time:
// without them the caller reads the document again instead.
import type MiniSearch from 'minisearch';

type TermOf = (fieldId: number, shortId: number, term: string) => void;
type LengthOf = (shortId: number, fieldId: number, count: number, length: number) => void;

interface MiniSearchFieldInternals {
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _documentCount: number;
  addTerm: TermOf;
  removeTerm: TermOf;
  addFieldLength: LengthOf;
  removeFieldLength: LengthOf;
}

function internalsOf(mini: MiniSearch): MiniSearchFieldInternals | null {
  const m = mini as unknown as Partial<MiniSearchFieldInternals>;
  const ok =
    m._idToShortId instanceof Map &&
    m._fieldLength instanceof Map &&
    typeof m._fieldIds === 'object' &&
    typeof m._documentCount === 'number' &&
    [m.addTerm, m.removeTerm, m.addFieldLength, m.removeFieldLength].every((f) => typeof f === 'function');
  return ok ? (m as MiniSearchFieldInternals) : null;
}

/**
 * Replaces the terms of `field` of document `id` (`before`: the terms it was
 * indexed with, `after`: the new ones, both as the index's tokenizer gives
 * them) and the field's length statistics, as discard + add would leave them.
 * False (nothing changed) when the document is not indexed or the internals
 * are not what this expects.
 */
export function replaceFieldTerms(mini: MiniSearch, id: string, field: string, before: readonly string[], after: readonly string[]): boolean {
  return changeFieldTerms(mini, id, field, { removed: before, added: after, distinctBefore: new Set(before).size, distinctAfter: new Set(after).size });
}

/**
 * Takes `removed` out of `field` of document `id` and puts `added` in (term
 * occurrences, as the tokenizer gives them; the rest of the field stays),
 * the field's length going from `distinctBefore` to `distinctAfter` distinct
 * terms: what a save that changed a few annotations' notes does. False
 * (nothing changed) as replaceFieldTerms.
 */
export function changeFieldTerms(
  mini: MiniSearch,
  id: string,
  field: string,
  change: { removed: readonly string[]; added: readonly string[]; distinctBefore: number; distinctAfter: number },
): boolean {
  const m = internalsOf(mini);
  if (!m) return false;
  const shortId = m._idToShortId.get(id);
  const fieldId = m._fieldIds[field];
  const lengths = shortId === undefined ? undefined : m._fieldLength.get(shortId);
  if (shortId === undefined || fieldId === undefined || !lengths || lengths[fieldId] !== change.distinctBefore) return false;
  const count = m._documentCount;
  for (const term of change.removed) m.removeTerm.call(m, fieldId, shortId, term);
  // Out of the field's average as discard does it (count documents), back in as add does it (count - 1 others).
  m.removeFieldLength.call(m, shortId, fieldId, count, change.distinctBefore);
  m.addFieldLength.call(m, shortId, fieldId, count - 1, change.distinctAfter);
  for (const term of change.added) m.addTerm.call(m, fieldId, shortId, term);
  return true;
}
