// The page the app is compared with (sections `open` and `tag`): the same text
// and spans painted with plain DOM by the bench, nothing of the app's code.
import type { LabelSchemaFile } from '../../app/label-schema';
import { colourRules, highlightRules, labelInfos } from '../../renderer/src/editor/labels';

/** The page the app is compared with: the same text and spans painted with plain DOM, nothing else. */
export function bareHtml(options: {
  cssHref: string;
  path: string;
  variant: 'highlights' | 'marks';
  preload: boolean;
  schema: LabelSchemaFile;
  /**
   * The floor of a tag (section `tag`): the app's own ::highlight rules and highlight names (so the spans
   * paint as in the app), and a keydown on a label's digit that adds a range for the selection to its
   * label's highlight, synchronously, and does nothing else.
   */
  tagKeys?: boolean;
  /** False: the text alone, none of the document's spans registered (the tag's absolute floor); true by default. */
  registerSpans?: boolean;
}): string {
  const labels = [
    ...options.schema.entityLabels.map((l) => ({ ...l, type: 'entity' })),
    ...options.schema.claimLabels.map((l) => ({ ...l, type: 'claim' })),
  ].map((l, slot) => ({ name: l.name, colour: l.colour, slot, type: l.type }));
  // Without tagKeys the highlights carry no ::highlight rule and paint nothing: the open section's baseline as it was measured.
  const labelCss = options.tagKeys ? (() => {
    const infos = labelInfos(options.schema);
    return [...colourRules(infos), ...highlightRules(infos)].join('\n');
  })() : '';
  const marksCss = labels
    .map((l) => `mark.bm-${l.slot} { background-color: var(--mg-label-${l.slot}-bg); text-decoration: underline 2px var(--mg-label-${l.slot}); text-underline-offset: 3px; color: inherit; }`)
    .join('\n');
  const config = JSON.stringify({ path: options.path, variant: options.variant, preload: options.preload, labels, tagKeys: options.tagKeys ?? false, registerSpans: options.registerSpans ?? true });
  // The layout copies the app's: a 260 px list, the article column, a 300 px panel,
  // and the app's own stylesheet for the article, its lines and ::highlight(mg-N).
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare DOM</title>
<link rel="stylesheet" href="${options.cssHref}">
<style>
.bare { display: grid; grid-template-columns: 260px minmax(0, 1fr) 300px; height: 100vh; }
.bare main { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
${marksCss}
${labelCss}
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
  const labelOf = new Map(config.labels.map((l) => [l.name, l]));
  // The app's highlight names (renderer/src/editor/plugins/HighlightPlugin): claims have their own.
  const highlightName = (label) => {
    const l = labelOf.get(label);
    return config.tagKeys && l && l.type === 'claim' ? 'mg-c' + l.slot : 'mg-' + (l ? l.slot : 0);
  };
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
      const name = highlightName(a.label);
      let list = slots.get(name);
      if (!list) slots.set(name, (list = []));
      list.push(new StaticRange({ startContainer: sn, startOffset: so, endContainer: en, endOffset: eo }));
    }
    CSS.highlights.clear();
    if (!config.registerSpans) return;
    for (const [name, ranges] of slots) CSS.highlights.set(name, new Highlight(...ranges));
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
  if (config.tagKeys) {
    // A label's digit: the selection's range joins its label's highlight, in the keydown itself; nothing else.
    window.addEventListener('keydown', (e) => {
      const l = config.labels[Number(e.key) - 1];
      const sel = window.getSelection();
      if (!l || !/^[1-9]$/.test(e.key) || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const r = sel.getRangeAt(0);
      const range = new StaticRange({ startContainer: r.startContainer, startOffset: r.startOffset, endContainer: r.endContainer, endOffset: r.endOffset });
      const name = highlightName(l.name);
      const h = CSS.highlights.get(name);
      if (h) h.add(range);
      else CSS.highlights.set(name, new Highlight(range));
      e.preventDefault();
    });
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
