// Where the renderer's time goes: a Chromium CPU profile (CDP Profiler)
// attributed to the modules of the built renderer bundle. The bundle is not
// minified and Rolldown marks each module with a `// <path>` line, so a
// sample's line number names its module. Time spent in native code (DOM
// calls, JSON.parse, layout forced by a script) is charged to the nearest
// bundle frame that called it.
import { readFileSync } from 'node:fs';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

interface Marker {
  line: number;
  module: string;
}

/** Module boundaries of a Rolldown bundle: 0-based line of each `// node_modules/...`, `// renderer/...`, `// app/...` marker. */
export function bundleModules(bundleFile: string): Marker[] {
  const lines = readFileSync(bundleFile, 'utf8').split('\n');
  const markers: Marker[] = [];
  lines.forEach((line, i) => {
    const m = /^\/\/ ((?:node_modules|renderer|app)\/\S+)$/.exec(line);
    if (m?.[1]) markers.push({ line: i, module: shortModule(m[1]) });
  });
  return markers;
}

/** `node_modules/lexical/dist/Lexical.prod.js` -> `lexical`; app and renderer files keep their path. */
function shortModule(path: string): string {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m?.[1] ?? path;
}

function moduleAt(markers: Marker[], line: number): string {
  let lo = 0;
  let hi = markers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((markers[mid] as Marker).line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? '(bundle runtime)' : (markers[lo - 1] as Marker).module;
}

export interface ProfileSummary {
  /** Sampled time, idle excluded, in ms. */
  busyMs: number;
  idleMs: number;
  /** Self time of each module, native calls charged to their nearest bundle caller. */
  byModule: { module: string; ms: number; pct: number }[];
  /** The functions with the most self time (bundle functions, natives named with their caller's module). */
  topFunctions: { fn: string; module: string; ms: number }[];
}

export function summarizeProfile(profile: CpuProfile, bundleUrlPart: string, markers: Marker[]): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time from sample i-1 to sample i: sample i lasts until sample i+1.
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const id = samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const cached = owner.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id);
    let result: string;
    if (!node) result = '(unknown)';
    else if (node.callFrame.url.includes(bundleUrlPart)) result = moduleAt(markers, node.callFrame.lineNumber);
    else if (/^\(.*\)$/.test(node.callFrame.functionName) && node.callFrame.url === '') {
      result = node.callFrame.functionName; // (program), (garbage collector), (idle), (root)
    } else {
      const p = parent.get(id);
      result = p === undefined ? '(other)' : ownerOf(p);
      if (result === '(root)') result = node.callFrame.url ? '(other scripts)' : `(native) ${node.callFrame.functionName || 'anonymous'}`;
    }
    owner.set(id, result);
    return result;
  };
  const modules = new Map<string, number>();
  const fns = new Map<string, { fn: string; module: string; ms: number }>();
  let idle = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const module = ownerOf(id);
    if (module === '(idle)') {
      idle += ms;
      continue;
    }
    modules.set(module, (modules.get(module) ?? 0) + ms);
    const name = node?.callFrame.functionName || '(anonymous)';
    const native = node ? !node.callFrame.url.includes(bundleUrlPart) : true;
    const fn = native && !/^\(.*\)$/.test(name) ? `${name} [native]` : name;
    const key = `${fn}\0${module}`;
    const entry = fns.get(key) ?? { fn, module, ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  const busy = [...modules.values()].reduce((s, v) => s + v, 0);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    busyMs: round(busy),
    idleMs: round(idle),
    byModule: [...modules]
      .map(([module, ms]) => ({ module, ms: round(ms), pct: round((100 * ms) / (busy || 1)) }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...fns.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20)
      .map((f) => ({ ...f, ms: round(f.ms) })),
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: {
    name?: string;
    elementCount?: number;
    beginData?: { stackTrace?: { functionName: string; url: string; lineNumber: number }[]; dirtyObjects?: number; totalObjects?: number };
  };
}

export interface TraceSummary {
  /** Main-thread time by event (nested events are counted in their parents too), ms. */
  totals: Record<string, number>;
  /** Every style recalculation and layout over 5 ms: forced ones name the script that forced them. */
  styleAndLayout: { kind: 'style' | 'layout'; ms: number; elements?: number; dirtyObjects?: number; totalObjects?: number; forcedBy?: string[] }[];
}

/** Style, layout and paint on the page's main thread from a Chromium trace (devtools.timeline categories). */
export function summarizeTrace(traceJson: string, bundleUrlPart: string, markers: Marker[]): TraceSummary {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  // The busiest renderer main thread is the page's.
  const busy = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.name === 'RunTask' && mains.has(key)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const wanted = ['RunTask', 'EventDispatch', 'FunctionCall', 'FireAnimationFrame', 'TimerFire', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'MajorGC', 'MinorGC', 'ParseHTML', 'HitTest'];
  const totals: Record<string, number> = {};
  const styleAndLayout: TraceSummary['styleAndLayout'] = [];
  const frame = (f: { functionName: string; url: string; lineNumber: number }) =>
    `${f.functionName || '(anonymous)'} (${f.url.includes(bundleUrlPart) ? moduleAt(markers, f.lineNumber - 1) : f.url || 'native'})`;
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X') continue;
    if (wanted.includes(e.name)) totals[e.name] = Math.round(((totals[e.name] ?? 0) + (e.dur ?? 0) / 1000) * 10) / 10;
    if ((e.name === 'UpdateLayoutTree' || e.name === 'Layout') && (e.dur ?? 0) > 5000) {
      const stack = e.args?.beginData?.stackTrace;
      styleAndLayout.push({
        kind: e.name === 'Layout' ? 'layout' : 'style',
        ms: Math.round((e.dur ?? 0) / 100) / 10,
        ...(e.args?.elementCount !== undefined ? { elements: e.args.elementCount } : {}),
        ...(e.args?.beginData?.dirtyObjects !== undefined ? { dirtyObjects: e.args.beginData.dirtyObjects, totalObjects: e.args.beginData.totalObjects } : {}),
        ...(stack && stack.length ? { forcedBy: stack.slice(0, 8).map(frame) } : {}),
      });
    }
  }
  return { totals, styleAndLayout };
}

/** Self time of a Node CPU profile (node:inspector) by source file under `root`, and its top functions. */
export function summarizeNodeProfile(profile: CpuProfile, root: string): { byFile: { file: string; ms: number; pct: number }[]; topFunctions: { fn: string; file: string; ms: number }[] } {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i] as number, (self.get(samples[i] as number) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  const prefix = `file://${root}/`;
  const fileOf = (url: string) => {
    if (url.startsWith(prefix)) {
      const rel = url.slice(prefix.length);
      const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
      return m ? `node_modules/${m[1]}` : rel;
    }
    if (url.startsWith('node:')) return 'node internals';
    return url ? url : '(native or runtime)';
  };
  const files = new Map<string, number>();
  const fns = new Map<string, { fn: string; file: string; ms: number }>();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms || n.callFrame.functionName === '(idle)') continue;
    total += ms;
    const file = /^\(.*\)$/.test(n.callFrame.functionName) && !n.callFrame.url ? n.callFrame.functionName : fileOf(n.callFrame.url);
    files.set(file, (files.get(file) ?? 0) + ms);
    const key = `${n.callFrame.functionName}\0${file}`;
    const e = fns.get(key) ?? { fn: n.callFrame.functionName || '(anonymous)', file, ms: 0 };
    e.ms += ms;
    fns.set(key, e);
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    byFile: [...files].map(([file, ms]) => ({ file, ms: round(ms), pct: round((100 * ms) / (total || 1)) })).sort((a, b) => b.ms - a.ms).slice(0, 20),
    topFunctions: [...fns.values()].sort((a, b) => b.ms - a.ms).slice(0, 20).map((f) => ({ ...f, ms: round(f.ms) })),
  };
}
