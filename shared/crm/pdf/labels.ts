/** The printed words of a quote / invoice PDF, in the document's language (en | ro). */
import type { DocLanguage, DocType } from '../documents-contract';

export interface PdfLabels {
  title: Record<DocType, string>;
  number: string;
  issueDate: string;
  dueDate: Record<DocType, string>;
  currency: string;
  seller: string;
  buyer: string;
  vatId: string;
  regNo: string;
  iban: string;
  bank: string;
  email: string;
  phone: string;
  contact: string;
  cols: {
    no: string;
    description: string;
    unit: string;
    quantity: string;
    unitPrice: string;
    discount: string;
    vat: string;
    amount: string;
  };
  taxSummary: string;
  rate: string;
  base: string;
  tax: string;
  net: string;
  totalTax: string;
  total: string;
  notes: string;
  page: (n: number, of: number) => string;
  draft: string;
  continued: string;
}

export const PDF_LABELS: Record<DocLanguage, PdfLabels> = {
  en: {
    title: { invoice: 'INVOICE', quote: 'QUOTE' },
    number: 'No.',
    issueDate: 'Date',
    dueDate: { invoice: 'Due date', quote: 'Valid until' },
    currency: 'Currency',
    seller: 'Seller',
    buyer: 'Buyer',
    vatId: 'VAT ID',
    regNo: 'Reg. no.',
    iban: 'IBAN',
    bank: 'Bank',
    email: 'E-mail',
    phone: 'Phone',
    contact: 'Contact',
    cols: {
      no: '#',
      description: 'Description',
      unit: 'Unit',
      quantity: 'Qty',
      unitPrice: 'Unit price',
      discount: 'Discount',
      vat: 'VAT',
      amount: 'Amount',
    },
    taxSummary: 'VAT summary',
    rate: 'Rate',
    base: 'Taxable amount',
    tax: 'VAT',
    net: 'Total without VAT',
    totalTax: 'Total VAT',
    total: 'Total to pay',
    notes: 'Notes',
    page: (n, of) => `Page ${n} of ${of}`,
    draft: 'DRAFT',
    continued: 'continued',
  },
  ro: {
    title: { invoice: 'FACTURĂ', quote: 'OFERTĂ COMERCIALĂ' },
    number: 'Nr.',
    issueDate: 'Data',
    dueDate: { invoice: 'Scadență', quote: 'Valabilă până la' },
    currency: 'Monedă',
    seller: 'Furnizor',
    buyer: 'Cumpărător',
    vatId: 'CIF',
    regNo: 'Nr. Reg. Com.',
    iban: 'IBAN',
    bank: 'Banca',
    email: 'E-mail',
    phone: 'Telefon',
    contact: 'Persoană de contact',
    cols: {
      no: 'Nr.',
      description: 'Denumire',
      unit: 'U.M.',
      quantity: 'Cant.',
      unitPrice: 'Preț unitar',
      discount: 'Reducere',
      vat: 'TVA',
      amount: 'Valoare',
    },
    taxSummary: 'Sinteză TVA',
    rate: 'Cotă',
    base: 'Bază de impozitare',
    tax: 'TVA',
    net: 'Total fără TVA',
    totalTax: 'Total TVA',
    total: 'Total de plată',
    notes: 'Mențiuni',
    page: (n, of) => `Pagina ${n} din ${of}`,
    draft: 'CIORNĂ',
    continued: 'continuare',
  },
};
