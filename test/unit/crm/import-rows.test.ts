import { mappingProblems, suggestMapping } from '../../../shared/crm/import-mapping';
import { isProblem, rowToDraft } from '../../../shared/crm/import-rows';

describe('suggested mapping from header names (en/ro, any case, diacritics)', () => {
  it('leads', () => {
    expect(suggestMapping('lead', ['Nume', 'Companie', 'E-mail', 'Telefon', 'Comentarii', 'Oraș'])).toEqual([
      'name',
      'companyName',
      'email',
      'phone',
      'comments',
      null,
    ]);
    expect(suggestMapping('lead', ['name', 'companyName', 'email', 'phone', 'comments', 'status'])).toEqual([
      'name',
      'companyName',
      'email',
      'phone',
      'comments',
      null,
    ]);
  });
  it('contacts: "Nume" is the last name next to "Prenume", the full name alone; several e-mail columns', () => {
    expect(
      suggestMapping('contact', ['Prenume', 'Nume', 'Email', 'Email 2', 'Funcție', 'Județ', 'Cod poștal', 'Țara']),
    ).toEqual(['firstName', 'lastName', 'email', 'email', 'position', 'region', 'postalCode', 'country']);
    expect(suggestMapping('contact', ['Nume', 'Telefon'])).toEqual(['fullName', 'phone']);
  });
  it('companies: the company column is the name; CUI is the VAT id', () => {
    expect(suggestMapping('company', ['Firma', 'CUI', 'Nr. Reg. Com.', 'Website', 'Domeniu'])).toEqual([
      'name',
      'vatId',
      'regNo',
      'website',
      'industry',
    ]);
  });
});

describe('mapping checks', () => {
  it('one entry per column, fields of the type, single fields once, the name mapped', () => {
    expect(mappingProblems('lead', ['a', 'b'], ['name'])).toEqual([
      { path: 'mapping', reason: 'expected 2 entries, one per column' },
    ]);
    expect(mappingProblems('lead', ['a', 'b'], ['name', 'vatId'])).toEqual([
      { path: 'mapping.1', reason: 'vatId is not a field of a lead' },
    ]);
    expect(mappingProblems('lead', ['a', 'b'], ['name', 'name'])).toEqual([
      { path: 'mapping.1', reason: 'name is mapped twice' },
    ]);
    expect(mappingProblems('lead', ['a', 'b', 'c'], ['name', 'email', 'email'])).toEqual([]);
    expect(mappingProblems('contact', ['a'], ['email'])).toEqual([
      { path: 'mapping', reason: 'map a column to lastName or fullName' },
    ]);
    expect(mappingProblems('company', ['a', 'b'], [null, 'phone'])).toEqual([
      { path: 'mapping', reason: 'map a column to name' },
    ]);
  });
});

describe('a row → the record’s fields or the first problem', () => {
  it('a lead with several e-mails in a cell and across columns (deduplicated), RO phones to E.164', () => {
    const d = rowToDraft(
      'lead',
      ['name', 'email', 'email', 'phone'],
      ['Ion Pop', 'ion@a.ro, ION@A.ro; x@b.ro', 'y@c.ro', '0722 123 456; +40 21 312 3456'],
      'RO',
    );
    expect(isProblem(d)).toBe(false);
    expect(d).toMatchObject({
      type: 'lead',
      name: 'Ion Pop',
      source: 'import',
      status: 'new',
      emails: [
        { value: 'ion@a.ro', norm: 'ion@a.ro' },
        { value: 'x@b.ro', norm: 'x@b.ro' },
        { value: 'y@c.ro', norm: 'y@c.ro' },
      ],
      phones: [
        { display: '0722 123 456', e164: '+40722123456' },
        { display: '+40 21 312 3456', e164: '+40213123456' },
      ],
    });
  });
  it('reads back what the export guarded: the apostrophe before a formula start is dropped', () => {
    const d = rowToDraft('lead', ['name', 'phone'], ["'=Ion", "'+40 722 123 456"], 'RO');
    expect(d).toMatchObject({ name: '=Ion', phones: [{ display: '+40 722 123 456', e164: '+40722123456' }] });
    expect(rowToDraft('lead', ['name'], ["'Ion"], 'RO')).toMatchObject({ name: "'Ion" });
  });
  it('names the field of the first problem', () => {
    expect(rowToDraft('lead', ['name', 'email'], ['', 'a@b.ro'], 'RO')).toEqual({ field: 'name', reason: 'required' });
    expect(rowToDraft('lead', ['name', 'email'], ['X', 'nope'], 'RO')).toMatchObject({ field: 'email' });
    expect(rowToDraft('lead', ['name', 'phone'], ['X', '12'], 'RO')).toMatchObject({ field: 'phone' });
    expect(
      rowToDraft('lead', ['name', 'email'], ['X', 'a@b.ro b@b.ro c@b.ro d@b.ro e@b.ro f@b.ro'], 'RO'),
    ).toMatchObject({ field: 'email', reason: 'at most 5 e-mail addresses' });
    expect(rowToDraft('contact', ['lastName', 'country'], ['Pop', 'Romania'], 'RO')).toMatchObject({
      field: 'country',
    });
    expect(rowToDraft('contact', ['lastName', 'birthday'], ['Pop', '31.12.1990'], 'RO')).toMatchObject({
      field: 'birthday',
    });
    expect(rowToDraft('lead', ['name'], ['x'.repeat(201)], 'RO')).toMatchObject({
      field: 'name',
      reason: 'at most 200 characters',
    });
    expect(rowToDraft('lead', ['name'], ['a\u0007b'], 'RO')).toMatchObject({ field: 'name' });
  });
  it('a contact from a full name, with an address and tags', () => {
    expect(
      rowToDraft(
        'contact',
        ['fullName', 'city', 'country', 'tags'],
        ['Ana Maria Ionescu', 'Cluj-Napoca', 'ro', 'vip, nou;vip'],
        'RO',
      ),
    ).toEqual({
      type: 'contact',
      firstName: 'Ana Maria',
      lastName: 'Ionescu',
      emails: [],
      phones: [],
      address: { city: 'Cluj-Napoca', country: 'RO' },
      tags: ['vip', 'nou'],
    });
  });
  it('a company', () => {
    expect(rowToDraft('company', ['name', 'vatId', 'website'], ['Alfa SRL', 'RO123', 'alfa.ro'], 'RO')).toEqual({
      type: 'company',
      name: 'Alfa SRL',
      vatId: 'RO123',
      emails: [],
      phones: [],
      website: 'alfa.ro',
      tags: [],
    });
  });
});
