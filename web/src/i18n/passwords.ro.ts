/** Romanian strings of password recovery: module strings (modules.ro.ts); the two the sign-in page shows are in ro.ts. */
import type passwordsEn from './passwords.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const passwordsRo: Catalogue<typeof passwordsEn> = {
  passwords: {
    back: 'Înapoi la autentificare',
    forgot: {
      title: 'Ai uitat parola?',
      subtitle: 'Introdu adresa de e-mail a contului. Îți trimitem un link pentru a alege o parolă nouă.',
      email: 'E-mail',
      emailPlaceholder: 'tu@companie.ro',
      submit: 'Trimite linkul',
      submitting: 'Se trimite…',
      sentTitle: 'Verifică-ți căsuța de e-mail',
      sent: 'Dacă există un cont pentru această adresă, ți-am trimis un link pentru resetarea parolei. Linkul funcționează o oră.',
      sentHint: 'Nu a sosit nimic după câteva minute? Verifică dosarul de spam sau trimite un link nou.',
      again: 'Trimite un link nou',
      errors: {
        emailRequired: 'Introdu adresa de e-mail',
        emailInvalid: 'Aceasta nu pare o adresă de e-mail',
        tooMany: 'Prea multe cereri. Încearcă din nou peste {{minutes}} min.',
        network: 'Serverul nu poate fi contactat. Verifică conexiunea și încearcă din nou.',
        unknown: 'Linkul nu a putut fi trimis. Încearcă din nou peste câteva momente.',
      },
    },
    reset: {
      title: 'Alege o parolă nouă',
      subtitle: 'Salvarea ei te deconectează de pe toate dispozitivele.',
      checking: 'Se verifică linkul…',
      password: 'Parola nouă',
      confirm: 'Repetă parola nouă',
      toggle: 'Arată sau ascunde parola',
      submit: 'Salvează parola nouă',
      submitting: 'Se salvează…',
      rulesTitle: 'Parola trebuie să aibă',
      rules: {
        length: 'cel puțin 12 caractere',
        lower: 'o literă mică',
        upper: 'o literă mare',
        digit: 'o cifră',
        symbol: 'un simbol, de exemplu ! ? # sau -',
      },
      met: 'îndeplinit',
      unmet: 'neîndeplinit încă',
      requestNew: 'Cere un link nou',
      states: {
        expiredTitle: 'Acest link a expirat',
        expired: 'Linkurile de resetare funcționează o oră și doar cel mai recent cerut. Cere un link nou.',
        usedTitle: 'Acest link a fost deja folosit',
        used: 'Fiecare link de resetare funcționează o singură dată. Dacă nu tu ai schimbat parola, cere un link nou.',
        unknownTitle: 'Acest link nu este valid',
        unknown: 'Linkul poate fi incomplet: deschide-l direct din e-mail sau cere un link nou.',
      },
      errors: {
        passwordRequired: 'Introdu o parolă nouă',
        passwordWeak: 'Parola nu îndeplinește toate regulile de mai jos',
        mismatch: 'Cele două parole diferă',
        tooMany: 'Prea multe încercări. Încearcă din nou peste {{minutes}} min.',
        network: 'Serverul nu poate fi contactat. Verifică conexiunea și încearcă din nou.',
        unknown: 'Parola nu a putut fi schimbată. Încearcă din nou peste câteva momente.',
      },
    },
  },
};

export default passwordsRo;
