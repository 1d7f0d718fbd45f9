/** The document editor's pure helpers: three-way merge (nobody's text is lost) and the word/line diff counts. */
import { byteSize, compare, diff3, mergeLines, mergeUnits } from '../../web/src/documents/merge';

describe('mergeLines (Markdown: line by line from the common base)', () => {
  const base = ['# Plan', '', 'Intro line', 'Middle line', 'Last line'].join('\n');

  it('combines changes to different places from both sides', () => {
    const mine = base.replace('Intro line', 'Intro line, edited by me');
    const theirs = base.replace('Last line', 'Last line, edited by them');
    const r = mergeLines(base, mine, theirs);
    expect(r.conflicts).toBe(0);
    expect(r.autoMerged).toBe(2);
    expect(r.text).toBe(
      ['# Plan', '', 'Intro line, edited by me', 'Middle line', 'Last line, edited by them'].join('\n'),
    );
  });

  it('keeps both texts, mine first, where both changed the same place differently', () => {
    const mine = base.replace('Middle line', 'Middle — mine');
    const theirs = base.replace('Middle line', 'Middle — theirs');
    const r = mergeLines(base, mine, theirs);
    expect(r.conflicts).toBe(1);
    expect(r.text.split('\n')).toEqual(['# Plan', '', 'Intro line', 'Middle — mine', 'Middle — theirs', 'Last line']);
  });

  it('takes an identical change once, and insertions at both ends from both sides', () => {
    const mine = `Top by me\n${base.replace('Intro line', 'Same fix')}`;
    const theirs = `${base.replace('Intro line', 'Same fix')}\nBottom by them`;
    const r = mergeLines(base, mine, theirs);
    expect(r.conflicts).toBe(0);
    expect(r.text.split('\n')).toEqual([
      'Top by me',
      '# Plan',
      '',
      'Same fix',
      'Middle line',
      'Last line',
      'Bottom by them',
    ]);
  });

  it('one side deleting a line the other left alone deletes it; deleting one the other changed keeps the change', () => {
    const mine = base.replace('Intro line\n', '');
    expect(mergeLines(base, mine, base).text).not.toContain('Intro line');
    const theirs = base.replace('Intro line', 'Intro line, reworded');
    const r = mergeLines(base, mine, theirs);
    expect(r.conflicts).toBe(1);
    expect(r.text).toContain('Intro line, reworded');
  });

  it('both inserting different text at the same spot keeps both', () => {
    const mine = base.replace('Middle line', 'Middle line\nMy new line');
    const theirs = base.replace('Middle line', 'Middle line\nTheir new line');
    const r = mergeLines(base, mine, theirs);
    expect(r.conflicts).toBe(1);
    expect(r.text.split('\n')).toEqual([
      '# Plan',
      '',
      'Intro line',
      'Middle line',
      'My new line',
      'Their new line',
      'Last line',
    ]);
  });

  it('inside a place both changed, lines they changed the same way are not part of the conflict', () => {
    const b = 'Alpha\nBravo\nCharlie';
    const r = mergeLines(
      b,
      'Alpha plus apples\nBravo from A\nCharlie with cherries',
      'Alpha plus apples\nBravo from B\nCharlie with cherries',
    );
    expect(r.conflicts).toBe(1);
    expect(r.text).toBe('Alpha plus apples\nBravo from A\nBravo from B\nCharlie with cherries');
  });

  it('every word of both sides survives a merge of unrelated rewrites', () => {
    const mine = 'alpha mine\nbeta\ngamma mine';
    const theirs = 'alpha theirs\nbeta theirs\ngamma';
    const r = mergeLines('alpha\nbeta\ngamma', mine, theirs);
    for (const w of ['alpha mine', 'alpha theirs', 'beta theirs', 'gamma mine']) expect(r.text).toContain(w);
  });
});

describe('diff3 / mergeUnits (rich text: top-level blocks)', () => {
  it('labels who changed what', () => {
    const base = ['<p>a</p>', '<p>b</p>', '<p>c</p>'];
    const chunks = diff3(base, ['<p>A</p>', '<p>b</p>', '<p>c</p>'], ['<p>a</p>', '<p>b</p>', '<p>C</p>']);
    expect(chunks.map((c) => c.kind)).toEqual(['mine', 'same', 'theirs']);
    expect(mergeUnits(base, ['<p>A</p>', '<p>b</p>', '<p>c</p>'], ['<p>a</p>', '<p>b</p>', '<p>C</p>']).units).toEqual([
      '<p>A</p>',
      '<p>b</p>',
      '<p>C</p>',
    ]);
  });

  it('from an empty base, two different texts are both kept', () => {
    const r = mergeUnits([], ['<p>mine</p>'], ['<p>theirs</p>']);
    expect(r).toEqual({ units: ['<p>mine</p>', '<p>theirs</p>'], conflicts: 1, autoMerged: 0 });
  });

  it('no change on either side is the base itself', () => {
    expect(mergeUnits(['x', 'y'], ['x', 'y'], ['x', 'y'])).toEqual({ units: ['x', 'y'], conflicts: 0, autoMerged: 0 });
  });
});

describe('compare (the diff view counts)', () => {
  it('counts words added and removed', () => {
    const c = compare('The quick brown fox', 'The slow brown fox jumps', 'words');
    expect(c.removed).toBe(1);
    expect(c.added).toBe(2);
    expect(c.changes.filter((x) => x.removed).map((x) => x.value.trim())).toEqual(['quick']);
  });

  it('counts lines in line mode, and nothing for equal texts', () => {
    const c = compare('one\ntwo\nthree\n', 'one\n2\nthree\nfour\n', 'lines');
    expect(c.removed).toBe(1);
    expect(c.added).toBe(2);
    expect(compare('same', 'same', 'words')).toMatchObject({ added: 0, removed: 0 });
  });

  it('sizes are UTF-8 bytes', () => {
    expect(byteSize('ăîș')).toBe(6);
  });
});
