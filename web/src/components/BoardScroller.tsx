/**
 * A board whose columns scroll sideways inside it (never the page), with a scrollbar that is always drawn
 * and a shadow on each edge that hides columns: at 1280 px the task Kanban showed 4 of 5 columns and the
 * deals board 4 of 7, and nothing said more were there. The scrolling box takes keyboard focus, so the
 * arrow keys scroll it.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { scrollEdges, type ScrollEdges } from './board-scroll';
import './board-scroller.css';

export function BoardScroller({
  className,
  testId,
  label,
  children,
}: {
  /** The board's own layout class (columns in a row). */
  className: string;
  testId: string;
  label: string;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<ScrollEdges>({ before: false, after: false });
  const measure = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const next = scrollEdges(el);
    setEdges((prev) => (prev.before === next.before && prev.after === next.after ? prev : next));
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    measure();
    // columns load, cards arrive, the window narrows: the hidden part changes without a scroll
    const resized = new ResizeObserver(measure);
    resized.observe(el);
    for (const child of Array.from(el.children)) resized.observe(child);
    const added = new MutationObserver(() => {
      for (const child of Array.from(el.children)) resized.observe(child);
      measure();
    });
    added.observe(el, { childList: true });
    return () => {
      resized.disconnect();
      added.disconnect();
    };
  }, [measure]);

  return (
    <div
      className="board-scroller"
      data-more-before={edges.before || undefined}
      data-more-after={edges.after || undefined}
      data-testid={`${testId}-scroller`}
    >
      <div
        ref={box}
        className={`board-scroller-box ${className}`}
        data-testid={testId}
        role="region"
        aria-label={label}
        tabIndex={0}
        onScroll={measure}
      >
        {children}
      </div>
    </div>
  );
}
