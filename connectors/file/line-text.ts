/**
 * How the sink writes a record value as one line: strings as they are, bytes as UTF-8 text, schemaless
 * objects, arrays and maps as JSON, anything else (numbers, Structs, null) as String() gives it.
 */
export function lineText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  if (value instanceof Map) return JSON.stringify(Object.fromEntries(value), jsonSafe);
  if (Array.isArray(value) || isPlainObject(value)) return JSON.stringify(value, jsonSafe);
  return String(value);
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return value;
}
