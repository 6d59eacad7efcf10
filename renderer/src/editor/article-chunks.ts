// Which lines go into the article in which step. Laying out all of a 1 MB
// article at once took one frame of 300 ms or more (style and layout of
// every paragraph), so the lines are put in a chunk at a time, one chunk per
// frame: the first screen first, then the rest, each chunk sized by how long
// the frame before took. Every chunk also costs in proportion to the lines
// already in (Lexical reconciles the root's children, layout and pre-paint walk
// them), so a fast machine takes few large chunks and a loaded one many small
// ones. Pure: the caller passes the line lengths and the frame times.

export interface ChunkLimits {
  /** UTF-16 units of text in one chunk, reached or passed by its last line (a longer line is a chunk alone). */
  chars: number;
  /** Paragraphs in one chunk: many short lines cost elements, not text. */
  lines: number;
}

/** The first chunk is the first screen and the painted window below it (two screens, at least 40 lines). */
export const FIRST_CHUNK: ChunkLimits = { chars: 10_000, lines: 80 };
/** The others, to start with: about 6 to 15 ms of style and layout each on this project's machine. */
export const NEXT_CHUNKS: ChunkLimits = { chars: 32_000, lines: 400 };

/** What a chunk's frame may take (two frames at 60 Hz): under the 50 ms of a long animation frame. */
export const FRAME_BUDGET_MS = 40;

/**
 * The next chunk's size in UTF-16 units (8 KB to 64 KB: a larger one was a 400 ms frame when the machine got busy
 * right after quick frames), from the last one's and the time between the two
 * animation frames around it: one frame at 60 Hz grows it, over the budget shrinks it in proportion.
 */
export function nextChunkChars(chars: number, frameMs: number, budgetMs = FRAME_BUDGET_MS): number {
  const scaled = frameMs > budgetMs ? chars * Math.max(0.5, budgetMs / frameMs) : frameMs <= budgetMs / 2 ? chars * 1.25 : chars;
  return Math.round(Math.min(64_000, Math.max(8_000, scaled)));
}

/** The end (exclusive) of the chunk that starts at line `from`: `chars` of text or `maxLines` lines, at least one line. */
export function chunkEnd(count: number, lineLength: (line: number) => number, from: number, chars: number, maxLines = NEXT_CHUNKS.lines * 4): number {
  let total = 0;
  let line = from;
  while (line < count) {
    total += lineLength(line) + 1;
    line++;
    if (total >= chars || line - from >= maxLines) break;
  }
  return line;
}
