import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { EmailText } from '../../web/src/components/EmailText';
import { emailGroups } from '../../web/src/components/email-breaks';

describe('emailGroups: where an e-mail address may wrap', () => {
  it('the local part with its @, then the domain; dots start the pieces inside each', () => {
    expect(emailGroups('ana.popescu@example.com')).toEqual([
      ['ana', '.popescu@'],
      ['example', '.com'],
    ]);
    expect(emailGroups('x@mail.example.co.uk')).toEqual([['x@'], ['mail', '.example', '.co', '.uk']]);
  });

  it('never splits inside a word: every piece ends at an @, before a dot, or at the end', () => {
    for (const email of ['ana.popescu@example.com', 'e2e-col-c7eaa97b@example.com', 'a..b@c.d'])
      for (const piece of emailGroups(email).flat()) expect(piece).toMatch(/^\.?[^.]*$/);
  });

  it('keeps every character, in order', () => {
    for (const email of ['ana.popescu@example.com', 'a..b@c', '.lead@x.', 'odd@name@example.com', 'plain', ''])
      expect(emailGroups(email).flat().join('')).toBe(email);
  });

  it('an address without @ is one group; an empty one has none', () => {
    expect(emailGroups('localhost')).toEqual([['localhost']]);
    expect(emailGroups('')).toEqual([]);
  });
});

describe('EmailText: a record without an address', () => {
  // CRM records may have no e-mail (a lead with only a phone). Before EmailText took a missing address, the leads
  // list threw on such a row while "save anyway" navigated to the new lead: React's recoverable error #520 (crm e2e).
  // (Only the empty case renders here: the unit project compiles JSX for the classic runtime, without React in scope.)
  it('renders nothing for a missing address instead of throwing', () => {
    for (const email of [null, undefined, ''])
      expect(renderToStaticMarkup(createElement(EmailText, { email }))).toBe('');
  });
});
