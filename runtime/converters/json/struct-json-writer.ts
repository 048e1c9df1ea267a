/**
 * JSON text of a Struct, written straight from a writer prepared once per struct schema instead of
 * building a tree and stringifying it (the JsonConverter's per-record hot path). The text is exactly
 * what `JSON.stringify(valueToJson(schema, struct))` gives: primitives are checked and written here;
 * nulls, logical types, bytes, arrays, maps and any value that fails a check go through valueToJson,
 * so defaults, encodings and error messages stay those of the general path.
 */
import { Decimal, Struct, type Schema } from '../../../connectors/sdk/index.ts';
import { fieldPath, type JsonCodecOptions } from './json-codec-options.ts';
import { formatDouble, formatFloat } from './java-number-format.ts';
import { valueToJson } from './value-to-json.ts';

/** JSON text of a value of one schema at one place in the record (its path is for error messages). */
type ValueWriter = (value: unknown) => string;

const INT_RANGES = { int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_MAX = 3.4028234663852886e38;
/** Property names JS objects enumerate first, in numeric order: a struct with such a field keeps the general path. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

export class StructJsonWriters {
  readonly #options: JsonCodecOptions;
  readonly #writers = new WeakMap<Schema, ValueWriter | null>();

  constructor(options: JsonCodecOptions) {
    this.#options = options;
  }

  /** The JSON text of `value` under a struct schema, or undefined when this schema is not one it prepares. */
  write(schema: Schema, value: unknown): string | undefined {
    let writer = this.#writers.get(schema);
    if (writer === undefined) this.#writers.set(schema, (writer = this.#prepareStruct(schema, '')));
    return writer === null ? undefined : writer(value);
  }

  #prepareStruct(schema: Schema, path: string): ValueWriter | null {
    if (schema.type !== 'struct' || isLogical(schema)) return null;
    if (schema.fields.some((field) => ARRAY_INDEX.test(field.name) && Number(field.name) < 2 ** 32 - 1)) return null;
    const general = this.#general(schema, path);
    const fields = schema.fields.map((field, i) => ({
      field,
      prefix: `${i === 0 ? '{' : ','}${JSON.stringify(field.name)}:`,
      write: this.#valueWriter(field.schema, fieldPath(path, field.name)),
    }));
    const withDefaults = this.#options.replaceNullWithDefault;
    return (value) => {
      if (!(value instanceof Struct) || value.schema !== schema) return general(value);
      let text = fields.length === 0 ? '{' : '';
      for (const { field, prefix, write } of fields) text += prefix + write(withDefaults ? value.get(field) : value.getWithoutDefault(field));
      return `${text}}`;
    };
  }

  #valueWriter(schema: Schema, path: string): ValueWriter {
    const general = this.#general(schema, path);
    if (isLogical(schema)) return general;
    switch (schema.type) {
      case 'string':
        return (value) => (typeof value === 'string' ? jsonString(value) : general(value));
      case 'boolean':
        return (value) => (value === true ? 'true' : value === false ? 'false' : general(value));
      case 'int8':
      case 'int16':
      case 'int32': {
        const [min, max] = INT_RANGES[schema.type];
        return (value) => (Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? String(value) : general(value));
      }
      case 'int64':
        return (value) => {
          if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
          if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) return value.toString();
          return general(value);
        };
      case 'float32':
        return (value) => {
          if (typeof value !== 'number' || (Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX)) return general(value);
          return Number.isFinite(value) ? formatFloat(value) : JSON.stringify(String(value));
        };
      case 'float64':
        return (value) => {
          if (typeof value !== 'number') return general(value);
          return Number.isFinite(value) ? formatDouble(value) : JSON.stringify(String(value));
        };
      case 'struct':
        return this.#prepareStruct(schema, path) ?? general;
      default:
        return general;
    }
  }

  #general(schema: Schema, path: string): ValueWriter {
    const options = this.#options;
    return (value) => JSON.stringify(valueToJson(schema, value, options, path));
  }
}

/** Characters JSON.stringify escapes (quote, backslash, controls, surrogates that may be lone). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text), without its call for the usual text that needs no escape. */
function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function isLogical(schema: Schema): boolean {
  return schema.name !== null && (schema.name === Decimal.LOGICAL_NAME || schema.name.startsWith('org.apache.kafka.connect.data.'));
}
