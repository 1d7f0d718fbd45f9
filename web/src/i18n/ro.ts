import type { Messages } from './en';

/** Romanian. */
const ro: Messages = {
  registration: {
    createPortal: 'Creează-ți portalul',
    createPortalHint: 'Ești nou aici?',
    signUpHint: 'Coleg cu adresă de companie?',
    signUp: 'Creează-ți contul',
    signOut: 'Deconectare',
    emailConfirmedNotice: 'Adresa ta de e-mail este confirmată. Autentifică-te pentru a termina crearea portalului.',
  },
  passwords: {
    forgotLink: 'Ai uitat parola?',
    signedOutNotice:
      'Parola a fost schimbată și ai fost deconectat de pe toate dispozitivele. Autentifică-te cu parola nouă.',
  },
  app: {
    name: 'Portal',
    skipToContent: 'Salt la conținutul principal',
    tagline: 'Spațiul de lucru al companiei',
  },
  common: {
    loading: 'Se încarcă…',
    retry: 'Încearcă din nou',
    details: 'Detalii tehnice',
    close: 'Închide',
  },
  boot: {
    loading: 'Portalul pornește…',
    errorTitle: 'Portalul nu a putut porni',
    errorBody:
      'Configurația sa (/config.json) nu a putut fi încărcată. Verifică conexiunea și încearcă din nou. Dacă problema persistă, anunță administratorul.',
  },
  languages: {
    label: 'Limba',
    en: 'English',
    ro: 'Română',
  },
  signIn: {
    title: 'Autentificare',
    subtitle: 'Bine ai revenit. Autentifică-te cu adresa de e-mail de serviciu.',
    email: 'E-mail',
    emailPlaceholder: 'tu@companie.ro',
    password: 'Parolă',
    passwordPlaceholder: 'Parola ta',
    submit: 'Intră în cont',
    submitting: 'Se verifică…',
    togglePassword: 'Arată sau ascunde parola',
    or: 'sau',
    sso: 'Intră cu contul companiei (SSO)',
    callback: {
      working: 'Se finalizează autentificarea…',
      failed: 'Autentificarea prin companie nu a reușit',
      denied: 'Autentificarea prin companie a fost anulată sau refuzată.',
      expired: 'Acest link de autentificare nu mai este valabil. Începe din nou de pe pagina de autentificare.',
      back: 'Înapoi la autentificare',
    },
    errors: {
      wrongCredentials: 'E-mail sau parolă greșită',
      emailRequired: 'Introdu adresa de e-mail',
      emailInvalid: 'Aceasta nu pare o adresă de e-mail',
      passwordRequired: 'Introdu parola',
      network: 'Serviciul de autentificare nu poate fi contactat. Verifică conexiunea și încearcă din nou.',
      tooMany: 'Prea multe încercări. Așteaptă un minut, apoi încearcă din nou.',
      tooManyWait: 'Prea multe încercări, încearcă din nou peste {{wait}}.',
      newPasswordRequired:
        'Contul tău are nevoie de o parolă nouă înainte de prima folosire. Cere ajutorul administratorului.',
      unknown: 'Autentificarea nu a reușit. Încearcă din nou peste câteva momente.',
    },
  },
  session: {
    expiredTitle: 'Sesiune încheiată',
    expired: 'Sesiunea ta a expirat. Autentifică-te din nou.',
    signedOut: 'Te-ai deconectat.',
  },
  header: {
    openNavigation: 'Deschide navigarea',
    closeNavigation: 'Închide navigarea',
    toDark: 'Treci la tema întunecată',
    toLight: 'Treci la tema luminoasă',
    userMenu: 'Meniul contului',
    chooseLanguage: 'Alege limba interfeței',
  },
  user: {
    signedInAs: 'Conectat ca',
    signOut: 'Deconectare',
    signOutEverywhere: 'Deconectare de pe toate dispozitivele',
    signOutEverywhereFailed: 'Deconectarea de pe celelalte dispozitive nu a reușit. Încearcă din nou.',
  },
  roles: {
    admin: 'Administrator',
    employee: 'Angajat',
    extranet: 'Partener extern',
    none: 'Fără rol',
  },
  nav: {
    label: 'Navigare principală',
    home: 'Acasă',
    modules: 'Module',
  },
  modules: {
    feed: { title: 'Noutăți', description: 'Știrile companiei, anunțurile și aprecierile într-un singur flux.' },
    messenger: { title: 'Mesagerie', description: 'Conversații, grupuri și apeluri video cu colegii tăi.' },
    tasks: {
      title: 'Sarcini și proiecte',
      description: 'Planifică munca, atribuie sarcini și urmărește proiectele până la capăt.',
    },
    crm: {
      title: 'CRM',
      description: 'Clienți potențiali, contacte, companii și oportunități de-a lungul procesului de vânzare.',
    },
    drive: {
      title: 'Documente',
      description: 'Păstrează și partajează documentele și fișierele, cu toate versiunile lor.',
    },
    calendar: { title: 'Calendar', description: 'Calendare personale și comune, întâlniri și invitații.' },
    company: { title: 'Companie', description: 'Structura companiei, departamentele și lista angajaților.' },
    time: { title: 'Pontaj', description: 'Începe și încheie ziua de lucru, înregistrează pauzele și vezi rapoarte.' },
    mail: { title: 'E-mail', description: 'Căsuțele tale de e-mail, citite și trimise direct din portal.' },
    photos: { title: 'Fotografii', description: 'Galerii foto de la evenimentele companiei și ale echipelor.' },
  },
  placeholder: {
    badge: 'În curând',
    body: 'Acest modul este în lucru și va apărea aici într-o actualizare viitoare.',
    back: 'Înapoi la pagina principală',
  },
  dashboard: {
    title: 'Acasă',
    welcome: 'Bun venit, {{name}}',
    intro: 'Iată starea portalului în acest moment.',
  },
  health: {
    title: 'Starea sistemului',
    ok: 'Toate sistemele funcționează',
    degraded: 'Unele servicii au probleme',
    tableLatency: 'Latența bazei de date',
    ms: '{{ms}} ms',
    lastHeartbeat: 'Ultimul semnal al planificatorului',
    never: 'Încă nu',
    checkedAt: 'Verificat la {{time}}',
    error: 'Starea sistemului nu a putut fi încărcată.',
    refreshing: 'Se actualizează',
  },
  me: {
    title: 'Contul tău',
    email: 'E-mail',
    role: 'Rol',
    language: 'Limba',
    timeZone: 'Fus orar',
    error: 'Detaliile contului nu au putut fi încărcate.',
  },
  live: {
    title: 'Conexiune în timp real',
    live: 'Conectat',
    connecting: 'Se conectează…',
    reconnecting: 'Se reconectează…',
    offline: 'Deconectat',
    latency: 'Timp de răspuns {{ms}} ms',
    retryIn: 'Următoarea încercare în {{s}} s',
    description: 'Mesajele și notificările sosesc imediat cât timp conexiunea este activă.',
  },
  errors: {
    title: 'A apărut o problemă',
    network: 'Serverul nu poate fi contactat. Verifică conexiunea.',
    generic: 'A apărut o problemă. Încearcă din nou peste câteva momente.',
    requestId: 'Identificator cerere: {{id}}',
    savePreferences: 'Limba aleasă nu a putut fi salvată în contul tău.',
  },
  notFound: {
    title: 'Pagina nu există',
    body: 'La această adresă nu se află nimic.',
  },
};

export default ro;
