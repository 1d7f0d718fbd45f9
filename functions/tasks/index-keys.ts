/**
 * ElectroDB "attributes as indexes" for tasks' computed and sparse GSI keys: each GSI key is an attribute of
 * the same name that is its index's only composite (template `${GSI1PK}`, no casing), so the stored value is
 * exactly the string the feature computes (`{statusRank}#{deadline|~}#{taskId}`…), and an absent value
 * leaves the item out of that index. Hidden: reads through the entity never return them.
 */
const key = { type: 'string', hidden: true } as const;

export const indexKeyAttributes = {
  GSI1PK: key,
  GSI1SK: key,
  GSI2PK: key,
  GSI2SK: key,
  GSI3PK: key,
  GSI3SK: key,
} as const;

const gsi = (n: 1 | 2 | 3) =>
  ({
    index: `GSI${n}`,
    pk: { field: `GSI${n}PK`, composite: [`GSI${n}PK`], template: `\${GSI${n}PK}`, casing: 'none' },
    sk: { field: `GSI${n}SK`, composite: [`GSI${n}SK`], template: `\${GSI${n}SK}`, casing: 'none' },
  }) as const;

export const gsi1 = gsi(1);
export const gsi2 = gsi(2);
export const gsi3 = gsi(3);

/** The GSI key attributes an item carries (absent ones leave it out of that index). */
export interface IndexKeys {
  GSI1PK?: string;
  GSI1SK?: string;
  GSI2PK?: string;
  GSI2SK?: string;
  GSI3PK?: string;
  GSI3SK?: string;
}
