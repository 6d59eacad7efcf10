// A list that renders only the rows in view: a document with thousands of
// annotations must not cost thousands of DOM rows on every change.
import { useEffect, useRef, useState, type ReactNode } from 'react';

export function VirtualList<T>(props: {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling box in px. */
  height: number;
  getKey(item: T): string;
  renderRow(item: T, index: number): ReactNode;
  /** Keep this row in view (the selected one). */
  scrollToIndex?: number;
  className?: string;
  label?: string;
}) {
  const { items, rowHeight, height, getKey, renderRow, scrollToIndex } = props;
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el || scrollToIndex === undefined || scrollToIndex < 0) return;
    // From the known geometry and the last scroll position: reading the box's
    // layout here would force a style pass over the whole page after every change.
    const y = scrollToIndex * rowHeight;
    const visible = Math.min(height, items.length * rowHeight);
    if (y < top) el.scrollTop = y;
    else if (y + rowHeight > top + visible) el.scrollTop = y + rowHeight - visible;
    // `top` is left out on purpose: scrolling by hand must not snap back to the selected row.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollToIndex, rowHeight, height, items.length]);
  const overscan = 8;
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((top + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i] as T;
    rows.push(
      <li key={getKey(item)} style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}>
        {renderRow(item, i)}
      </li>,
    );
  }
  return (
    <div ref={box} className={`mg-virtual ${props.className ?? ''}`} style={{ height: Math.min(height, items.length * rowHeight) }} onScroll={(e) => setTop((e.target as HTMLDivElement).scrollTop)}>
      <ol aria-label={props.label} style={{ position: 'relative', height: items.length * rowHeight, margin: 0, padding: 0, listStyle: 'none' }}>
        {rows}
      </ol>
    </div>
  );
}
