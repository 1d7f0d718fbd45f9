/**
 * Sending a quote or an invoice: a draft invoice is issued first (number + stored PDF), a draft quote is frozen
 * (seller details, date) and its PDF stored; the e-mail goes through SES SendRawEmail with the PDF attached
 * (shared/mail/raw.ts), in the document's language, replies to the sender; then ONE transaction records it:
 * status sent (an invoice already paid stays paid), sentAt, sentTo, and `email` + `document` activities on the deal.
 */
import { transaction } from '../../shared/data/transaction';
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { formatMinor } from '../../shared/crm/money';
import type { DocStatus, DocType, DocumentView, SendDocBody } from '../../shared/crm/documents-contract';
import type { Visibility } from '../../shared/crm/policy';
import { CRM_COMMIT, activityPut } from '../../shared/crm/records';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, UnprocessableError } from '../../shared/http/errors';
import { renderMail } from '../../shared/mail/layout';
import { MailTooLargeError, sendRawMail } from '../../shared/mail/raw';
import { docView, docWriteItems, readDoc, sellerOf, type DocItem } from './doc-entity';
import { badStatus, dealRef, docActivity, issueDraft, load, stale } from './doc-service';
import { pdfFileName, storeIssuedPdf } from './pdf-store';
import { noSellerName } from './seller';

const SENDABLE: Record<DocType, DocStatus[]> = {
  invoice: ['draft', 'issued', 'sent', 'paid'],
  quote: ['draft', 'sent', 'accepted', 'declined'],
};

function mailFor(doc: DocItem, vis: Visibility, message: string | undefined) {
  const ro = doc.language === 'ro';
  const seller = doc.seller?.legalName ?? '';
  const total = formatMinor(doc.totals.total, doc.currency, doc.language);
  const due = doc.dueDate ? (ro ? doc.dueDate.split('-').reverse().join('.') : doc.dueDate) : null;
  const what = doc.type === 'invoice' ? (ro ? 'Factura' : 'Invoice') : ro ? 'Oferta' : 'Quote';
  const subject = `${what} ${doc.number} ${ro ? 'de la' : 'from'} ${seller}`.trim();
  const line =
    doc.type === 'invoice'
      ? ro
        ? `Vă transmitem atașat factura ${doc.number} în valoare de ${total}${due ? `, cu scadența ${due}` : ''}.`
        : `Please find attached invoice ${doc.number} for ${total}${due ? `, due on ${due}` : ''}.`
      : ro
        ? `Vă transmitem atașat oferta noastră ${doc.number} în valoare de ${total}${due ? `, valabilă până la ${due}` : ''}.`
        : `Please find attached our quote ${doc.number} for ${total}${due ? `, valid until ${due}` : ''}.`;
  return renderMail({
    lang: doc.language,
    subject,
    greeting: ro ? 'Bună ziua,' : 'Hello,',
    paragraphs: [...(message ? [message] : []), line],
    signature: [vis.name, seller].filter(Boolean).join(' · '),
  });
}

export async function sendDoc(
  user: Pick<UserContext, 'sub' | 'isAdmin' | 'email'>,
  type: DocType,
  docId: string,
  body: SendDocBody,
): Promise<DocumentView> {
  const loaded = await load(user, docId, type);
  let doc = loaded.doc;
  const vis = loaded.vis;
  if (!SENDABLE[type].includes(doc.status)) throw badStatus(doc.status, `A ${doc.status} ${type} cannot be sent`);
  if (doc.version !== body.version) throw stale(doc, vis);
  const wasDraft = doc.status === 'draft';
  if (type === 'invoice' && wasDraft) doc = await issueDraft(doc, vis, body.version);
  else if (type === 'quote' && wasDraft) {
    const seller = sellerOf(doc, vis.settings);
    if (!seller.legalName) throw noSellerName('sending');
    doc = { ...doc, seller, issuedAt: new Date().toISOString() };
  }
  // A draft quote's PDF is rendered as sent (no DRAFT mark) and kept on the record only by the final write below.
  const quoteDraft = type === 'quote' && wasDraft;
  const { doc: withPdf, bytes } = await storeIssuedPdf(quoteDraft ? { ...doc, status: 'sent' } : doc, vis.settings, {
    keepOnRecord: !quoteDraft,
  });
  doc = { ...doc, pdf: withPdf.pdf };

  const mail = mailFor(doc, vis, body.message);
  try {
    await sendRawMail({
      to: body.to,
      ...(body.cc?.length ? { cc: body.cc } : {}),
      ...(user.email ? { replyTo: user.email } : {}),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: [{ filename: pdfFileName(doc), content: bytes, contentType: 'application/pdf' }],
    });
  } catch (e) {
    if (e instanceof MailTooLargeError)
      throw new AppError(413, 'PAYLOAD_TOO_LARGE', 'The PDF is too large to send by e-mail');
    if ((e as { name?: string }).name === 'MessageRejected')
      throw new UnprocessableError('The mail service refused the recipients', [
        { path: 'to', reason: 'refused by the mail service' },
      ]);
    throw e;
  }

  // Record the sending. A change made meanwhile by someone else (e.g. paid) is read again and the sending recorded
  // on top of it; a quote that was a draft must still be the same draft (its PDF shows that content).
  const recipients = [...body.to, ...(body.cc ?? [])];
  for (let attempt = 0; ; attempt++) {
    const now = new Date().toISOString();
    const status: DocStatus = doc.status === 'issued' || doc.status === 'draft' ? 'sent' : doc.status;
    const next: DocItem = {
      ...doc,
      status,
      sentAt: now,
      sentTo: recipients,
      version: doc.version + 1,
      updatedAt: now,
      lastActorId: vis.userId,
    };
    const email = activityPut({
      recordId: doc.dealId,
      activityId: ulid(Date.parse(now)),
      kind: 'email',
      by: vis.userId,
      byName: vis.name,
      at: now,
      text: mail.subject,
      meta: {
        docId: doc.id,
        docType: doc.type,
        number: doc.number ?? '',
        to: recipients.join(', '),
        subject: mail.subject,
      },
    });
    try {
      await transaction()
        .addItems(
          ...docWriteItems(doc, next, dealRef(doc), now),
          email,
          docActivity(next, vis, now, 'sent', { to: recipients.join(', ') }),
        )
        .commit(CRM_COMMIT);
      return docView(next, vis.settings);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const cur = await readDoc(doc.id, type, true);
      if (!cur || attempt >= 2 || quoteDraft || !SENDABLE[type].includes(cur.status)) throw stale(cur, vis);
      doc = { ...cur, pdf: cur.pdf ?? doc.pdf };
    }
  }
}
