/**
 * Deep equality of Connect values, as schema defaults and struct comparisons need it: bytes by content,
 * dates by instant, INT64 bigints and numbers by value, arrays and maps element-wise, and objects that
 * define `equals` (Struct, BigDecimal) by that method.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  // INT64 values may be held as a bigint or as a safe-integer number.
  if (typeof a === 'bigint' && typeof b === 'number') return Number.isInteger(b) && BigInt(b) === a;
  if (typeof a === 'number' && typeof b === 'bigint') return Number.isInteger(a) && BigInt(a) === b;
  if (typeof a !== 'object' || typeof b !== 'object') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  if (a instanceof Map) return b instanceof Map && mapsEqual(a, b);
  const equals = (a as { equals?: unknown }).equals;
  if (typeof equals === 'function') return equals.call(a, b) as boolean;
  return plainObjectsEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function mapsEqual(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!valuesEqual(value, b.get(key))) return false;
      continue;
    }
    // Keys that are objects (structs, bytes) match by content, not identity.
    let found = false;
    for (const [otherKey, otherValue] of b) {
      if (valuesEqual(key, otherKey) && valuesEqual(value, otherValue)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

function plainObjectsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key], b[key]));
}
