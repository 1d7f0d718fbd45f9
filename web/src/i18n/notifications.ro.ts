/** Romanian strings of the bell's list and the notification settings; the type keeps the keys identical to English. */
import type notificationsEn from './notifications.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const notificationsRo: Catalogue<typeof notificationsEn> = {
  notifications: {
    today: 'Azi',
    yesterday: 'Ieri',
    loadingOlder: 'Se încarcă notificările mai vechi…',
    loadOlder: 'Arată mai vechi',
    end: 'Atât din ultimele 90 de zile.',
    settingsLink: 'Setări notificări',
    settings: {
      title: 'Notificări',
      intro:
        'Pentru fiecare fel de notificare, alege cum ajunge la tine: clopoțelul, clopoțelul și un e-mail sau deloc.',
      bell: 'Clopoțel',
      emailShort: 'E-mail',
      off: 'Oprit',
      hint: 'E-mailurile sunt scrise în limba ta ({{language}}) și duc la pagina din portal.',
      saved: 'Salvat.',
      saveError: 'Setarea nu a putut fi salvată. Încearcă din nou.',
      conflict: 'Setările tale au fost schimbate între timp în altă filă; sunt afișate cele actuale. Alege din nou.',
      loadError: 'Setările de notificare nu au putut fi încărcate.',
      groups: {
        chats: 'Mențiuni, adăugare într-o conversație',
        tasks: 'Atribuite, comentarii, stare, termene',
        drive: 'Fișiere și dosare partajate cu mine',
        crm: 'Lead-uri, oportunități, facturi, importuri',
        people: 'Invitații, cereri',
        calendar: 'Invitații la întâlniri, modificări, răspunsuri, mementouri',
      },
    },
  },
};

export default notificationsRo;
