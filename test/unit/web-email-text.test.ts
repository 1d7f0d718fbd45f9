import { emailSegments } from '../../web/src/components/email-breaks';

describe('emailSegments: where an e-mail address may wrap', () => {
  it('after the @ and before each dot, never inside a word', () => {
    expect(emailSegments('ana.popescu@example.com')).toEqual(['ana', '.popescu@', 'example', '.com']);
    expect(emailSegments('x@mail.example.co.uk')).toEqual(['x@', 'mail', '.example', '.co', '.uk']);
  });

  it('keeps every character, in order', () => {
    for (const email of ['ana.popescu@example.com', 'a..b@c', '.lead@x.', 'plain', ''])
      expect(emailSegments(email).join('')).toBe(email);
  });

  it('an address without a dot or @ is one piece', () => {
    expect(emailSegments('localhost')).toEqual(['localhost']);
    expect(emailSegments('')).toEqual([]);
  });
});
