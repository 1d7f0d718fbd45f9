/** Romanian strings of registration: module strings (modules.ro.ts); the few the sign-in page shows are in ro.ts. */
import type registrationEn from './registration.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const registrationRo: Catalogue<typeof registrationEn> = {
  registration: {
    backToSignIn: 'Înapoi la autentificare',
    register: {
      title: 'Creează-ți portalul',
      subtitle: 'Pasul 1 din 2: e-mailul și o parolă. Îți trimitem un link pentru a confirma adresa.',
      email: 'E-mail de serviciu',
      emailPlaceholder: 'tu@companie.ro',
      password: 'Parolă',
      passwordPlaceholder: 'Cel puțin 12 caractere',
      languageNote: 'Îți vom scrie în română. Schimbă limba din partea de sus pentru altă limbă.',
      submit: 'Continuă',
      submitting: 'Se trimite…',
      haveAccount: 'Ai deja cont?',
      signIn: 'Autentificare',
      closed:
        'Acest portal există deja și primește persoane noi doar pe bază de invitație. Roagă administratorul să te invite.',
      sentTitle: 'Verifică-ți e-mailul',
      sent: 'Dacă adresa {{email}} poate fi folosită la înregistrare, un link de confirmare este pe drum. Funcționează 24 de ore.',
      sentHint:
        'Deschide linkul și introdu parola aleasă acum; apoi completezi datele companiei. Nu a sosit nimic în câteva minute? Verifică folderul de spam sau înregistrează-te din nou cu aceeași adresă pentru un link nou.',
      errors: {
        emailRequired: 'Introdu adresa de e-mail',
        emailInvalid: 'Aceasta nu pare o adresă de e-mail',
        passwordRequired: 'Alege o parolă',
        passwordWeak: 'Parola nu respectă toate regulile de mai jos',
        tooMany: 'Prea multe încercări. Încearcă din nou peste {{minutes}} min.',
        network: 'Serverul nu poate fi contactat. Verifică conexiunea și încearcă din nou.',
        unknown: 'Ceva nu a mers. Încearcă din nou în câteva momente.',
      },
    },
    confirm: {
      title: 'Confirmăm adresa de e-mail',
      checking: 'Se confirmă…',
      doneTitle: 'Adresă confirmată',
      done: 'Adresa {{email}} este confirmată. Autentifică-te cu parola aleasă pentru a completa datele companiei.',
      doneSignedIn: 'Adresa {{email}} este confirmată. Continuă cu datele companiei.',
      signIn: 'Autentifică-te și continuă',
      continue: 'Continuă',
      usedTitle: 'Acest link a fost deja folosit',
      used: 'Adresa ta este deja confirmată. Autentifică-te pentru a continua de unde ai rămas.',
      expiredTitle: 'Acest link a expirat',
      expired:
        'Linkurile de confirmare funcționează 24 de ore. Înregistrează-te din nou cu aceeași adresă și îți trimitem unul nou.',
      replacedTitle: 'Ți-am trimis un link mai nou',
      replaced: 'Acest link a fost înlocuit de unul mai nou. Folosește linkul din cel mai recent e-mail.',
      unknownTitle: 'Acest link nu este valid',
      unknown: 'Verifică dacă ai deschis linkul complet din e-mail sau înregistrează-te din nou pentru un link nou.',
      errorTitle: 'Adresa nu a putut fi confirmată',
      error: 'Serverul nu a putut fi contactat sau a răspuns cu o eroare. Încearcă din nou în câteva momente.',
      registerAgain: 'Înregistrează-te din nou',
      passwordTitle: 'Confirmă adresa de e-mail',
      passwordSubtitle: 'Introdu parola aleasă la înregistrarea adresei {{email}}. Apoi completezi datele companiei.',
      password: 'Parolă',
      submit: 'Confirmă și continuă',
      wrongPassword:
        'Nu este parola aleasă la înregistrare. Încearcă din nou sau înregistrează-te din nou cu această adresă pentru a alege alta.',
      passwordRequired: 'Introdu parola',
      tooMany: 'Prea multe încercări. Încearcă din nou peste {{minutes}} minute.',
      signedInAs:
        'Ești autentificat ca {{email}}. Dacă confirmi această adresă, vei fi autentificat ca proprietarul ei.',
    },
    company: {
      title: 'Compania ta',
      subtitle: 'Pasul 2 din 2: numele companiei și al portalului. Vei fi primul lui administrator.',
      joinTitle: 'Alătură-te portalului',
      joinSubtitle: 'Domeniul adresei tale se poate alătura portalului {{name}}. Spune-le colegilor cum te cheamă.',
      companyName: 'Numele companiei',
      companyNamePlaceholder: 'Exemplu SRL',
      firstName: 'Prenume',
      lastName: 'Nume',
      portalName: 'Numele portalului',
      portalNameDescription: 'Litere mici, cifre și cratime; devine parte din adresa portalului.',
      promoCode: 'Cod promoțional (opțional)',
      acceptLicence: 'Accept <0>termenii licenței</0>',
      licenceTitle: 'Termenii licenței',
      licenceBody:
        'Portal este software open-source. Compania ta rulează propria copie în propriul cont AWS și deține toate datele. Software-ul este oferit ca atare, fără garanții. Creând un portal confirmi că poți acționa în numele companiei și că vei folosi portalul legal și cu respect față de persoanele ale căror date le conține.',
      licenceVersion: 'Versiunea {{version}}',
      submit: 'Creează portalul',
      submitting: 'Se creează…',
      joinSubmit: 'Alătură-te',
      email: 'Autentificat ca {{email}}',
      errors: {
        required: 'Obligatoriu',
        companyShort: 'Cel puțin 2 caractere',
        licence: 'Acceptă termenii licenței pentru a continua',
        portalName: {
          length: 'Folosește între 3 și 32 de caractere',
          characters: 'Doar litere mici a-z, cifre și cratime',
          edges: 'Începe și termină cu o literă sau o cifră',
          doubleHyphen: 'Fără două cratime la rând',
          reserved: 'Acest nume este rezervat; alege altul',
          taken: 'Acest nume este deja folosit; alege altul',
        },
        promoCode: 'Acest cod promoțional nu este valid',
        portalExists: 'Există deja un portal. Roagă administratorul lui să te invite.',
        notConfirmed: 'Confirmă mai întâi adresa de e-mail: deschide linkul pe care ți l-am trimis.',
        unknown: 'Portalul nu a putut fi creat. Încearcă din nou în câteva momente.',
      },
    },
    pending: {
      title: 'Confirmă adresa de e-mail',
      body: 'Am trimis un link de confirmare la {{email}}. Deschide-l pentru a continua crearea portalului.',
      check: 'Am confirmat — continuă',
    },
    inviteOnly: {
      title: 'Ai nevoie de o invitație',
      body: 'Acest portal primește oameni noi doar pe bază de invitație. Roagă un administrator să invite adresa {{email}}; e-mailul de invitație te aduce înăuntru.',
    },
    noAccess: {
      title: 'Încă nu ai acces',
      body: 'Adresa {{email}} este autentificată, dar nu face încă parte din acest portal. Roagă un administrator să te invite; invitația vine pe e-mail.',
    },
    finishing: 'Se deschide portalul…',
    statusError: 'Înregistrarea ta nu a putut fi încărcată.',
  },
};

export default registrationRo;
