/**
 * The product catalog (entity crmProduct): one item per product; live products list by name on GSI1, archived
 * ones on GSI2 (each index sparse: a product is in exactly one of them).
 *
 *   PK = CRMPROD#{productId}   SK = PROD
 *   live:     GSI1 CRMPRODS / {searchKey(name)}#{productId}
 *   archived: GSI2 CRMPRODS#ARCH / {searchKey(name)}#{productId}
 *   productId, name, sku?, unit, priceMinor, currency, taxRateBp, description?, archived, version, updatedAt, createdAt
 *
 * The GSI keys are the key attributes themselves ("attributes as indexes"), computed from name and archived on
 * every put, so the name key is not stored beside them.
 *
 * | access pattern             | how |
 * |---|---|
 * | products by name (prefix)  | ONE Query GSI1 CRMPRODS begins_with searchKey(q) (archived: GSI2 CRMPRODS#ARCH) |
 * | a product                  | GetItem |
 * | create                     | create (attribute_not_exists) |
 * | edit                       | put where version = :v → 409 + current |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';
import { UNIT_CODES } from './contract';
import { PRODUCTS_ARCHIVED_GSI, PRODUCTS_GSI, searchKey } from './keys';

export const PRODUCT_ENTITY = 'crmProduct';

type NameParts = { name?: string; productId?: string; archived?: boolean };
const nameSort = (p: NameParts) => `${searchKey(p.name ?? '')}#${p.productId ?? ''}`;
const buildProducts = () =>
  new Entity(
    {
      model: { entity: PRODUCT_ENTITY, version: '1', service: SERVICE },
      attributes: {
        productId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        sku: { type: 'string' },
        unit: { type: UNIT_CODES, required: true },
        priceMinor: { type: 'number', required: true },
        currency: { type: 'string', required: true },
        taxRateBp: { type: 'number', required: true },
        description: { type: 'string' },
        archived: { type: 'boolean', required: true },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        // The sparse name lists: live products on GSI1, archived ones on GSI2.
        GSI1PK: {
          type: 'string',
          hidden: true,
          watch: ['name', 'productId', 'archived'],
          set: (_v: unknown, p: NameParts) => (p.archived ? undefined : PRODUCTS_GSI),
        },
        GSI1SK: {
          type: 'string',
          hidden: true,
          watch: ['name', 'productId', 'archived'],
          set: (_v: unknown, p: NameParts) => (p.archived ? undefined : nameSort(p)),
        },
        GSI2PK: {
          type: 'string',
          hidden: true,
          watch: ['name', 'productId', 'archived'],
          set: (_v: unknown, p: NameParts) => (p.archived ? PRODUCTS_ARCHIVED_GSI : undefined),
        },
        GSI2SK: {
          type: 'string',
          hidden: true,
          watch: ['name', 'productId', 'archived'],
          set: (_v: unknown, p: NameParts) => (p.archived ? nameSort(p) : undefined),
        },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['productId'], template: 'CRMPROD#${productId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'PROD', casing: 'none' },
        },
        live: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: ['GSI1PK'], template: '${GSI1PK}', casing: 'none' },
          sk: { field: 'GSI1SK', composite: ['GSI1SK'], template: '${GSI1SK}', casing: 'none' },
        },
        archived: {
          index: 'GSI2',
          pk: { field: 'GSI2PK', composite: ['GSI2PK'], template: '${GSI2PK}', casing: 'none' },
          sk: { field: 'GSI2SK', composite: ['GSI2SK'], template: '${GSI2SK}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildProducts> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Products = () => (built ??= buildProducts());

/** A product as stored (its list keys are computed by the entity). */
export type ProductItem = Omit<EntityItem<ReturnType<typeof Products>>, 'GSI1PK' | 'GSI1SK' | 'GSI2PK' | 'GSI2SK'>;
