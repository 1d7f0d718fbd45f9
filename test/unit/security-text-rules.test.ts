/** The shared text rules (shared/security/text-rules.ts) every contract's rich-text and name fields use. */
import { fileName, richText } from '../../shared/security/text-rules';
import { nodeName } from '../../shared/drive/contract';
import { attachmentBody } from '../../shared/messenger/contract';
import { commentBody, createTaskBody } from '../../shared/tasks/contract';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

it('rich text: C0 controls and DEL refused, raw or as numeric references; tab, newline and CR allowed', () => {
  const rich = richText(1000);
  for (const c of ['\u0000', '\u0007', '\u001b', '\u000b', '\u007f', '&#0;', '&#7;', '&#x1b;', '&#X1B;', '&#127;'])
    expect({ c, ok: ok(rich, `<p>a${c}b</p>`) }).toEqual({ c, ok: false });
  for (const c of ['\t', '\n', '\r', '&#9;', '&#10;', '&#13;', '&#32;', '&#x41;', '&amp;', 'ă'])
    expect({ c, ok: ok(rich, `<p>a${c}b</p>`) }).toEqual({ c, ok: true });
});

it('task description and comment fields use it', () => {
  expect(ok(createTaskBody, { title: 't', responsibleId: 'u1', description: '<p>\u0007</p>' })).toBe(false);
  expect(ok(createTaskBody, { title: 't', responsibleId: 'u1', description: '<p>ok\n</p>' })).toBe(true);
  expect(ok(commentBody, { text: '<p>\u001b[31m</p>' })).toBe(false);
});

it('names: bidi controls, C0/C1 controls, slashes, . and .. refused; ordinary names (diacritics, spaces, dots) pass', () => {
  const name = fileName(255);
  for (const bad of [
    'a\u202Ab',
    'a\u202Eb',
    'a\u2066b',
    'a\u2069b',
    'a\u0000',
    'a\u0085',
    '.',
    '..',
    'a/b',
    'a\\b',
    ' ',
  ])
    expect({ bad, ok: ok(name, bad) }).toEqual({ bad, ok: false });
  for (const good of ['Raport final.pdf', 'ședință v2.docx', '.env.example', '...', 'a\u200Fb'])
    expect({ good, ok: ok(name, good) }).toEqual({ good, ok: true });
  expect(ok(nodeName, 'x\u202Ey')).toBe(false);
  expect(ok(attachmentBody, { name: '..', size: 1, contentType: 'text/plain' })).toBe(false);
  expect(ok(attachmentBody, { name: 'a\u2067b', size: 1, contentType: 'text/plain' })).toBe(false);
});
