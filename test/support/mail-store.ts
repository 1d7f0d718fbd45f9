/**
 * The local SES store (aws-ses-v2-local's `GET /store?since=`): the e-mails the portal really sent,
 * read by integration and e2e tests the way a person reads their inbox.
 */
import { itStack } from './local-stack-client';

export interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
  at?: number;
}

/** Every e-mail to `address` sent since `since` (epoch seconds), oldest first. */
export async function mailsTo(address: string, since: number): Promise<StoredMail[]> {
  const res = await fetch(`${itStack().urls.mail.replace(/\/+$/, '')}/store?since=${since}`);
  const { emails } = (await res.json()) as { emails: StoredMail[] };
  return emails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));
}

/** Waits (polling) for an e-mail to `address` that `match` accepts; the oldest such, or the newest with `newest`. */
export async function waitForMail(
  address: string,
  since: number,
  opts: { match?: (m: StoredMail) => boolean; newest?: boolean; timeoutMs?: number } = {},
): Promise<StoredMail> {
  const until = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const mine = (await mailsTo(address, since)).filter(opts.match ?? (() => true));
    const m = opts.newest ? mine.at(-1) : mine[0];
    if (m) return m;
    if (Date.now() > until) throw new Error(`no e-mail to ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The portal link `<origin><path>?token=<43 chars>` in an e-mail's text part, with its token. */
export function linkIn(mail: StoredMail | undefined, path: string): { url: string; token: string } | undefined {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(https?://\\S+${escaped}\\?token=([A-Za-z0-9_-]{43}))`).exec(mail?.body.text ?? '');
  return m?.[1] && m[2] ? { url: m[1], token: m[2] } : undefined;
}
