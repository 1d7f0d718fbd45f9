/**
 * The raw MIME message of an e-mail with a PDF attached (shared/mail/raw.ts), read back part by part: the attachment
 * part (application/pdf, attachment disposition, the file name, base64 that decodes to the same bytes), a UTF-8
 * encoded-word subject with Romanian letters, text and HTML alternatives, the SES SendRawEmail call, the 10 MB guard.
 */
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { buildRawMail, MailTooLargeError, sendRawMail } from '../../../shared/mail/raw';

const ses = mockClient(SESClient);
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)),
  Buffer.from('\n%%EOF'),
]);

interface Part {
  headers: Record<string, string>;
  body: string;
}
/** Unfolds headers and splits a (possibly nested) multipart message into its leaf parts. */
function parse(raw: string): { headers: Record<string, string>; leaves: Part[] } {
  const split = (s: string): Part => {
    const at = s.indexOf('\r\n\r\n');
    const head = s.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    return { headers, body: s.slice(at + 4) };
  };
  const leaves: Part[] = [];
  const walk = (p: Part) => {
    const b = /boundary="?([^";]+)"?/.exec(p.headers['content-type'] ?? '')?.[1];
    if (!b) return void leaves.push(p);
    const chunks = p.body.split(`--${b}`).slice(1, -1);
    for (const c of chunks) walk(split(c.replace(/^\r\n/, '')));
  };
  const top = split(raw);
  walk(top);
  return { headers: top.headers, leaves };
}
const decodeWords = (s: string) =>
  s.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

beforeEach(() => {
  ses.reset();
  process.env.MAIL_FROM = 'Portal <no-reply@portal.test>';
  delete process.env.SES_CONFIGURATION_SET;
});

it('builds multipart/mixed with text+html alternatives and a base64 application/pdf attachment', async () => {
  const raw = (
    await buildRawMail(
      {
        to: ['ana@client.ro'],
        cc: ['contabil@client.ro'],
        replyTo: 'vanzari@firma.ro',
        subject: 'Factură INV2026-000001 de la Ștefănescu Țesături',
        text: 'Bună ziua,\nvă trimitem factura.',
        html: '<p>Bună ziua,</p><p>vă trimitem factura.</p>',
        attachments: [{ filename: 'INV2026-000001.pdf', content: PDF, contentType: 'application/pdf' }],
      },
      'Portal <no-reply@portal.test>',
    )
  ).toString('latin1');
  const { headers, leaves } = parse(raw);
  expect(headers['content-type']).toMatch(/^multipart\/mixed/);
  expect(headers.to).toBe('ana@client.ro');
  expect(headers.cc).toBe('contabil@client.ro');
  expect(headers['reply-to']).toBe('vanzari@firma.ro');
  // The subject is an RFC 2047 encoded word (not raw 8-bit) and decodes to the Romanian text.
  expect(headers.subject).toMatch(/=\?UTF-8\?[BQ]\?/i);
  expect(decodeWords(headers.subject!)).toBe('Factură INV2026-000001 de la Ștefănescu Țesături');
  expect(/^[\x20-\x7e\r\n\t]*$/.test(raw.slice(0, raw.indexOf('\r\n\r\n')))).toBe(true);

  const text = leaves.find((p) => p.headers['content-type']?.startsWith('text/plain'));
  const html = leaves.find((p) => p.headers['content-type']?.startsWith('text/html'));
  expect(text).toBeDefined();
  expect(html).toBeDefined();
  const pdf = leaves.find((p) => p.headers['content-type']?.startsWith('application/pdf'));
  expect(pdf).toBeDefined();
  expect(pdf!.headers['content-disposition']).toMatch(/^attachment;\s*filename="?INV2026-000001\.pdf"?/);
  expect(pdf!.headers['content-transfer-encoding']).toBe('base64');
  // Base64 lines are folded at ≤ 76 characters and decode to the very bytes given.
  expect(
    pdf!.body
      .trim()
      .split('\r\n')
      .every((l) => l.length <= 76),
  ).toBe(true);
  expect(Buffer.from(pdf!.body.replace(/\s+/g, ''), 'base64').equals(PDF)).toBe(true);
});

it('encodes a file name with diacritics (RFC 2231 / encoded word) rather than sending 8-bit headers', async () => {
  const raw = (
    await buildRawMail(
      {
        to: ['a@b.ro'],
        subject: 'x',
        text: 'x',
        html: '<p>x</p>',
        attachments: [{ filename: 'Ofertă-Ștefan.pdf', content: PDF, contentType: 'application/pdf' }],
      },
      'p@portal.test',
    )
  ).toString('latin1');
  const pdf = parse(raw).leaves.find((p) => p.headers['content-type']?.startsWith('application/pdf'))!;
  const disposition = pdf.headers['content-disposition']!;
  expect(/^[\x20-\x7e]*$/.test(disposition)).toBe(true);
  const star = /filename\*(?:0\*)?=utf-8''([^;]+)/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : decodeWords(/filename="([^"]+)"/.exec(disposition)?.[1] ?? '');
  expect(name).toBe('Ofertă-Ștefan.pdf');
});

it('sends through SES v1 SendRawEmail with every recipient and the configuration set', async () => {
  process.env.SES_CONFIGURATION_SET = 'portal-mail';
  ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
  const id = await sendRawMail({
    to: ['ana@client.ro', 'ion@client.ro'],
    cc: ['c@client.ro'],
    subject: 'S',
    text: 'T',
    html: '<p>T</p>',
    attachments: [{ filename: 'a.pdf', content: PDF, contentType: 'application/pdf' }],
  });
  expect(id).toBe('m-1');
  const input = ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input;
  expect(input.Source).toBe('Portal <no-reply@portal.test>');
  expect(input.Destinations).toEqual(['ana@client.ro', 'ion@client.ro', 'c@client.ro']);
  expect(input.ConfigurationSetName).toBe('portal-mail');
  const raw = Buffer.from(input.RawMessage!.Data!).toString('latin1');
  expect(raw).toContain('From: Portal <no-reply@portal.test>');
  expect(raw).toContain('application/pdf');
});

it('refuses a message over SES v1 limit of 10 MB before calling SES', async () => {
  ses.on(SendRawEmailCommand).resolves({ MessageId: 'never' });
  const big = Buffer.alloc(8 * 1024 * 1024, 7); // 8 MB → ~10.8 MB once base64-encoded
  await expect(
    sendRawMail({
      to: ['a@b.ro'],
      subject: 'S',
      text: 'T',
      html: 'T',
      attachments: [{ filename: 'big.pdf', content: big, contentType: 'application/pdf' }],
    }),
  ).rejects.toBeInstanceOf(MailTooLargeError);
  expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
});
