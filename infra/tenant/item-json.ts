/**
 * Items as DynamoDB JSON (the typed form, `{"S": "..."}`, `{"N": "1"}`), so every type survives the trip
 * exactly: numbers as written, string and number sets, binary as base64 (the form DynamoDB's own
 * export to S3 uses). The SDK gives binary as Uint8Array, which JSON.stringify would turn into an object.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

/** A JSON-safe attribute value: binary as base64 text. */
export type JsonAttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, JsonAttributeValue> }
  | { L: JsonAttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type JsonItem = Record<string, JsonAttributeValue>;

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

export function toJsonValue(v: AttributeValue): JsonAttributeValue {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.B !== undefined) return { B: b64(v.B) };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.BS !== undefined) return { BS: v.BS.map(b64) };
  if (v.M !== undefined) return { M: toJsonItem(v.M) };
  if (v.L !== undefined) return { L: v.L.map(toJsonValue) };
  if (v.NULL !== undefined) return { NULL: true };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  throw new Error(`unknown attribute value type: ${Object.keys(v).join(',')}`);
}

export function fromJsonValue(v: JsonAttributeValue): AttributeValue {
  if ('B' in v) return { B: unb64(v.B) };
  if ('BS' in v) return { BS: v.BS.map(unb64) };
  if ('M' in v) return { M: fromJsonItem(v.M) };
  if ('L' in v) return { L: v.L.map(fromJsonValue) };
  return v;
}

export const toJsonItem = (item: Item): JsonItem =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toJsonValue(v)]));

export const fromJsonItem = (item: JsonItem): Item =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromJsonValue(v)]));
