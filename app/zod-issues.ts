// A zod error as one readable line: where and what, for the first few issues.
import type { z } from 'zod';

export function describeIssues(error: z.ZodError, max = 5): string {
  const shown = error.issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
