/**
 * Record headers without a header converter (Sluice has none; Connect's default is the
 * SimpleHeaderConverter). Decision: header values are text or bytes on the wire.
 * - Source → Kafka: null stays null, bytes go as they are, strings as UTF-8, numbers, bigints and
 *   booleans as their decimal/`true`/`false` text. Other values (Structs, maps, arrays, dates) are a
 *   DataException at the HEADER_CONVERTER stage (so errors.tolerance applies).
 * - Kafka → sink: a value that is valid UTF-8 becomes a string (OPTIONAL_STRING schema), anything else
 *   stays bytes (OPTIONAL_BYTES schema); null stays null.
 */
import { ConnectHeaders, DataException, Header, Schema } from '../../connectors/sdk/index.ts';

export type HeaderBytes = Array<readonly [string, Buffer | null]>;

export function headersToBytes(headers: ConnectHeaders): HeaderBytes {
  const out: HeaderBytes = [];
  for (const header of headers) out.push([header.key, headerValueBytes(header)]);
  return out;
}

function headerValueBytes(header: Header): Buffer | null {
  const value = header.value;
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return Buffer.from(String(value), 'utf8');
  throw new DataException(
    `Header "${header.key}" holds a ${describe(value)}; without a header converter only strings, bytes, numbers and booleans can be written`,
    { code: 'DATA_CONVERSION_FAILED' },
  );
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function headersFromBytes(headers: ReadonlyArray<readonly [string, Buffer | null]>): ConnectHeaders {
  const out = new ConnectHeaders();
  for (const [key, bytes] of headers) {
    if (bytes === null) {
      out.add(new Header(key, null, Schema.OPTIONAL_STRING_SCHEMA));
      continue;
    }
    let text: string | undefined;
    try {
      text = UTF8.decode(bytes);
    } catch {
      text = undefined;
    }
    out.add(text === undefined ? new Header(key, bytes, Schema.OPTIONAL_BYTES_SCHEMA) : new Header(key, text, Schema.OPTIONAL_STRING_SCHEMA));
  }
  return out;
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return value.constructor?.name ?? 'object';
}
