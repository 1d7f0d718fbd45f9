/** Duplicate keys: e-mails, phones (E.164 via libphonenumber-js max with the default country), names with company legal forms dropped. */
import { companyKey, dupKeysOf, nameKey, normEmail, normPhone, personKey } from '../../../shared/crm/dedupe';

describe('phones', () => {
  it('a Romanian national number equals its international form', () => {
    expect(normPhone('0722 123 456', 'RO')).toBe('+40722123456');
    expect(normPhone('+40 722 123 456', 'RO')).toBe('+40722123456');
    expect(normPhone('0040722123456', 'RO')).toBe('+40722123456');
    expect(normPhone('(0722) 123-456', 'RO')).toBe('+40722123456');
  });
  it('landlines and foreign numbers', () => {
    expect(normPhone('021 315 1234', 'RO')).toBe('+40213151234');
    expect(normPhone('+49 30 901820', 'RO')).toBe('+4930901820');
    expect(normPhone('(202) 456-1111', 'US')).toBe('+12024561111');
    expect(normPhone('202 456 1111', 'RO')).toBeNull();
  });
  it('invalid numbers are refused (the API answers 400 phones.{i})', () => {
    expect(normPhone('0722 12', 'RO')).toBeNull();
    expect(normPhone('0799 999 999 999', 'RO')).toBeNull();
    expect(normPhone('+40 123', 'RO')).toBeNull();
  });
});

describe('e-mails', () => {
  it('trims, lower-cases and puts IDN domains in punycode', () => {
    expect(normEmail('  Ion.Pop@Alfa.RO ')).toBe('ion.pop@alfa.ro');
    expect(normEmail('ion@școală.ro')).toBe(normEmail('ION@ȘCOALĂ.RO'));
    expect(normEmail('ion@școală.ro')).toMatch(/^ion@xn--/);
    expect(normEmail('no-at-sign')).toBeNull();
  });
});

describe('names', () => {
  it('"Ștefan Popescu / SC Alfa SRL" = "Stefan Popescu / Alfa S.R.L." = "Popescu Ștefan / ALFA S.R.L."', () => {
    const k = nameKey('Ștefan Popescu', 'SC Alfa SRL');
    expect(nameKey('Stefan Popescu', 'Alfa S.R.L.')).toBe(k);
    expect(nameKey('Popescu Ștefan', 'ALFA S.R.L.')).toBe(k);
    expect(nameKey('Ștefan Popa', 'SC Alfa SRL')).not.toBe(k);
    expect(nameKey('Ștefan Popescu', 'Beta SRL')).not.toBe(k);
  });
  it('company keys drop legal forms but keep a name made only of them', () => {
    expect(companyKey('S.C. Țesătoria Mărgineni S.A.')).toBe('tesatoria margineni');
    expect(companyKey('Acme GmbH')).toBe(companyKey('ACME'));
    expect(companyKey('SRL')).toBe('srl');
    expect(personKey('  Ana   Maria  ')).toBe('ana maria');
  });
  it('record keys: every e-mail and phone, person|company only with a company, company name for companies', () => {
    const emails = [{ norm: 'a@b.ro' }, { norm: 'c@d.ro' }];
    const phones = [{ e164: '+40722123456' }];
    expect(dupKeysOf({ type: 'lead', emails, phones, name: 'Ion Pop' })).toEqual([
      { kind: 'E', norm: 'a@b.ro' },
      { kind: 'E', norm: 'c@d.ro' },
      { kind: 'P', norm: '+40722123456' },
    ]);
    expect(dupKeysOf({ type: 'contact', name: 'Ion Pop', companyName: 'Alfa SRL' })).toEqual([
      { kind: 'N', norm: 'ion pop|alfa' },
    ]);
    expect(
      dupKeysOf({ type: 'company', name: 'SC Alfa SRL', emails: [{ norm: 'a@b.ro' }, { norm: 'a@b.ro' }] }),
    ).toEqual([
      { kind: 'E', norm: 'a@b.ro' },
      { kind: 'N', norm: 'alfa' },
    ]);
    expect(dupKeysOf({ type: 'deal', name: 'x' })).toEqual([]);
  });
});
