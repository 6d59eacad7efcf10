// Code the benchmark runs inside Chromium, kept as plain JavaScript strings so
// the bundler that runs this script cannot add helpers the page lacks.
import type { LabelSchemaFile } from '../../app/label-schema';

/**
 * Installed into both the app and the bare-DOM page (after load, through
 * CDP, so the app's Content-Security-Policy does not apply). `window.__bench`:
 * - highlightCount(): ranges registered in CSS.highlights, the selected-annotation layer excluded;
 * - waitPainted(cond): polls once per animation frame until cond() holds; that frame
 *   paints it; a setTimeout(0) queued from the frame's callback then runs after the
 *   paint: {registered, painted} in performance.now() time;
 * - settle(painted): waits a quiet second and returns the end of the last long
 *   animation frame that began before it, or `painted` if none did (main thread idle);
 * - loaf / longtasks: entries seen by PerformanceObservers since install;
 * - openApp / openBare: click the document (the bare page's button) and time it
 *   until painted and settled;
 * - selectWord: selects the k-th of n words spread through the article with a DOM
 *   Range (as a mouse drag leaves it), scrolled to the middle of the view, and lets
 *   the page settle so the selection's own handling is not timed;
 * - armTag: on the next keydown, times from the event's timeStamp the highlight
 *   registered and painted, the saveSidecar request (its response means the file is
 *   on disk: the handler answers after the atomic write) and the status bar saying
 *   Saved; resolves b.tag.
 */
export const BENCH_PAGE_JS = String.raw`
(() => {
  if (window.__bench) return;
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const b = {
    loaf: [],
    longtasks: [],
    frames: null,
    highlightCount() {
      let n = 0;
      for (const [name, h] of CSS.highlights) if (name !== 'mg-selected') n += h.size;
      return n;
    },
    waitPainted(cond, timeoutMs) {
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          let ok = false;
          try { ok = cond(); } catch (e) { reject(e); return; }
          if (ok) {
            const registered = performance.now();
            setTimeout(() => resolve({ registered, painted: performance.now() }), 0);
          } else if (performance.now() - started > timeoutMs) {
            reject(new Error('timed out after ' + timeoutMs + ' ms; highlight ranges registered: ' + b.highlightCount()));
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    async settle(painted, quietMs) {
      await sleep(quietMs);
      await raf();
      let end = painted;
      for (const e of b.loaf) if (e.startTime < painted + quietMs && e.startTime + e.duration > end) end = e.startTime + e.duration;
      return end;
    },
    longFramesBetween(from, to) {
      return b.loaf.filter((e) => e.startTime >= from && e.startTime < to);
    },
    longTasksBetween(from, to) {
      return b.longtasks.filter((e) => e.startTime >= from && e.startTime < to);
    },
    startFrames() {
      b.frames = [];
      const tick = (t) => {
        if (!b.frames) return;
        b.frames.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      const f = b.frames || [];
      b.frames = null;
      const gaps = [];
      for (let i = 1; i < f.length; i++) gaps.push(f[i] - f[i - 1]);
      return { frames: f.length, gaps };
    },
    raf,
    sleep,
    census() {
      let cssRules = 0, highlightRules = 0;
      for (const sheet of document.styleSheets) {
        let list;
        try { list = sheet.cssRules; } catch { continue; }
        for (const r of list) { cssRules++; if ((r.selectorText || '').includes('::highlight')) highlightRules++; }
      }
      const inside = (sel) => { const el = document.querySelector(sel); return el ? el.getElementsByTagName('*').length : 0; };
      return {
        elements: document.getElementsByTagName('*').length,
        articleElements: inside('.mg-article'),
        sidePanelElements: inside('.mg-side'),
        cssRules,
        highlightRules,
        highlightNames: CSS.highlights.size,
      };
    },
    // Diagnostics only: what the open costs without a part of the page, to show where the time goes.
    applyDiagnostic(kind) {
      const sheets = [...document.styleSheets].filter((s) => { try { return !!s.cssRules; } catch { return false; } });
      if (kind === 'no-highlight-rules') {
        let n = 0;
        for (const s of sheets) for (let i = s.cssRules.length - 1; i >= 0; i--) if ((s.cssRules[i].selectorText || '').includes('::highlight')) { s.deleteRule(i); n++; }
        return n;
      }
      if (kind === 'no-side-panel') {
        const s = sheets.find((x) => x.href) || sheets[0];
        s.insertRule('.mg-side { display: none !important; }', s.cssRules.length);
        return 1;
      }
      throw new Error('unknown diagnostic ' + kind);
    },
    // What openApp and openBare report once the article is painted: it settled, the openDocument request's timing,
    // the lines shown and the long frames since the click.
    opened: async (t0, registered, painted, quietMs) => {
      const settled = await b.settle(painted, quietMs);
      const ipc = performance.getEntriesByType('resource').find((e) => e.name.includes('/__ipc/openDocument'));
      return {
        t0,
        ipcStart: ipc ? ipc.startTime : null,
        ipcEnd: ipc ? ipc.responseEnd : null,
        registered,
        painted,
        settled,
        lines: document.querySelectorAll('.mg-article .mg-line').length,
        longFrames: b.longFramesBetween(t0, settled + 1),
      };
    },
    openApp: async ({ path, expected, timeoutMs, quietMs }) => {
      performance.clearResourceTimings();
      const button = [...document.querySelectorAll('button.mg-doc')].find((el) => el.querySelector('.mg-doc-name')?.textContent === path);
      if (!button) throw new Error('no document button for ' + path);
      const t0 = performance.now();
      button.click();
      const { registered, painted } = await b.waitPainted(
        // The app registers the ranges of the lines around the view only: done when its highlight layer has
        // placed all the annotations (data-painted-annotations) and the ones in view are registered.
        () => document.querySelector('.mg-article-scroll')?.dataset.paintedAnnotations === String(expected) && b.highlightCount() > 0 && document.querySelector('.mg-article .mg-line') !== null,
        timeoutMs,
      );
      return { ...(await b.opened(t0, registered, painted, quietMs)), ranges: b.highlightCount() };
    },
    openBare: async ({ expected, timeoutMs, quietMs, marks }) => {
      performance.clearResourceTimings();
      const t0 = performance.now();
      document.getElementById('open').click();
      const { registered, painted } = await b.waitPainted(
        () => window.__bare.done && (marks || b.highlightCount() >= expected),
        timeoutMs,
      );
      const opened = await b.opened(t0, registered, painted, quietMs);
      return { ...opened, built: window.__bare.timing.built, ranges: marks ? window.__bare.marks : b.highlightCount() };
    },
    selectWord: async ({ k, n }) => {
      const lines = document.querySelectorAll('.mg-article .mg-line');
      let li = Math.floor(((k + 0.5) / n) * lines.length);
      for (let tries = 0; tries < lines.length; tries++, li = (li + 1) % lines.length) {
        const p = lines[li];
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode();
        if (!node) continue;
        const words = [...node.data.matchAll(/[\p{L}\p{N}]{4,}/gu)];
        if (words.length === 0) continue;
        const m = words[(k * 7 + 3) % words.length];
        p.scrollIntoView({ block: 'center' });
        await b.raf();
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        await b.raf();
        await b.raf();
        await b.sleep(80);
        return { line: li, word: m[0], before: b.highlightCount() };
      }
      throw new Error('no word to select');
    },
    armTag: ({ expected, timeoutMs, waitSave }) => {
      performance.clearResourceTimings();
      const state = document.querySelector('[data-testid="save-state"]');
      b.tag = new Promise((resolve) => {
        const result = {};
        let sawUnsaved = false;
        let mo = null;
        if (waitSave && state) {
          mo = new MutationObserver(() => {
            const text = state.textContent || '';
            if (!/^Saved/.test(text)) sawUnsaved = true;
            else if (sawUnsaved && result.savedShown === undefined) result.savedShown = performance.now();
          });
          mo.observe(state, { childList: true, characterData: true, subtree: true });
        }
        const onKey = (e) => {
          window.removeEventListener('keydown', onKey, true);
          result.key = e.timeStamp;
          result.keyHandled = performance.now();
          b.waitPainted(() => b.highlightCount() >= expected, timeoutMs)
            .then(({ registered, painted }) => {
              result.registered = registered;
              result.painted = painted;
            }, (err) => { result.error = String(err); })
            .then(async () => {
              if (!waitSave) return;
              const deadline = performance.now() + timeoutMs;
              for (;;) {
                const save = performance.getEntriesByType('resource').find((x) => x.name.includes('/__ipc/saveSidecar') && x.startTime >= result.key);
                if (save && result.savedShown !== undefined) {
                  result.saveStart = save.startTime;
                  result.saveEnd = save.responseEnd;
                  break;
                }
                if (performance.now() > deadline) {
                  result.error = (result.error ? result.error + '; ' : '') + 'save not seen within ' + timeoutMs + ' ms';
                  break;
                }
                await b.sleep(5);
              }
            })
            .then(() => {
              if (mo) mo.disconnect();
              result.longFrames = b.longFramesBetween(result.key - 1, (result.painted || performance.now()) + 1);
              resolve(result);
            });
        };
        window.addEventListener('keydown', onKey, true);
      });
      return true;
    },
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        b.loaf.push({
          startTime: e.startTime,
          duration: e.duration,
          blockingDuration: e.blockingDuration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: (e.scripts || []).map((s) => ({
            invoker: s.invoker,
            invokerType: s.invokerType,
            sourceFunctionName: s.sourceFunctionName,
            sourceURL: s.sourceURL,
            duration: s.duration,
            forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    b.loafSupported = true;
  } catch {
    b.loafSupported = false;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  performance.setResourceTimingBufferSize(100000);
  window.__bench = b;
})();
`;

/** The page the app is compared with: the same text and spans painted with plain DOM, nothing else. */
export function bareHtml(options: { cssHref: string; path: string; variant: 'highlights' | 'marks'; preload: boolean; schema: LabelSchemaFile }): string {
  const labels = [
    ...options.schema.entityLabels.map((l) => l),
    ...options.schema.claimLabels.map((l) => l),
  ].map((l, slot) => ({ name: l.name, colour: l.colour, slot }));
  const marksCss = labels
    .map((l) => `mark.bm-${l.slot} { background-color: var(--mg-label-${l.slot}-bg); text-decoration: underline 2px var(--mg-label-${l.slot}); text-underline-offset: 3px; color: inherit; }`)
    .join('\n');
  const config = JSON.stringify({ path: options.path, variant: options.variant, preload: options.preload, labels });
  // The layout copies the app's: a 260 px list, the article column, a 300 px panel,
  // and the app's own stylesheet for the article, its lines and ::highlight(mg-N).
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare DOM</title>
<link rel="stylesheet" href="${options.cssHref}">
<style>
.bare { display: grid; grid-template-columns: 260px minmax(0, 1fr) 300px; height: 100vh; }
.bare main { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
${marksCss}
</style></head>
<body>
<div class="bare">
  <aside><button id="open" type="button" class="mg-doc">open</button></aside>
  <main><div class="mg-article-wrap"><div class="mg-article-scroll"><div class="mg-article"></div></div></div></main>
  <aside></aside>
</div>
<script>
(() => {
  const config = ${config};
  const slotOf = new Map(config.labels.map((l) => [l.name, l.slot]));
  for (const l of config.labels) {
    const n = Number.parseInt(l.colour.slice(1), 16);
    document.documentElement.style.setProperty('--mg-label-' + l.slot, l.colour);
    document.documentElement.style.setProperty('--mg-label-' + l.slot + '-bg', 'rgba(' + ((n >> 16) & 255) + ', ' + ((n >> 8) & 255) + ', ' + (n & 255) + ', 0.28)');
  }
  const bare = { done: false, timing: {}, marks: 0 };
  window.__bare = bare;
  async function invoke(channel, args) {
    const r = await fetch('/__ipc/' + channel, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
    const env = await r.json();
    if (!env.ok) throw new Error(env.error.message);
    return env.value;
  }
  let preloaded = null;
  bare.prepare = async () => {
    await invoke('getStartup', {});
    if (config.preload) preloaded = await invoke('openDocument', { path: config.path });
  };
  // Code point -> UTF-16 index: the code-point index of every surrogate pair, binary-searched.
  function codePointMapper(text) {
    const pairs = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { pairs.push(i - pairs.length); i++; }
      }
    }
    return (cp) => {
      let lo = 0, hi = pairs.length;
      while (lo < hi) { const m = (lo + hi) >>> 1; if (pairs[m] < cp) lo = m + 1; else hi = m; }
      return cp + lo;
    };
  }
  function splitLines(text) {
    const starts = [], ends = [];
    const re = /\\r\\n|\\n|\\r/g;
    let start = 0, m;
    while ((m = re.exec(text))) { starts.push(start); ends.push(m.index); start = m.index + m[0].length; }
    starts.push(start); ends.push(text.length);
    return { starts, ends };
  }
  function lineOf(starts, u) {
    let lo = 0, hi = starts.length;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (starts[m] <= u) lo = m + 1; else hi = m; }
    return Math.max(0, lo - 1);
  }
  function paintHighlights(doc, root) {
    const text = doc.text;
    const { starts, ends } = splitLines(text);
    const frag = document.createDocumentFragment();
    const nodes = [];
    for (let i = 0; i < starts.length; i++) {
      const p = document.createElement('p');
      p.className = 'mg-line';
      const t = document.createTextNode(text.slice(starts[i], ends[i]));
      p.appendChild(t);
      frag.appendChild(p);
      nodes.push(t);
    }
    root.replaceChildren(frag);
    bare.timing.built = performance.now();
    const toU16 = codePointMapper(text);
    const point = (cp) => {
      const u = toU16(cp);
      const l = lineOf(starts, u);
      return [nodes[l], Math.min(u, ends[l]) - starts[l]];
    };
    const slots = new Map();
    for (const a of doc.sidecar.annotations) {
      const [sn, so] = point(a.start);
      const [en, eo] = point(a.end);
      const slot = slotOf.get(a.label) ?? 0;
      let list = slots.get(slot);
      if (!list) slots.set(slot, (list = []));
      list.push(new StaticRange({ startContainer: sn, startOffset: so, endContainer: en, endOffset: eo }));
    }
    CSS.highlights.clear();
    for (const [slot, ranges] of slots) CSS.highlights.set('mg-' + slot, new Highlight(...ranges));
  }
  const escapeHtml = (s) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  // <mark> spans: each line cut at every span boundary; a piece covered by k spans sits in k nested marks.
  function paintMarks(doc, root) {
    const text = doc.text;
    const { starts, ends } = splitLines(text);
    const toU16 = codePointMapper(text);
    const perLine = starts.map(() => []);
    for (const a of doc.sidecar.annotations) {
      const s = toU16(a.start), e = toU16(a.end);
      const l0 = lineOf(starts, s), l1 = lineOf(starts, Math.max(s, e - 1));
      for (let l = l0; l <= l1; l++) {
        perLine[l].push({ s: Math.max(s, starts[l]) - starts[l], e: Math.min(e, ends[l]) - starts[l], slot: slotOf.get(a.label) ?? 0, len: e - s });
      }
    }
    let html = '';
    let marks = 0;
    for (let l = 0; l < starts.length; l++) {
      const line = text.slice(starts[l], ends[l]);
      const spans = perLine[l];
      html += '<p class="mg-line">';
      if (spans.length === 0) html += escapeHtml(line);
      else {
        const cuts = new Set([0, line.length]);
        for (const sp of spans) { cuts.add(sp.s); cuts.add(sp.e); }
        const sorted = [...cuts].sort((x, y) => x - y);
        for (let i = 0; i + 1 < sorted.length; i++) {
          const from = sorted[i], to = sorted[i + 1];
          if (to <= from) continue;
          const covering = spans.filter((sp) => sp.s <= from && to <= sp.e).sort((x, y) => y.len - x.len);
          let open = '', close = '';
          for (const sp of covering) { open += '<mark class="bm-' + sp.slot + '">'; close += '</mark>'; marks++; }
          html += open + escapeHtml(line.slice(from, to)) + close;
        }
      }
      html += '</p>';
    }
    root.innerHTML = html;
    bare.marks = marks;
    bare.timing.built = performance.now();
  }
  document.getElementById('open').addEventListener('click', async () => {
    const doc = preloaded ?? (await invoke('openDocument', { path: config.path }));
    const root = document.querySelector('.mg-article');
    if (config.variant === 'marks') paintMarks(doc, root);
    else paintHighlights(doc, root);
    bare.done = true;
  });
})();
</script>
</body></html>`;
}
