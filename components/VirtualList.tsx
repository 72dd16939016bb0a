import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  /** Every row has this height in CSS pixels: what makes windowing exact and cheap. */
  rowHeight: number;
  label: string;
  /** Called with the rows that should be on screen (with some spare above and below), to load them. */
  onRange(start: number, end: number): void;
  renderRow(index: number): ComponentChildren;
  /** Rows drawn beyond the visible ones, so a fast scroll rarely shows a placeholder. */
  overscan?: number;
}

/**
 * A list that draws only the rows in view: 100,000 people scroll like 50.
 * The scroll container is as tall as all rows would be; the drawn rows sit
 * at their place in it. Screen readers get each row's position in the whole
 * list (aria-setsize / aria-posinset).
 */
export function VirtualList({ count, rowHeight, label, onRange, renderRow, overscan = 10 }: VirtualListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new list (another search or sort) starts at the top.
  useEffect(() => {
    if (box.current && box.current.scrollTop > count * rowHeight) box.current.scrollTop = 0;
  }, [count, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  useEffect(() => onRange(first, last), [first, last, count]);

  const onScroll = () => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (box.current) setScrollTop(box.current.scrollTop);
    });
  };

  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} role="listitem" aria-setsize={count} aria-posinset={i + 1} class="vrow" style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={box} class="vlist" onScroll={onScroll} tabIndex={-1}>
      <div role="list" aria-label={label} class="vlist-inner" style={{ height: `${count * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
