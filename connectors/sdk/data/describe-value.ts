/** Short, bounded descriptions of values and places for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `string ${JSON.stringify(value.slice(0, 40))}…` : `string ${JSON.stringify(value)}`;
    case 'number':
      return `number ${value}`;
    case 'bigint':
      return `bigint ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      if (value instanceof Uint8Array) return `bytes[${value.length}]`;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `Date ${value.toISOString()}`;
      if (Array.isArray(value)) return `array[${value.length}]`;
      if (value instanceof Map) return `Map(${value.size})`;
      return value.constructor && value.constructor !== Object ? `${value.constructor.name} ${String(value).slice(0, 60)}` : 'a plain object';
    default:
      return typeof value;
  }
}

/** "value" at the top level, `field "a.b[2]"` below it. */
export function describePath(path: string): string {
  return path === '' ? 'value' : `field "${path}"`;
}

export function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
