// Lets watcher tests wait for a signal instead of "wait N ms and see nothing":
// chokidar, wrapped, records every path it reports and every path its
// `ignored` filter turns away. A test waits until the watcher has taken in
// each change it made (reported it, or filtered it or a folder above it out),
// then flushes the watcher's debounce and checks what it said. Use it with
//   vi.mock('chokidar', async (original) => (await import('…/watch-probe')).probed(await original()));
import { sep } from 'node:path';
import type * as Chokidar from 'chokidar';

const reported: string[] = [];
const filtered = new Set<string>();
const waiters = new Set<() => void>();

function changed(): void {
  for (const w of [...waiters]) w();
}

/** The chokidar module, with `watch` recording what each watcher reports and filters out. */
export function probed(real: typeof Chokidar): typeof Chokidar {
  const watch: typeof Chokidar.watch = (paths, options = {}) => {
    const ignored = options.ignored;
    const wrapped =
      typeof ignored === 'function'
        ? (path: string, stats?: Parameters<typeof ignored>[1]) => {
            const out = ignored(path, stats);
            if (out) {
              filtered.add(path);
              changed();
            }
            return out;
          }
        : ignored;
    const watcher = real.watch(paths, { ...options, ignored: wrapped });
    watcher.on('all', (_event, path) => {
      reported.push(path);
      changed();
    });
    return watcher;
  };
  return { ...real, watch, default: { ...real.default, watch } } as typeof Chokidar;
}

/** A mark in the record: `seen` counts only reports after it. */
export function mark(): number {
  return reported.length;
}

const isUnder = (path: string, root: string, rel: string) => path === `${root}${sep}${rel.split('/').join(sep)}`;

/**
 * Resolves once every path of `rels` (relative to `root`, '/'-separated)
 * has been reported after `since`, or it or a folder above it was filtered out.
 */
export function seen(root: string, rels: string[], since: number, timeoutMs = 15_000): Promise<void> {
  const done = (rel: string) => {
    if (reported.slice(since).some((p) => isUnder(p, root, rel))) return true;
    const parts = rel.split('/');
    return parts.some((_, i) => filtered.has(`${root}${sep}${parts.slice(0, i + 1).join(sep)}`));
  };
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!rels.every(done)) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve();
    };
    // Not a wait for "nothing": a bound on a signal that never came, naming what is missing.
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`the watcher never took in ${rels.filter((r) => !done(r)).join(', ')} (under ${root})`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}
