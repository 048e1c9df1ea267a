/**
 * JSON as Connect's internal converter (JsonConverter with schemas.enable=false) writes the values of
 * its internal topics: compact text, no schema envelope, object members in the order given. Integers
 * beyond 2^53 (source offsets such as log sequence numbers can be) are read as bigint and written back
 * digit for digit, so a round trip through Sluice never changes a Connect-written offset.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

interface JsonWithSource {
  rawJSON(text: string): unknown;
  parse(text: string, reviver: (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown): unknown;
}

const json = JSON as unknown as JsonWithSource;
const LONG_DIGIT_RUN = /\d{16}/;

export function toJsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? json.rawJSON(v.toString()) : v), indent);
}

export function parseJsonText(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return json.parse(text, (_key, value, context) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value,
  );
}

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(toJsonText(value), 'utf8');
}

/** Throws SyntaxError on bytes that are not JSON text. */
export function decodeJson(bytes: Buffer): unknown {
  return parseJsonText(bytes.toString('utf8'));
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
