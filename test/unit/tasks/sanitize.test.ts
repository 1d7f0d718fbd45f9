import { plainOf, sanitizeRichText } from '../../../functions/tasks/sanitize';

describe('task rich text sanitiser', () => {
  it('keeps what the editor makes: headings h2/h3 (typed "## "), lists, quotes, code, links and mentions', () => {
    const html =
      '<h2>Plan</h2><h3>Step</h3><p><strong>b</strong> <em>i</em> <s>s</s> <code>x</code></p><ul><li>one</li></ul><ol><li>two</li></ol>' +
      '<blockquote><p>q</p></blockquote><pre><code>c</code></pre><p><span data-mention="u1">@Ana</span></p>';
    expect(sanitizeRichText(html)).toBe(html);
  });

  it('drops scripts, handlers, styles and non-http links; links open safely in a new tab', () => {
    const out = sanitizeRichText(
      '<p onclick="x()" style="color:red">hi<script>alert(1)</script><img src=x onerror=alert(1)></p><a href="javascript:alert(1)">j</a><a href="https://e.x/a">ok</a><iframe src="https://e.x"></iframe>',
    );
    expect(out).toBe(
      '<p>hi</p><a rel="noopener noreferrer nofollow" target="_blank">j</a><a href="https://e.x/a" rel="noopener noreferrer nofollow" target="_blank">ok</a>',
    );
  });

  it('plainOf reads the text only, entities decoded and spaces collapsed', () => {
    expect(plainOf('<h2>A &amp; B</h2>\n<p>x&nbsp;&lt;y&gt;  "z"</p>')).toBe('A & B x <y> "z"');
  });
});
