/**
 * Sends the product's own e-mails through SES (the local stack's aws-ses-v2-local in development):
 * the same code and templates in the cloud and locally.
 */
import type { RenderedMail } from './layout';

// The SES SDK is loaded on the first e-mail, not at cold start: most invocations of a mailing feature send none.
const loadSes = () => Promise.all([import('@aws-sdk/client-ses'), import('../aws/ses-client')]);

export async function sendMail(to: string, mail: RenderedMail): Promise<string | undefined> {
  const from = process.env.MAIL_FROM;
  if (!from) throw new Error('MAIL_FROM is not set');
  const [{ SendEmailCommand }, { sesClient }] = await loadSes();
  const out = await sesClient().send(
    new SendEmailCommand({
      Source: from,
      Destination: { ToAddresses: [to] },
      Message: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
      },
      ...(process.env.SES_CONFIGURATION_SET ? { ConfigurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
    }),
  );
  return out.MessageId;
}
