/**
 * Stored rich text (descriptions, comments). The server sanitises it when it is written; the client
 * sanitises it again before rendering (DOMPurify, a small allow-list, links forced to open safely), so
 * a stored value is never rendered as raw user HTML.
 */
import DOMPurify from 'dompurify';
import { useMemo } from 'react';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h2',
  'h3',
  'h4',
  'hr',
  'span',
];
const ALLOWED_ATTR = ['href', 'data-mention', 'data-user-id'];

let hooked = false;
function purifier() {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

export function sanitizeHtml(html: string): string {
  return purifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
  });
}

export function SafeHtml({ html, testId, className }: { html: string; testId?: string; className?: string }) {
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  return (
    <div className={`task-rich ${className ?? ''}`} data-testid={testId} dangerouslySetInnerHTML={{ __html: clean }} />
  );
}
