/** Romanian strings of the admin tools. Merged into ro.ts; the type keeps the keys identical to English. */
import type portalSettingsEn from './portal-settings.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const portalSettingsRo: Catalogue<typeof portalSettingsEn> = {
  portalSettings: {
    menu: 'Setările portalului',
    title: 'Setările portalului',
    intro: 'Cine se poate alătura portalului și cine poate invita oameni. Doar administratorii văd această pagină.',
    company: 'Compania',
    companyName: 'Numele companiei',
    companyNameHint: 'Apare pe pagina de autentificare și în e-mailurile trimise de portal.',
    companyNameInvalid: 'Între 2 și 120 de caractere',
    access: 'Alăturarea la portal',
    domains: 'Domenii de e-mail permise',
    domainsHint:
      'Persoanele cu o adresă la aceste domenii se pot înregistra singure și intră ca angajați. Lasă gol pentru acces doar pe bază de invitație. Apasă Enter sau virgulă după fiecare domeniu.',
    domainsPlaceholder: 'de ex. compania.ro',
    domainsMax: 'Cel mult {{max}} domenii',
    domainInvalid: '„{{domain}}” nu este un nume de domeniu (ca compania.ro)',
    domainDuplicate: '„{{domain}}” este deja în listă',
    selfRegistration: {
      closed: 'Acum: doar pe bază de invitație',
      domains: 'Acum: deschis pentru {{count}} domeniu(i)',
    },
    mayInvite: 'Angajații pot invita oameni',
    mayInviteHint:
      'Când este oprit, doar administratorii trimit invitații. Partenerii externi sunt invitați mereu de administratori.',
    facts: 'Despre acest portal',
    portalName: 'Numele portalului',
    owner: 'Creat de',
    created: 'Creat',
    licence: 'Licență acceptată',
    promoCode: 'Cod promoțional',
    none: 'Niciunul',
    lastChange: 'Modificat ultima dată {{time}} de {{who}}',
    save: 'Salvează setările',
    saved: 'Setările portalului au fost salvate.',
    reset: 'Anulează modificările',
    loadError: 'Setările portalului nu au putut fi încărcate.',
    saveError: 'Setările portalului nu au putut fi salvate.',
    noPortal: 'Portalul nu există încă: este creat când se înregistrează primul administrator.',
    conflictTitle: 'Modificat de altcineva',
    conflictBody:
      'Un alt administrator a salvat aceste setări între timp. Reîncarcă pentru a vedea versiunea lor, apoi fă din nou modificarea.',
    reload: 'Reîncarcă',
    tabs: { settings: 'Setări', status: 'Stare', rooms: 'Săli de ședințe' },
    statusIntro: 'Cum merge portalul acum: baza de date, planificatorul și conexiunea ta în timp real.',
    noAccess: 'Nu ai acces la setările portalului: doar administratorii le văd.',
  },
  peopleAdmin: {
    actions: 'Acțiuni pentru {{name}}',
    makeAdmin: 'Fă administrator',
    makeEmployee: 'Fă angajat',
    makeExtranet: 'Fă partener extern',
    deactivate: 'Dezactivează',
    activate: 'Activează',
    cancel: 'Renunță',
    confirm: {
      roleTitle: 'Schimbi rolul lui {{name}}?',
      roleBody:
        '{{name}} devine: {{role}}. Este deconectat(ă) de pe toate dispozitivele și primește noul acces la următoarea autentificare (o sesiune deja deschisă își păstrează vechiul acces cel mult o oră).',
      deactivateTitle: 'Dezactivezi contul lui {{name}}?',
      deactivateBody:
        '{{name}} nu se mai poate autentifica și este deconectat(ă) de pe toate dispozitivele (o sesiune deja deschisă poate dura cel mult o oră). Rămâne în listă ca dezactivat(ă); îl poți activa din nou.',
      activateTitle: 'Activezi contul lui {{name}}?',
      activateBody: '{{name}} se poate autentifica din nou cu parola sa.',
    },
    done: {
      role: '{{name}} are acum rolul: {{role}}.',
      deactivated: 'Contul lui {{name}} a fost dezactivat.',
      activated: 'Contul lui {{name}} a fost activat.',
    },
    failed: 'Modificarea nu a putut fi făcută.',
    lastAdmin: 'Portalul are nevoie de cel puțin un administrator activ: fă mai întâi pe altcineva administrator.',
  },
};

export default portalSettingsRo;
