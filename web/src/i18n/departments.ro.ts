/** Romanian strings of the company structure. Merged into ro.ts; the type keeps the keys identical to English. */
import type departmentsEn from './departments.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const departmentsRo: Catalogue<typeof departmentsEn> = {
  departments: {
    menu: 'Structură',
    title: 'Structura companiei',
    intro: 'Departamentele, cine le conduce și câți oameni sunt în fiecare.',
    addTop: 'Adaugă departament',
    loadError: 'Structura companiei nu a putut fi încărcată.',
    empty: 'Încă nu există departamente.',
    emptyAdmin: 'Încă nu există departamente. Adaugă-l pe primul.',
    head: 'Șef: {{name}}',
    members_one: '{{count}} persoană',
    members_few: '{{count}} persoane',
    members_other: '{{count}} de persoane',
    actionsFor: 'Acțiuni pentru {{name}}',
    saved: 'Salvat',
    actions: {
      addChild: 'Adaugă subdepartament',
      rename: 'Redenumește',
      move: 'Mută',
      head: 'Stabilește șeful',
      member: 'Adaugă o persoană',
      delete: 'Șterge',
    },
    dialog: {
      create: 'Departament nou',
      createUnder: 'Departament nou în {{name}}',
      rename: 'Redenumește {{name}}',
      move: 'Mută {{name}}',
      head: 'Șeful departamentului {{name}}',
      member: 'Adaugă o persoană în {{name}}',
      delete: 'Ștergi {{name}}?',
      name: 'Nume',
      parent: 'Plasează în',
      topLevel: '(nivelul de sus)',
      person: 'Persoană',
      noPeople: 'Nu a fost găsit nimeni',
      clearHead: 'Fără șef',
      confirmDelete: '{{name}} va fi șters. Acțiunea nu poate fi anulată.',
      cancel: 'Renunță',
      save: 'Salvează',
      confirm: 'Șterge',
    },
    errors: {
      name: 'Introdu un nume (cel mult 100 de caractere).',
      person: 'Alege o persoană.',
      stale:
        'Cineva a modificat între timp acest departament. Structura a fost reîncărcată: verific-o și încearcă din nou.',
      badParent: 'Un departament nu poate fi plasat în el însuși sau într-unul dintre propriile subdepartamente.',
      hasChildren: 'Departamentul are încă subdepartamente. Mută-le sau șterge-le mai întâi.',
      hasMembers: 'În acest departament mai sunt oameni. Mută-i mai întâi în alt departament.',
      inviteUnknown: 'Un departament ales nu mai există. Lista a fost reîncărcată: alege din nou.',
      unknown: 'Nu a funcționat. Încearcă din nou peste puțin timp.',
    },
    picker: {
      label: 'Departamente',
      hint: 'Opțional: persoanele intră în aceste departamente când acceptă (cel mult 10).',
      extranet: 'Partenerii externi nu sunt plasați în departamente.',
      placeholder: 'Alege departamentele',
      none: 'Niciun departament găsit',
    },
  },
};

export default departmentsRo;
