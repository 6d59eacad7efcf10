// Which lines go into the article in which step. Laying out all of a 1 MB
// article at once took one frame of 300 ms or more (style and layout of
// every paragraph), so the lines are put in a chunk at a time, one chunk per
// frame: the first screen first, then the rest. Pure: the caller passes the
// line lengths.

/** Lines [from, to), half-open. */
export interface LineChunk {
  from: number;
  to: number;
}

export interface ChunkLimits {
  /** UTF-16 units of text in one chunk, reached or passed by its last line (a longer line is a chunk alone). */
  chars: number;
  /** Paragraphs in one chunk: many short lines cost elements, not text. */
  lines: number;
}

/** The first chunk is the first screen and the painted window below it (two screens, at least 40 lines). */
export const FIRST_CHUNK: ChunkLimits = { chars: 16_000, lines: 100 };
/** The others: about 6 to 15 ms of style and layout each on this project's machine. */
export const NEXT_CHUNKS: ChunkLimits = { chars: 32_000, lines: 400 };

/** Split `count` lines of the given lengths into chunks: every line in exactly one, in order. */
export function planChunks(count: number, lineLength: (line: number) => number, first: ChunkLimits = FIRST_CHUNK, next: ChunkLimits = NEXT_CHUNKS): LineChunk[] {
  const chunks: LineChunk[] = [];
  let from = 0;
  let chars = 0;
  for (let line = 0; line < count; line++) {
    chars += lineLength(line) + 1;
    const limits = chunks.length === 0 ? first : next;
    if (chars >= limits.chars || line + 1 - from >= limits.lines || line + 1 === count) {
      chunks.push({ from, to: line + 1 });
      from = line + 1;
      chars = 0;
    }
  }
  return chunks;
}
