/**
 * A record of values laid out by a struct schema. `put` checks each value against its field's schema;
 * `validate` additionally checks that every required field without a default has a value.
 */
import { DataException } from '../errors.ts';
import type { BigDecimal } from './big-decimal.ts';
import type { Field } from './field.ts';
import type { Schema } from './schema.ts';
import type { SchemaType } from './schema-type.ts';
import { validateStruct, validateValue } from './validate-value.ts';
import { valuesEqual } from './value-equality.ts';

export class Struct {
  readonly schema: Schema;
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== 'struct') throw new DataException(`A Struct needs a struct schema, got ${schema}`, { code: 'DATA_SCHEMA_INVALID' });
    this.schema = schema;
    this.#values = new Array(schema.fields.length).fill(null);
  }

  /** The field's value, or its schema's default when the value is null. */
  get(field: string | Field): unknown {
    const found = this.#lookup(field);
    return this.#values[found.index] ?? found.schema.defaultValue;
  }

  getWithoutDefault(field: string | Field): unknown {
    return this.#values[this.#lookup(field).index];
  }

  put(field: string | Field, value: unknown): this {
    const found = this.#lookup(field);
    validateValue(found.schema, value, found.name);
    this.#values[found.index] = value ?? null;
    return this;
  }

  getInt8(field: string | Field): number | null {
    return this.#typed(field, 'int8') as number | null;
  }

  getInt16(field: string | Field): number | null {
    return this.#typed(field, 'int16') as number | null;
  }

  getInt32(field: string | Field): number | null {
    return this.#typed(field, 'int32') as number | null;
  }

  /** INT64 values may be stored as safe-integer numbers; this always answers a bigint. */
  getInt64(field: string | Field): bigint | null {
    const value = this.#typed(field, 'int64') as number | bigint | null;
    return typeof value === 'number' ? BigInt(value) : value;
  }

  getFloat32(field: string | Field): number | null {
    return this.#typed(field, 'float32') as number | null;
  }

  getFloat64(field: string | Field): number | null {
    return this.#typed(field, 'float64') as number | null;
  }

  getBoolean(field: string | Field): boolean | null {
    return this.#typed(field, 'boolean') as boolean | null;
  }

  getString(field: string | Field): string | null {
    return this.#typed(field, 'string') as string | null;
  }

  getBytes(field: string | Field): Uint8Array | null {
    return this.#typed(field, 'bytes') as Uint8Array | null;
  }

  getArray<T = unknown>(field: string | Field): T[] | null {
    return this.#typed(field, 'array') as T[] | null;
  }

  getMap<K = unknown, V = unknown>(field: string | Field): Map<K, V> | null {
    return this.#typed(field, 'map') as Map<K, V> | null;
  }

  getStruct(field: string | Field): Struct | null {
    return this.#typed(field, 'struct') as Struct | null;
  }

  getDecimal(field: string | Field): BigDecimal | null {
    return this.#typed(field, 'bytes') as BigDecimal | null;
  }

  /** For Date, Time and Timestamp fields. */
  getDate(field: string | Field): Date | null {
    const found = this.#lookup(field);
    if (found.schema.type !== 'int32' && found.schema.type !== 'int64') throw this.#wrongType(found, 'a Date, Time or Timestamp');
    return this.get(found) as Date | null;
  }

  /** Throws a DataException naming the first field (by path) that is missing or invalid. */
  validate(): void {
    validateStruct(this);
  }

  equals(other: unknown): boolean {
    return (
      other instanceof Struct &&
      this.schema.equals(other.schema) &&
      this.schema.fields.every((field) => valuesEqual(this.#values[field.index], other.getWithoutDefault(field)))
    );
  }

  toString(): string {
    const parts = this.schema.fields.map((field) => `${field.name}=${formatValue(this.#values[field.index])}`);
    return `Struct{${parts.join(',')}}`;
  }

  #lookup(field: string | Field): Field {
    if (typeof field !== 'string') {
      if (this.schema.fields[field.index] !== field && !this.schema.fields[field.index]?.equals(field)) {
        throw new DataException(`Field "${field.name}" does not belong to ${this.schema}`, { code: 'DATA_SCHEMA_INVALID' });
      }
      return this.schema.fields[field.index];
    }
    const found = this.schema.field(field);
    if (!found) {
      const known = this.schema.fields.map((f) => f.name).join(', ');
      throw new DataException(`"${field}" is not a field of ${this.schema} (fields: ${known})`, { code: 'DATA_SCHEMA_INVALID' });
    }
    return found;
  }

  #typed(field: string | Field, type: SchemaType): unknown {
    const found = this.#lookup(field);
    if (found.schema.type !== type) throw this.#wrongType(found, type);
    return this.get(found);
  }

  #wrongType(field: Field, wanted: string): DataException {
    return new DataException(`Field "${field.name}" is ${field.schema.type}${field.schema.name ? ` (${field.schema.name})` : ''}, not ${wanted}`);
  }
}

function formatValue(value: unknown): string {
  if (value instanceof Uint8Array) return `bytes[${value.length}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(formatValue).join(',')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${formatValue(k)}=${formatValue(v)}`).join(',')}}`;
  return String(value);
}
