// Sections `tag` and `scroll`: select + hotkey to painted and to saved, and long
// frames while scrolling and selecting in the long article.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { bareHtml } from './bare-page';
import { details, metric, percentile, round, stats } from './bench-core';
import { type LongFrame, benchCall, quietMs, appPage, barePage, cpuSession, perfMetrics, perfDelta, withProfile, saveProfile, loafSummary, type RendererContext, withTrace } from './browser-bench';

export interface TagResult {
  key: number;
  keyHandled: number;
  registered?: number;
  painted?: number;
  savedShown?: number;
  saveStart?: number;
  saveEnd?: number;
  error?: string;
  longFrames: LongFrame[];
}

/** Selects a word, presses a label's key, waits for the highlight (and the save). With `cdp`, also the renderer CPU time it took. */
export async function tagOnce(page: Page, k: number, n: number, waitSave: boolean, cdp?: CDPSession): Promise<TagResult & { word: string; cpu?: ReturnType<typeof perfDelta> }> {
  const sel = await benchCall<{ line: number; word: string; before: number }>(page, 'selectWord', { k, n });
  await benchCall(page, 'armTag', { expected: sel.before + 1, timeoutMs: 15_000, waitSave });
  const before = cdp ? await perfMetrics(cdp) : null;
  await page.keyboard.press(String((k % 7) + 1));
  const result = (await page.evaluate('window.__bench.tag')) as TagResult;
  const cpu = cdp && before ? perfDelta(before, await perfMetrics(cdp)) : undefined;
  return { ...result, word: sel.word, ...(cpu ? { cpu } : {}) };
}

export function tagFigures(results: (TagResult & { cpu?: ReturnType<typeof perfDelta> })[]) {
  const ok = results.filter((r) => r.painted !== undefined && r.error === undefined);
  const d = (f: (r: TagResult & { cpu?: ReturnType<typeof perfDelta> }) => number | undefined) => ok.map(f).filter((x): x is number => x !== undefined);
  return {
    cpuMs: stats(d((r) => r.cpu?.cpuMs)),
    cpuScriptMs: stats(d((r) => r.cpu?.scriptMs)),
    cpuStyleMs: stats(d((r) => r.cpu?.styleMs)),
    cpuLayoutMs: stats(d((r) => r.cpu?.layoutMs)),
    attempted: results.length,
    completed: ok.length,
    errors: results.filter((r) => r.error).map((r) => r.error),
    paintMs: stats(d((r) => (r.painted as number) - r.key)),
    registeredMs: stats(d((r) => (r.registered as number) - r.key)),
    keyQueueMs: stats(d((r) => r.keyHandled - r.key)),
    toDiskMs: stats(d((r) => (r.saveEnd === undefined ? undefined : r.saveEnd - r.key))),
    saveRequestMs: stats(d((r) => (r.saveEnd === undefined || r.saveStart === undefined ? undefined : r.saveEnd - r.saveStart))),
    saveStartsAfterMs: stats(d((r) => (r.saveStart === undefined ? undefined : r.saveStart - r.key))),
    savedShownMs: stats(d((r) => (r.savedShown === undefined ? undefined : r.savedShown - r.key))),
    longFrames: loafSummary(ok.flatMap((r) => r.longFrames)),
  };
}

/** `n` more tags after the first `after`, under the sampling profiler and a Chromium trace: where a tag's time goes. */
export async function profiledTags(ctx: RendererContext, page: Page, name: string, after: number, n: number, waitSave: boolean, settleMs: number) {
  const { result: traced, profile } = await withProfile(page, true, () =>
    withTrace(ctx, page, true, async () => {
      for (let k = 0; k < n; k++) await tagOnce(page, k + after, after + n, waitSave);
      await page.waitForTimeout(settleMs);
    }),
  );
  return { profile: await saveProfile(ctx, name, profile), trace: traced.trace };
}

/**
 * The floor of a tag: the medium article on the bare-DOM page, whose keydown adds the selection's range to a
 * highlight and nothing else; with all its spans registered (as the open section's bare page), or none.
 */
async function bareTagPage(ctx: RendererContext, registerSpans: boolean): Promise<{ page: Page; context: BrowserContext }> {
  const html = bareHtml({ cssHref: ctx.cssHref, path: ctx.data.medium.path, variant: 'highlights', preload: false, schema: ctx.schema, tagKeys: true, registerSpans });
  const bare = await barePage(ctx.browser, ctx.harness, html);
  const expected = registerSpans ? ctx.data.medium.annotations : 0;
  await benchCall(bare.page, 'openBare', { expected, timeoutMs: 60_000, quietMs: quietMs(ctx.options), marks: false });
  return bare;
}

/**
 * Chromium's own duration of each tag's keydown (Event Timing: from the key until the next frame is presented),
 * matched by the key's timeStamp; null where no entry came (under the 16 ms threshold). Null for all when the
 * page has no Event Timing.
 */
async function keyEventDurations(page: Page, results: TagResult[]): Promise<(number | null)[] | null> {
  await page.keyboard.press('Pause');
  const entries = await benchCall<{ startTime: number; duration: number }[] | null>(page, 'keyEventsThrough', { timeoutMs: 10_000 });
  if (!entries) return null;
  return results.map((r) => entries.find((e) => Math.abs(e.startTime - r.key) < 1)?.duration ?? null);
}

/**
 * p50 and p95 of Event Timing durations, an entry not reported counted as 8 ms: Chromium rounds durations
 * to 8 ms and reports only those of 16 ms or more, so an unreported one is 0 or 8 (an upper bound).
 */
function keyEventFigures(durations: (number | null)[] | null) {
  if (!durations) return null;
  const xs = durations.map((d) => d ?? 8);
  return { p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), under16: durations.filter((d) => d === null).length, of: durations.length, durations };
}

export async function benchTag(ctx: RendererContext): Promise<void> {
  const { data, options } = ctx;
  const { page } = await appPage(ctx.browser, ctx.harness);
  await benchCall(page, 'openApp', { path: data.medium.path, expected: data.medium.annotations, timeoutMs: 60_000, quietMs: quietMs(options) });
  const bare = await bareTagPage(ctx, true);
  const text = await bareTagPage(ctx, false);
  const cdp = await cpuSession(page);
  const results: TagResult[] = [];
  const bareResults: TagResult[] = [];
  const textResults: TagResult[] = [];
  // Interleaved, so that drift of the machine's load affects the app and its floors alike.
  for (let k = 0; k < options.tags; k++) {
    results.push(await tagOnce(page, k, options.tags, true, cdp));
    bareResults.push(await tagOnce(bare.page, k, options.tags, false));
    textResults.push(await tagOnce(text.page, k, options.tags, false));
  }
  await cdp.detach();
  const appKeys = keyEventFigures(await keyEventDurations(page, results));
  const bareKeys = keyEventFigures(await keyEventDurations(bare.page, bareResults));
  const textKeys = keyEventFigures(await keyEventDurations(text.page, textResults));
  await bare.context.close();
  await text.context.close();
  const f = tagFigures(results);
  const fb = tagFigures(bareResults);
  const ft = tagFigures(textResults);
  const label = `${Math.round(data.medium.bytes / 1024)} KB, ${data.medium.annotations} annotations`;
  metric({ id: 'tag.paint.p50', name: `Select + hotkey to highlight painted (${label}), p50 of ${f.completed}`, value: f.paintMs.p50, unit: 'ms', target: null, pass: null });
  // Within one frame at 60 Hz (issue #15; it was < 50 ms).
  metric({ id: 'tag.paint.p95', name: 'Select + hotkey to highlight painted, p95', value: f.paintMs.p95, unit: 'ms', target: '<= 17 ms', pass: f.completed > 0 ? f.paintMs.p95 <= 17 : null });
  // The floor: the same timing (armTag) on bare DOM whose keydown only adds the range to a highlight.
  const floorOver = fb.completed > 0 && fb.paintMs.p95 > 17;
  metric({ id: 'tag.floor.paint.p50', name: `… the same on bare DOM (keydown adds the selection's range to a CSS highlight, nothing else), p50 of ${fb.completed}`, value: fb.paintMs.p50, unit: 'ms', target: null, pass: null });
  metric({
    id: 'tag.floor.paint.p95',
    name: '… the same on bare DOM, p95',
    value: fb.paintMs.p95,
    unit: 'ms',
    target: null,
    pass: null,
    note: `registered p50 ${fb.registeredMs.p50} / p95 ${fb.registeredMs.p95} ms (the app: ${f.registeredMs.p50} / ${f.registeredMs.p95} ms)${
      floorOver ? `; above 17 ms: bare DOM with every span registered does not paint within one frame here (its first animation frame ran ${fb.registeredMs.p50} ms after the key, p50: the time is the frame's own rendering)` : ''
    }`,
  });
  metric({
    id: 'tag.floor-text.paint.p95',
    name: `… the same on bare DOM with none of the article's spans registered (only the new one), p95`,
    value: ft.paintMs.p95,
    unit: 'ms',
    target: null,
    pass: null,
    note: `p50 ${ft.paintMs.p50} ms; registered p50 ${ft.registeredMs.p50} ms; Chromium re-validates every registered range each frame, so this is the tag's least possible cost here`,
  });
  metric({
    id: 'tag.floor.ratio',
    name: 'Ratio app / bare DOM, highlight painted, p95',
    value: fb.completed > 0 && f.completed > 0 ? round(f.paintMs.p95 / fb.paintMs.p95, 2) : null,
    unit: 'x',
    target: null,
    pass: null,
    note: `p50 ratio ${fb.completed > 0 && f.completed > 0 ? round(f.paintMs.p50 / fb.paintMs.p50, 2) : 'n/a'}; against the text alone: p95 ${ft.completed > 0 && f.completed > 0 ? round(f.paintMs.p95 / ft.paintMs.p95, 2) : 'n/a'}x, p50 ${ft.completed > 0 && f.completed > 0 ? round(f.paintMs.p50 / ft.paintMs.p50, 2) : 'n/a'}x`,
  });
  for (const [id, who, k] of [
    ['tag.inp.p95', 'the app', appKeys],
    ['tag.floor.inp.p95', 'bare DOM', bareKeys],
    ['tag.floor-text.inp.p95', 'bare DOM, no spans registered', textKeys],
  ] as const) {
    metric({
      id,
      name: `Chromium's keydown duration (Event Timing: key to next frame presented), ${who}, p95`,
      value: k ? k.p95 : null,
      unit: 'ms',
      target: null,
      pass: null,
      note: k ? `p50 ${k.p50} ms; ${k.under16} of ${k.of} under the 16 ms reporting threshold, counted as 8 ms (Chromium rounds to 8 ms)` : 'no Event Timing in this browser',
    });
  }
  metric({ id: 'tag.disk.p50', name: 'Select + hotkey to sidecar on disk, p50', value: f.toDiskMs.p50, unit: 'ms', target: null, pass: null });
  metric({
    id: 'tag.disk.p95',
    name: 'Select + hotkey to sidecar on disk, p95',
    value: f.toDiskMs.p95,
    unit: 'ms',
    target: '< 50 ms',
    pass: f.completed > 0 ? f.toDiskMs.p95 < 50 : null,
    note: 'the design target covers "highlight painted and sidecar saved": from the keydown to the end of the saveSidecar response (the handler answers after the atomic write)',
  });
  metric({ id: 'tag.save-request.p95', name: 'saveSidecar round trip alone, p95', value: f.saveRequestMs.p95, unit: 'ms', target: null, pass: null });
  metric({
    id: 'tag.cpu.p50',
    name: 'Renderer main-thread CPU per tag, autosave included (CDP threadTicks), p50',
    value: f.cpuMs.p50,
    unit: 'ms',
    target: null,
    pass: null,
    note: `p95 ${f.cpuMs.p95} ms; script ${f.cpuScriptMs.p50}, style ${f.cpuStyleMs.p50}, layout ${f.cpuLayoutMs.p50} ms (p50)`,
  });
  details.tag = { article: data.medium, figures: f, results, keyEvents: appKeys, floor: { figures: fb, results: bareResults, keyEvents: bareKeys }, floorText: { figures: ft, results: textResults, keyEvents: textKeys } };

  if (options.profile) {
    const n = options.smoke ? 2 : 10;
    details.tagProfile = {
      note: `More tags (${n}) on the same article with the sampling profiler and a trace on, each waiting for its save.`,
      ...(await profiledTags(ctx, page, 'tag-medium', options.tags, n, true, 600)),
    };
  }
  await page.context().close();
}

export async function benchScroll(ctx: RendererContext, page: Page): Promise<void> {
  const { options, data } = ctx;
  const scroller = page.locator('.mg-article-scroll');
  const box = await scroller.boundingBox();
  if (!box) throw new Error('the article is not on screen');
  const now = () => page.evaluate('performance.now()') as Promise<number>;
  // Every line in (the loader's chunks are the open's frames, measured there): with --only scroll the page was
  // opened just now, and a full run's page had the memory section's time to finish loading.
  const tLoad = Date.now();
  await page.locator('.mg-article:not([aria-busy])').waitFor({ timeout: 120_000 });
  const waitedForLinesMs = Date.now() - tLoad;
  const geometry = (await page.evaluate(
    "(() => { const el = document.querySelector('.mg-article-scroll'); el.scrollTop = 0; return { scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }; })()",
  )) as { scrollHeight: number; clientHeight: number };
  await page.waitForTimeout(300);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

  // 1. Wheel scrolling, as a person flicks through the text.
  const wheelSteps = options.smoke ? 5 : 150;
  await benchCall(page, 'startFrames');
  const tWheel = await now();
  for (let i = 0; i < wheelSteps; i++) {
    await page.mouse.wheel(0, 1000);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(300);
  const tJump = await now();
  const wheelFrames = (await benchCall(page, 'stopFrames')) as { frames: number; gaps: number[] };
  // 2. Jumps, as dragging the scroll bar does.
  const jumps = options.smoke ? 3 : 20;
  await benchCall(page, 'startFrames');
  for (let j = 0; j < jumps; j++) {
    const f = (j * 7919) % jumps / jumps;
    await page.evaluate(
      `(async () => { const el = document.querySelector('.mg-article-scroll'); el.scrollTop = ${f} * (el.scrollHeight - el.clientHeight); await window.__bench.raf(); await window.__bench.raf(); await window.__bench.sleep(50); })()`,
    );
  }
  const tSelect = await now();
  const jumpFrames = (await benchCall(page, 'stopFrames')) as { frames: number; gaps: number[] };
  // 3. Mouse selections of a few words where the view is.
  const selections = options.smoke ? 2 : 8;
  await benchCall(page, 'startFrames');
  for (let s = 0; s < selections; s++) {
    const rect = (await page.evaluate(`(() => {
      const el = document.querySelector('.mg-article-scroll');
      el.scrollTop = ${(s + 0.5) / selections} * (el.scrollHeight - el.clientHeight);
      const r = el.getBoundingClientRect();
      for (let dy = 0; dy < r.height / 2; dy += 20) {
        const pos = document.caretPositionFromPoint(r.left + r.width / 2, r.top + r.height / 2 + dy);
        if (!pos || pos.offsetNode.nodeType !== Node.TEXT_NODE) continue;
        const text = pos.offsetNode.data;
        const re = /[\\p{L}\\p{N}]{3,}(?:\\s+[\\p{L}\\p{N}]{3,}){0,2}/gu;
        let m;
        while ((m = re.exec(text))) {
          if (m.index + m[0].length < pos.offset) continue;
          const range = document.createRange();
          range.setStart(pos.offsetNode, m.index);
          range.setEnd(pos.offsetNode, m.index + m[0].length);
          const rects = range.getClientRects();
          const a = rects[0], b = rects[rects.length - 1];
          if (!a || !b) break;
          return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
        }
      }
      return null;
    })()`)) as { x1: number; y1: number; x2: number; y2: number } | null;
    if (!rect) continue;
    await page.waitForTimeout(100);
    await page.mouse.move(rect.x1, rect.y1);
    await page.mouse.down();
    await page.mouse.move((rect.x1 + rect.x2) / 2, rect.y2, { steps: 4 });
    await page.mouse.move(rect.x2, rect.y2, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(150);
    await page.keyboard.press('Escape');
  }
  await page.waitForTimeout(300);
  const tEnd = await now();
  const selectFrames = (await benchCall(page, 'stopFrames')) as { frames: number; gaps: number[] };
  const lf = async (a: number, b: number) => loafSummary((await page.evaluate(`window.__bench.longFramesBetween(${a}, ${b})`)) as LongFrame[]);
  const wheelLong = await lf(tWheel, tJump);
  const jumpLong = await lf(tJump, tSelect);
  const selectLong = await lf(tSelect, tEnd);
  const gapsOver = (g: number[]) => g.filter((x) => x > 50).length;
  const scrollLong = wheelLong.count + jumpLong.count;
  metric({
    id: 'scroll.long-frames',
    name: `Long animation frames (> 50 ms) while scrolling the long article (${wheelSteps} wheel steps, ${jumps} jumps)`,
    value: scrollLong,
    unit: 'frames',
    target: '0 (smooth)',
    pass: scrollLong === 0,
    note: `worst ${Math.max(wheelLong.maxMs, jumpLong.maxMs)} ms; rAF gaps > 50 ms: ${gapsOver(wheelFrames.gaps) + gapsOver(jumpFrames.gaps)} of ${wheelFrames.frames + jumpFrames.frames} frames`,
  });
  metric({
    id: 'select.long-frames',
    name: `Long animation frames (> 50 ms) during ${selections} mouse selections in the long article`,
    value: selectLong.count,
    unit: 'frames',
    target: '0 (smooth)',
    pass: selectLong.count === 0,
    note: `worst ${selectLong.maxMs} ms`,
  });

  // Tagging in the long article: every change repaints all its highlights.
  const cdp = await cpuSession(page);
  const results: TagResult[] = [];
  for (let k = 0; k < options.bigTags; k++) results.push(await tagOnce(page, k, options.bigTags, true, cdp));
  await cdp.detach();
  const f = tagFigures(results);
  metric({
    id: 'tag-long.paint.p50',
    name: `Select + hotkey to highlight painted in the long article (${data.big.annotations} annotations), median of ${f.completed}`,
    value: f.paintMs.p50,
    unit: 'ms',
    target: null,
    pass: null,
    note: `max ${f.paintMs.max} ms; renderer CPU per tag ${f.cpuMs.p50} ms (autosave included); save round trip ${f.saveRequestMs.p50} ms`,
  });
  details.scroll = {
    geometry,
    waitedForLinesMs,
    wheel: { steps: wheelSteps, deltaPx: 1000, longFrames: wheelLong, frames: wheelFrames.frames, gapsOver50: gapsOver(wheelFrames.gaps), maxGapMs: round(Math.max(0, ...wheelFrames.gaps)) },
    jumps: { count: jumps, longFrames: jumpLong, frames: jumpFrames.frames, gapsOver50: gapsOver(jumpFrames.gaps), maxGapMs: round(Math.max(0, ...jumpFrames.gaps)) },
    selections: { count: selections, longFrames: selectLong, frames: selectFrames.frames, gapsOver50: gapsOver(selectFrames.gaps), maxGapMs: round(Math.max(0, ...selectFrames.gaps)) },
  };
  details.tagLong = { figures: f, results };
  if (options.profile) {
    const n = options.smoke ? 1 : 3;
    details.tagLongProfile = {
      note: `More tags (${n}) in the long article with the sampling profiler and a trace on; includes their saves.`,
      ...(await profiledTags(ctx, page, 'tag-long', options.bigTags, n, false, 800)),
    };
  }
}
