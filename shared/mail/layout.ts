/**
 * The one layout of every e-mail the portal sends: a plain-text part and a simple, inline-styled HTML
 * part. Every value is escaped: names and company names come from users.
 */
import type { Language } from '../i18n/languages';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContent {
  lang: Language;
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Smaller link buttons in one row under the paragraphs (e.g. a guest's accept / maybe / decline); text: `label: url`. */
  links?: { label: string; url: string }[];
  /** Small print under the button, e.g. "The link works for 1 hour." */
  note?: string;
  signature: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Only http(s) links may become buttons. */
const safeUrl = (u: string): string => {
  const url = new URL(u);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`refusing a ${url.protocol} link in an e-mail`);
  return url.toString();
};

export function renderMail(c: MailContent): RenderedMail {
  const url = c.action ? safeUrl(c.action.url) : undefined;
  const links = (c.links ?? []).map((l) => ({ label: l.label, url: safeUrl(l.url) }));
  const text = [
    c.greeting,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...links.flatMap((l) => [`${l.label}: ${l.url}`, '']),
    ...(c.action && url ? [`${c.action.label}: ${url}`, ''] : []),
    ...(c.note ? [c.note, ''] : []),
    c.signature,
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(s)}</p>`;
  const button =
    c.action && url
      ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:#4c6ef5;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(c.action.label)}</a></p><p style="margin:0 0 16px;font-size:12px;color:#666;word-break:break-all">${escapeHtml(url)}</p>`
      : '';
  const linkRow = links.length
    ? `<p style="margin:0 0 8px">${links
        .map(
          (l) =>
            `<a href="${escapeHtml(l.url)}" style="border:1px solid #4c6ef5;color:#4c6ef5;padding:8px 14px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block;line-height:1.3;margin:0 8px 8px 0">${escapeHtml(l.label)}</a>`,
        )
        .join('')}</p>`
    : '';
  const html = `<!doctype html><html lang="${c.lang}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head><body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1a1b1e"><div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">${p(c.greeting)}${c.paragraphs.map(p).join('')}${linkRow}${button}${c.note ? `<p style="margin:0 0 16px;font-size:13px;color:#666">${escapeHtml(c.note)}</p>` : ''}${p(c.signature)}</div></body></html>`;
  return { subject: c.subject, text, html };
}
