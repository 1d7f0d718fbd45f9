/**
 * The boards' edge shadows (web/src/components/board-scroll.ts): a shadow shows on each side that hides
 * columns, so "4 of 5 columns" at 1280 px says that more are there.
 */
import { scrollEdges } from '../../web/src/components/board-scroll';

// 5 columns of 260 px + gaps in a 1100 px box: about one column hidden
const box = { clientWidth: 1100, scrollWidth: 1348 };

test('at the start, a shadow on the right only', () => {
  expect(scrollEdges({ ...box, scrollLeft: 0 })).toEqual({ before: false, after: true });
});

test('part way, shadows on both sides', () => {
  expect(scrollEdges({ ...box, scrollLeft: 120 })).toEqual({ before: true, after: true });
});

test('at the end (sub-pixel short of it too), a shadow on the left only', () => {
  expect(scrollEdges({ ...box, scrollLeft: 248 })).toEqual({ before: true, after: false });
  expect(scrollEdges({ ...box, scrollLeft: 247.5 })).toEqual({ before: true, after: false });
});

test('every column in view: no shadow', () => {
  expect(scrollEdges({ clientWidth: 1400, scrollWidth: 1400, scrollLeft: 0 })).toEqual({ before: false, after: false });
  expect(scrollEdges({ clientWidth: 1400, scrollWidth: 1400.5, scrollLeft: 0 })).toEqual({
    before: false,
    after: false,
  });
});

test('right-to-left pages scroll with a negative scrollLeft', () => {
  expect(scrollEdges({ ...box, scrollLeft: 0 })).toEqual({ before: false, after: true });
  expect(scrollEdges({ ...box, scrollLeft: -248 })).toEqual({ before: true, after: false });
});
