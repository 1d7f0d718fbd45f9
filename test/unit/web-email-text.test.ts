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
