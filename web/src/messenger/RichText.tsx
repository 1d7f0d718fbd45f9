/**
 * A message's text as React nodes: links made clickable, @mentions of known people highlighted,
 * everything else plain text (React escapes it — never innerHTML).
 */
import { Fragment, type ReactNode } from 'react';

const URL_RE = /\b((?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]}])/gi;

export interface MentionName {
  userId: string;
  name: string;
}

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function linkHref(raw: string): string | null {
  const href = raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw;
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function withMentions(text: string, mentions: MentionName[], me: string, keyBase: string): ReactNode[] {
  const names = mentions.filter((m) => m.name.trim()).sort((a, b) => b.name.length - a.name.length);
  if (names.length === 0) return [text];
  const re = new RegExp(`@(${names.map((n) => escapeRe(n.name)).join('|')})`, 'g');
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    const who = names.find((n) => n.name === m[1]);
    out.push(
      <span
        key={`${keyBase}-m${at}`}
        className="msg-mention"
        data-me={who?.userId === me ? 'true' : undefined}
        data-testid="mention"
      >
        {m[0]}
      </span>,
    );
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function RichText({ text, mentions = [], me = '' }: { text: string; mentions?: MentionName[]; me?: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const at = m.index;
    if (at > last) parts.push(...withMentions(text.slice(last, at), mentions, me, `t${last}`));
    const href = linkHref(m[0]);
    parts.push(
      href ? (
        <a key={`u${at}`} href={href} target="_blank" rel="noopener noreferrer nofollow" className="msg-link">
          {m[0]}
        </a>
      ) : (
        m[0]
      ),
    );
    last = at + m[0].length;
  }
  if (last < text.length) parts.push(...withMentions(text.slice(last), mentions, me, `t${last}`));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}
