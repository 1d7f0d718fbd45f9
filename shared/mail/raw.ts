/**
 * E-mail with attachments (quotes and invoices with their PDF): nodemailer's MailComposer builds the MIME message
 * (UTF-8 encoded-word subjects, RFC 2231 file names, base64 parts, folded lines) and SES v1 SendRawEmail sends it —
 * the same client and configuration set as ./mailer.ts (which stays the path of the plain product e-mails).
 * Locally aws-ses-v2-local parses the raw message, so its `/store` lists the attachments.
 * SES v1 refuses raw messages over 10 MB: checked before sending (413-like error for the caller to map).
 */
// nodemailer's composer and the SES SDK are loaded when a document is e-mailed, not at the feature's cold start.
const loadComposer = () => import('nodemailer/lib/mail-composer');
const loadSes = () => Promise.all([import('@aws-sdk/client-ses'), import('../aws/ses-client')]);

export interface RawAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface RawMail {
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments?: RawAttachment[];
}

/** SES v1's limit for a raw message (after base64 of the parts). */
export const RAW_MAIL_MAX_BYTES = 10 * 1024 * 1024;

export class MailTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the e-mail is ${bytes} bytes, more than SES accepts (${RAW_MAIL_MAX_BYTES})`);
    this.name = 'MailTooLargeError';
  }
}

/** The MIME message (headers + body) as sent. */
export async function buildRawMail(mail: RawMail, from: string): Promise<Buffer> {
  const { default: MailComposer } = await loadComposer();
  const composer = new MailComposer({
    from,
    to: mail.to,
    ...(mail.cc?.length ? { cc: mail.cc } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
      contentDisposition: 'attachment' as const,
    })),
  });
  return composer.compile().build();
}

/** Sends through SES (MAIL_FROM, SES_CONFIGURATION_SET as ./mailer.ts); returns the SES message id. */
export async function sendRawMail(mail: RawMail): Promise<string | undefined> {
  const from = process.env.MAIL_FROM;
  if (!from) throw new Error('MAIL_FROM is not set');
  const data = await buildRawMail(mail, from);
  if (data.length > RAW_MAIL_MAX_BYTES) throw new MailTooLargeError(data.length);
  const [{ SendRawEmailCommand }, { sesClient }] = await loadSes();
  const out = await sesClient().send(
    new SendRawEmailCommand({
      Source: from,
      Destinations: [...mail.to, ...(mail.cc ?? [])],
      RawMessage: { Data: data },
      ...(process.env.SES_CONFIGURATION_SET ? { ConfigurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
    }),
  );
  return out.MessageId;
}
