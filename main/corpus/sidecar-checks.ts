// What a sidecar must pass before it is written (SidecarWriter.prepareSidecar):
// the file on disk is the one the app last saw, its ids and references hold,
// and its spans are within the text. A change list applied
// to a version the writer itself wrote is checked by what it changed only
// (a tag's save checked all 5,000 annotations of the 1 MB article); the
// message of a refusal is always the full check's. No Electron.
import { changesKeepReferences } from '../../app/sidecar/changed-references';
import { checkReferences } from '../../app/sidecar/sidecar-io';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';
import { describeMisfits, spansBeyondSource } from '../../app/sidecar/span-fit';
import { CorpusError } from './paths';
import type { AppliedChanges } from './sidecar-write-types';

/**
 * Throws CorpusError 'sidecar-invalid' naming `sidecarRel` when `toWrite`
 * has dangling or duplicate ids or spans past the end of its text. With
 * `applied` (`toWrite` is its result, over a version that passed this check)
 * only what the changes put or removed is looked at.
 */
export function checkBeforeWrite(sidecarRel: string, toWrite: Sidecar, applied?: AppliedChanges): void {
  const byDelta = applied?.checkedBase === true;
  if (!byDelta || !changesKeepReferences(toWrite, applied.delta, applied.changes)) {
    const problem = checkReferences(toWrite);
    if (problem) throw new CorpusError('sidecar-invalid', `not saved to ${sidecarRel}: ${problem}`);
  }
  // Spans past the end of the text would be kept but never shown (issue 17): refused, naming the file.
  const length = toWrite.source.length;
  if (byDelta && applied.delta.annotations.added.every((a) => a.end <= length)) return;
  const beyond = spansBeyondSource(toWrite);
  if (beyond.length) throw new CorpusError('sidecar-invalid', `not saved: ${describeMisfits(sidecarRel, beyond)}`);
}

/**
 * Throws CorpusError 'conflict' when the file on disk (its hash `onDisk`,
 * null: none) is not the one the caller last read or wrote (`expected`;
 * undefined: no check).
 */
export function checkExpected(sidecarRel: string, onDisk: string | null, expected: string | null | undefined): void {
  if (expected === undefined || onDisk === expected) return;
  const what = onDisk === null ? 'was deleted by another program' : expected === null ? 'was created by another program' : 'was changed by another program';
  throw new CorpusError('conflict', `${sidecarRel} ${what} since it was opened; it was not overwritten. Reload it (or merge) before saving again`);
}
