/** The embeddable form's texts (the form's language picks them; the SPA's i18next is not loaded here). */
export interface Strings {
  fields: { name: string; email: string; phone: string; company: string; message: string };
  send: string;
  sending: string;
  required: string;
  badEmail: string;
  badPhone: string;
  contactNeeded: string;
  consentRequired: string;
  consentDefault: string;
  thanks: string;
  unavailable: string;
  loadFailed: string;
  tryAgain: string;
  tooMany: (minutes: number) => string;
}

export const STRINGS: Record<'en' | 'ro', Strings> = {
  en: {
    fields: { name: 'Name', email: 'E-mail', phone: 'Phone', company: 'Company', message: 'Message' },
    send: 'Send',
    sending: 'Sending…',
    required: 'This field is required.',
    badEmail: 'Enter a valid e-mail address.',
    badPhone: 'Enter a valid phone number.',
    contactNeeded: 'Leave an e-mail address or a phone number so we can answer.',
    consentRequired: 'Please give your consent to send the form.',
    consentDefault: 'I agree that my data is processed to answer this request.',
    thanks: 'Thank you! We will be in touch soon.',
    unavailable: 'This form is not available.',
    loadFailed: 'The form could not be loaded. Please try again later.',
    tryAgain: 'Something went wrong. Please try again.',
    tooMany: (m) => `Too many requests. Please try again in ${m} minute${m === 1 ? '' : 's'}.`,
  },
  ro: {
    fields: { name: 'Nume', email: 'E-mail', phone: 'Telefon', company: 'Companie', message: 'Mesaj' },
    send: 'Trimite',
    sending: 'Se trimite…',
    required: 'Câmpul este obligatoriu.',
    badEmail: 'Introduceți o adresă de e-mail validă.',
    badPhone: 'Introduceți un număr de telefon valid.',
    contactNeeded: 'Lăsați o adresă de e-mail sau un număr de telefon ca să vă putem răspunde.',
    consentRequired: 'Vă rugăm să vă dați acordul pentru a trimite formularul.',
    consentDefault: 'Sunt de acord ca datele mele să fie prelucrate pentru a răspunde acestei cereri.',
    thanks: 'Mulțumim! Vă vom contacta în curând.',
    unavailable: 'Acest formular nu este disponibil.',
    loadFailed: 'Formularul nu a putut fi încărcat. Încercați din nou mai târziu.',
    tryAgain: 'Ceva nu a mers. Încercați din nou.',
    tooMany: (m) => `Prea multe cereri. Încercați din nou peste ${m} ${m === 1 ? 'minut' : 'minute'}.`,
  },
};
