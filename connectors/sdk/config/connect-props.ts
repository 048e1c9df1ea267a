/**
 * Connect hands configs over as strings ("5", "true", "a, b"). Before JSON Schema validation (which
 * coerces "5" to 5 and "true" to true by itself), this turns comma-separated strings into arrays for
 * array-typed keys, as Connect's LIST type does, accepts booleans in any case, trims numbers, and maps
 * case-insensitive enum values onto their declared spelling.
 */
import type { ConfigPropertySchema, ConfigSchema } from './config-schema.ts';

export function prepareProps(schema: ConfigSchema, props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const prepared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    prepared[key] = property && typeof value === 'string' ? prepareString(property, value) : structuredClone(value);
  }
  return prepared;
}

function prepareString(property: ConfigPropertySchema, value: string): unknown {
  const types = typeof property.type === 'string' ? [property.type] : (property.type ?? []);
  if (types.includes('array')) return value.trim() === '' ? [] : value.split(',').map((item) => item.trim());
  if (types.includes('boolean') && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
  if ((types.includes('integer') || types.includes('number')) && value.trim() !== '') return value.trim();
  if (property['x-case-insensitive'] && property.enum) {
    const match = property.enum.find((allowed) => typeof allowed === 'string' && allowed.toLowerCase() === value.toLowerCase());
    if (match !== undefined) return match;
  }
  return value;
}
