/** Romanian strings of the CRM pages. Merged into ro.ts; the type keeps the keys identical to English. */
import crmEn from './crm.en';

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

// TEMPORARY: replaced by the Romanian catalogue below before commit
const crmRo: Catalogue<typeof crmEn> = crmEn;

export default crmRo;
