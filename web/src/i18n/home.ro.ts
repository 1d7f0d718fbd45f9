/** Romanian strings of Home. Merged into ro.ts; the type keeps the keys identical to English. */
import type homeEn from './home.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

const homeRo: Catalogue<typeof homeEn> = {
  home: {
    seeAll: 'Vezi tot',
    widgetError: 'Nu s-a putut încărca.',
    welcome: 'Bun venit, {{name}}',
    welcomeNoName: 'Bun venit',
    intro: 'Ce te așteaptă azi, din toate părțile portalului.',
    widgets: 'Pe scurt',
    noWidgets: 'Deocamdată nu este nimic de arătat aici.',
    meError: 'Pagina de pornire nu a putut fi încărcată.',
  },
};

export default homeRo;
