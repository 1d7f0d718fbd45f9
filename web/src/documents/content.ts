/**
 * Document content in the browser: sanitising (DOMPurify, an allow-list — stored HTML and rendered Markdown
 * are never shown raw), Markdown → safe HTML (marked, then the same sanitiser), rich text → plain text for
 * diffs (one line per block, list items marked), and rich text → top-level blocks for the three-way merge.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'span',
  'sub',
  'sup',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];
const ALLOWED_ATTR = ['href', 'start', 'align', 'colspan', 'rowspan'];

let purify: typeof DOMPurify | undefined;
function purifier(): typeof DOMPurify {
  if (!purify) {
    // an instance of our own: hooks do not leak into other features' sanitisers
    purify = DOMPurify(window);
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:|#)/i.test(href)) node.removeAttribute('href');
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
  }
  return purify;
}

export function sanitizeDocHtml(html: string): string {
  return purifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
  });
}

/** Markdown → sanitised HTML (raw HTML inside the Markdown goes through the same allow-list). */
export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false, gfm: true, breaks: false });
  return sanitizeDocHtml(html);
}

const BLOCK = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'TR',
  'HR',
  'DIV',
  'TABLE',
  'UL',
  'OL',
]);

/** Rich text → text with one line per block (headings and list items marked), for word/line diffs. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(sanitizeDocHtml(html), 'text/html');
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    if (line.trim() !== '') lines.push(line.replace(/\s+$/, ''));
    line = '';
  };
  const walk = (node: Node, depth: number) => {
    if (node.nodeType === Node.TEXT_NODE) {
      line += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (!(node instanceof Element)) return;
    const tag = node.tagName;
    if (tag === 'BR') {
      flush();
      return;
    }
    if (tag === 'HR') {
      flush();
      lines.push('———');
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    if (/^H[1-6]$/.test(tag)) line += `${'#'.repeat(Number(tag[1]))} `;
    if (tag === 'LI')
      line += `${'  '.repeat(Math.max(0, depth - 1))}${node.parentElement?.tagName === 'OL' ? `${indexIn(node)}.` : '•'} `;
    if (tag === 'BLOCKQUOTE') line += '> ';
    const nextDepth = tag === 'UL' || tag === 'OL' ? depth + 1 : depth;
    node.childNodes.forEach((c) => walk(c, nextDepth));
    if (block) flush();
  };
  doc.body.childNodes.forEach((c) => walk(c, 0));
  flush();
  return lines.join('\n');
}

function indexIn(li: Element): number {
  const start = Number(li.parentElement?.getAttribute('start') ?? '1') || 1;
  return start + Array.prototype.indexOf.call(li.parentElement?.children ?? [], li);
}

/** Rich text → its top-level blocks as HTML strings (the "lines" of the rich-text merge). */
export function htmlBlocks(html: string): string[] {
  const doc = new DOMParser().parseFromString(sanitizeDocHtml(html), 'text/html');
  const out: string[] = [];
  doc.body.childNodes.forEach((n) => {
    if (n instanceof Element) out.push(n.outerHTML);
    else if (n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')
      out.push(`<p>${escapeHtml(n.textContent ?? '')}</p>`);
  });
  return out;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** True when rich text has no words (an empty editor gives `<p></p>`). */
export function isBlankHtml(html: string): boolean {
  return htmlToText(html).trim() === '';
}
