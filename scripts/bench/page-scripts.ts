// Code the benchmark runs inside Chromium, kept as plain JavaScript strings so
// the bundler that runs this script cannot add helpers the page lacks.

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
 * - keyEvents / keyEventsThrough(): Chromium's own measure of each keydown (Event Timing, entries of 16 ms
 *   or more: the key until the next frame is presented); a Pause key, held 40 ms by the bench's own
 *   listener so that its entry is always reported, marks the end of a series: entries come in the
 *   order of their frames, so once its entry is in, every earlier keydown's is in or never comes.
 */
export const BENCH_PAGE_JS = String.raw`
(() => {
  if (window.__bench) return;
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const b = {
    loaf: [],
    longtasks: [],
    keyEvents: [],
    keyEventWaiters: [],
    sentinelKey: null,
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
    keyEventsThrough: ({ timeoutMs }) => new Promise((resolve, reject) => {
      if (!b.eventTimingSupported) { resolve(null); return; }
      const done = () => b.sentinelKey !== null && b.keyEvents.some((x) => Math.abs(x.startTime - b.sentinelKey) < 1);
      if (done()) { resolve(b.keyEvents); return; }
      const timer = setTimeout(() => reject(new Error('no Event Timing entry for the Pause key within ' + timeoutMs + ' ms')), timeoutMs);
      b.keyEventWaiters.push(() => {
        if (!done()) return false;
        clearTimeout(timer);
        resolve(b.keyEvents);
        return true;
      });
    }),
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
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name !== 'keydown') continue;
        b.keyEvents.push({ startTime: e.startTime, duration: e.duration, processingStart: e.processingStart, processingEnd: e.processingEnd });
      }
      b.keyEventWaiters = b.keyEventWaiters.filter((w) => !w());
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
    b.eventTimingSupported = true;
  } catch {
    b.eventTimingSupported = false;
  }
  // The end-of-series marker for keyEventsThrough: the page never sees it.
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Pause') return;
    e.stopImmediatePropagation();
    e.preventDefault();
    b.sentinelKey = e.timeStamp;
    const until = performance.now() + 40;
    while (performance.now() < until) { /* held, so that Event Timing reports it */ }
  }, true);
  performance.setResourceTimingBufferSize(100000);
  window.__bench = b;
})();
`;
