/** Whether a sideways-scrolling board has columns out of view on either side (for its edge shadows). */
export interface ScrollEdges {
  /** Columns hidden to the left (to the right in a right-to-left page). */
  before: boolean;
  /** Columns hidden to the right. */
  after: boolean;
}

/** Sub-pixel scroll positions (zoom, fractional widths) count as the edge. */
const SLACK_PX = 1;

export function scrollEdges(box: { scrollLeft: number; clientWidth: number; scrollWidth: number }): ScrollEdges {
  // right-to-left pages scroll with a negative scrollLeft
  const scrolled = Math.abs(box.scrollLeft);
  const hidden = box.scrollWidth - box.clientWidth;
  if (hidden <= SLACK_PX) return { before: false, after: false };
  return { before: scrolled > SLACK_PX, after: scrolled < hidden - SLACK_PX };
}
