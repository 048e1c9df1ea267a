/**
 * The ordered, multi-valued headers of a record. Adding a header with a schema validates the value
 * against it; schemaless headers are accepted as they are (the header converter decides their bytes).
 */
import type { BigDecimal } from '../data/big-decimal.ts';
import { ConnectDate } from '../data/connect-date.ts';
import { Decimal } from '../data/decimal.ts';
import { Schema } from '../data/schema.ts';
import type { Struct } from '../data/struct.ts';
import { Time } from '../data/time.ts';
import { Timestamp } from '../data/timestamp.ts';
import { validateValue } from '../data/validate-value.ts';
import { DataException } from '../errors.ts';
import { Header } from './header.ts';

export class ConnectHeaders implements Iterable<Header> {
  #headers: Header[];

  constructor(headers: Iterable<Header> = []) {
    this.#headers = [...headers];
  }

  get size(): number {
    return this.#headers.length;
  }

  isEmpty(): boolean {
    return this.#headers.length === 0;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#headers[Symbol.iterator]();
  }

  add(header: Header): this;
  add(key: string, value: unknown, schema?: Schema | null): this;
  add(keyOrHeader: string | Header, value?: unknown, schema: Schema | null = null): this {
    const header = keyOrHeader instanceof Header ? keyOrHeader : new Header(keyOrHeader, value, schema);
    if (header.schema) {
      try {
        validateValue(header.schema, header.value);
      } catch (error) {
        throw new DataException(`Header "${header.key}": ${(error as Error).message}`, { cause: error });
      }
    }
    this.#headers.push(header);
    return this;
  }

  addString(key: string, value: string | null): this {
    return this.add(key, value, Schema.OPTIONAL_STRING_SCHEMA);
  }
  addBoolean(key: string, value: boolean | null): this {
    return this.add(key, value, Schema.OPTIONAL_BOOLEAN_SCHEMA);
  }
  addInt8(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_INT8_SCHEMA);
  }
  addInt16(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_INT16_SCHEMA);
  }
  addInt32(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_INT32_SCHEMA);
  }
  addInt64(key: string, value: bigint | number | null): this {
    return this.add(key, value, Schema.OPTIONAL_INT64_SCHEMA);
  }
  addFloat32(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_FLOAT32_SCHEMA);
  }
  addFloat64(key: string, value: number | null): this {
    return this.add(key, value, Schema.OPTIONAL_FLOAT64_SCHEMA);
  }
  addBytes(key: string, value: Uint8Array | null): this {
    return this.add(key, value, Schema.OPTIONAL_BYTES_SCHEMA);
  }
  addStruct(key: string, value: Struct): this {
    return this.add(key, value, value.schema);
  }
  addDecimal(key: string, value: BigDecimal): this {
    return this.add(key, value, Decimal.schema(value.scale));
  }
  addDate(key: string, value: Date): this {
    return this.add(key, value, ConnectDate.SCHEMA);
  }
  addTime(key: string, value: Date): this {
    return this.add(key, value, Time.SCHEMA);
  }
  addTimestamp(key: string, value: Date): this {
    return this.add(key, value, Timestamp.SCHEMA);
  }

  /** The last header with this key, or null. */
  lastWithName(key: string): Header | null {
    for (let i = this.#headers.length - 1; i >= 0; i--) if (this.#headers[i].key === key) return this.#headers[i];
    return null;
  }

  allWithName(key: string): Header[] {
    return this.#headers.filter((header) => header.key === key);
  }

  remove(key: string): this {
    this.#headers = this.#headers.filter((header) => header.key !== key);
    return this;
  }

  /** Keeps only the last header of each key (or of the given key). */
  retainLatest(key?: string): this {
    const last = new Map<string, Header>();
    for (const header of this.#headers) last.set(header.key, header);
    this.#headers = this.#headers.filter((header) => (key !== undefined && header.key !== key) || last.get(header.key) === header);
    return this;
  }

  clear(): this {
    this.#headers = [];
    return this;
  }

  duplicate(): ConnectHeaders {
    return new ConnectHeaders(this.#headers);
  }
}
