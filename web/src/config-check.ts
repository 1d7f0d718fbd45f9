/**
 * Checks `/config.json` against the JSON Schema the build derives from the shared Zod schema
 * (shared/config/portal-config.ts, turned into `virtual:portal-config-schema` by web/vite.config.ts): the
 * same rules as the Zod parse, without Zod in the first page's download. It knows the few keywords that
 * schema produces and throws on any other, so a schema it cannot check fails loudly instead of passing.
 */
export interface JsonSchema {
  $schema?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  format?: string;
}
type JsonType = 'string' | 'null' | 'object' | 'number' | 'boolean';

export interface ConfigIssue {
  path: string;
  message: string;
}
export type ConfigCheck<T> = { success: true; data: T } | { success: false; issues: ConfigIssue[] };

const KNOWN = new Set([
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'enum',
  'pattern',
  'minLength',
  'format',
]);

type Checked = { ok: true; value: unknown } | { ok: false; message: string };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function checkValue(schema: JsonSchema, value: unknown): Checked {
  const unknown = Object.keys(schema).find((k) => !KNOWN.has(k));
  if (unknown) throw new Error(`config check: unsupported JSON Schema keyword "${unknown}"`);
  if (schema.anyOf) {
    let first: Checked | undefined;
    for (const branch of schema.anyOf) {
      const r = checkValue(branch, value);
      if (r.ok) return r;
      first ??= r;
    }
    return first ?? { ok: false, message: 'Invalid input' };
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes(typeOf(value) as JsonType)) {
      return { ok: false, message: `Invalid input: expected ${types.join(' or ')}, received ${typeOf(value)}` };
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return {
      ok: false,
      message: `Invalid option: expected one of ${schema.enum.map((v) => JSON.stringify(v)).join('|')}`,
    };
  }
  if (typeof value !== 'string') return { ok: true, value };
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    return { ok: false, message: `Too small: expected string to have >=${schema.minLength} characters` };
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
    return { ok: false, message: `Invalid string: must match pattern ${schema.pattern}` };
  }
  if (schema.format !== undefined) {
    if (schema.format !== 'uri') throw new Error(`config check: unsupported format "${schema.format}"`);
    // As Zod's z.url(): trimmed, parsable by URL, and tabs/newlines (which URL ignores) removed.
    const trimmed = value.trim();
    if (!URL.canParse(trimmed)) return { ok: false, message: 'Invalid URL' };
    return { ok: true, value: trimmed.replace(/[\t\n\r]/g, '') };
  }
  return { ok: true, value };
}

/** The checked object, with only the schema's properties (unknown keys dropped, as Zod's object does). */
export function checkConfig<T>(json: unknown, schema: JsonSchema): ConfigCheck<T> {
  const root = checkValue({ ...schema, properties: undefined, required: undefined }, json);
  if (!root.ok) return { success: false, issues: [{ path: '', message: root.message }] };
  const input = json as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (input[key] === undefined) {
      if (schema.required?.includes(key)) issues.push({ path: key, message: 'Invalid input: expected a value' });
      continue;
    }
    const r = checkValue(property, input[key]);
    if (r.ok) data[key] = r.value;
    else issues.push({ path: key, message: r.message });
  }
  return issues.length ? { success: false, issues } : { success: true, data: data as T };
}
