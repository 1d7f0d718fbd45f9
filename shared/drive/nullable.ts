/** Optional attributes that today's drive items store as `null` when cleared (ElectroDB's 'string' refuses null). */
import { CustomAttributeType, type createCustomAttribute } from 'electrodb';

/**
 * The attribute type "string or null". `CustomAttributeType<string | null>` types its answer per member of the
 * union (an opaque string or a custom null); the one custom type for the whole union is what items should carry.
 */
type NullableString = ReturnType<typeof createCustomAttribute<string | null>>['type'];
export const nullableString = () => ({ type: CustomAttributeType<string | null>('any') as NullableString });
