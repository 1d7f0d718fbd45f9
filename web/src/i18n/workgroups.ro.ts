/** Romanian strings of the workgroups pages. Merged into ro.ts; the type keeps the keys identical to English. */
import type workgroupsEn from './workgroups.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const workgroupsRo: Catalogue<typeof workgroupsEn> = {
  workgroups: {
    title: 'Grupuri de lucru',
    back: 'Toate grupurile',
    none: 'Încă nu sunt grupuri aici.',
    notFound: 'Acest grup nu există sau nu îl puteți vedea',
    closedHint: 'Dacă este un grup închis al cărui link l-ai primit, poți cere să te alături: decid proprietarii lui.',
    notMember: 'Alăturați-vă grupului pentru a vedea panoul de sarcini.',
    search: 'Căutați grupuri după nume',
    join: 'Alătură-te',
    askToJoin: 'Cere să te alături',
    requested: 'Cerere trimisă',
    memberCount_one: '{{count}} membru',
    memberCount_few: '{{count}} membri',
    memberCount_other: '{{count}} de membri',
    kind: { group: 'Grup', project: 'Proiect' },
    visibility: { open: 'Deschis', closed: 'Închis' },
    roles: { owner: 'Proprietar', moderator: 'Moderator', member: 'Membru' },
    tabs: {
      mine: 'Grupurile mele',
      open: 'Grupuri deschise',
      board: 'Sarcini',
      members: 'Membri',
      requests: 'Cereri de aderare',
    },
    create: {
      button: 'Grup nou',
      title: 'Grup sau proiect nou',
      name: 'Nume',
      description: 'Descriere',
      dates: 'Perioada proiectului',
      members: 'Membri',
      moderators: 'Moderatori',
      submit: 'Creează',
    },
    edit: {
      button: 'Editează',
      title: 'Editează grupul',
      start: 'Începutul proiectului',
      end: 'Sfârșitul proiectului',
      endBeforeStart: 'Proiectul se termină înainte să înceapă',
      moderatorsHint: 'Moderatorii adaugă și elimină membri, gestionează etapele și mută orice sarcină pe panou.',
      save: 'Salvează',
    },
    stages: {
      button: 'Gestionează etapele',
      title: 'Etapele panoului',
      hint: 'Redenumește o etapă (Enter salvează), mut-o mai devreme sau mai târziu pe panou cu săgețile sau șterge una goală.',
      name: 'Etapa {{n}}',
      rename: 'Salvează numele',
      up: 'Mută „{{title}}” mai devreme',
      down: 'Mută „{{title}}” mai târziu',
      delete: 'Șterge „{{title}}”',
    },
    conflict: {
      title: 'Modificat de altcineva',
      body: 'Cineva a modificat acest grup în timp ce îl editai.',
      current: 'Acum: „{{name}}”, etape {{stages}}.',
    },
    board: {
      hint: 'Trageți un card în altă etapă (sau apăsați Spațiu pe un card, apoi săgețile).',
      notYours: 'Doar autorul sau responsabilul sarcinii ori proprietarul și moderatorii grupului o pot muta.',
      newStage: 'Titlul etapei noi',
      addStage: 'Adaugă etapă',
    },
    members: {
      add: 'Adăugați persoane (angajați sau utilizatori extranet)',
      addButton: 'Adaugă în grup',
      extranetHint: 'Utilizatorii extranet adăugați aici văd doar acest grup și sarcinile lui.',
      inviteExtranet: 'Invitați pe cineva nou',
      extranet: 'Extranet',
      role: 'Rol',
      remove: 'Elimină din grup',
      leave: 'Părăsește grupul',
    },
    requests: { none: 'Nicio cerere în așteptare.', approve: 'Aprobă', reject: 'Respinge' },
    errors: {
      list: 'Grupurile nu au putut fi încărcate.',
      load: 'Grupul nu a putut fi încărcat.',
      save: 'Modificarea nu a putut fi salvată.',
    },
  },
};

export default workgroupsRo;
