/**
 * JSON text of a Struct, written straight from a writer prepared once per struct schema instead of
 * building a tree and stringifying it (the JsonConverter's per-record hot path). The text is exactly
 * what `JSON.stringify(valueToJson(schema, struct))` gives: primitives are checked with the SDK's
 * validateValue (as valueToJson does) and written here; nulls, logical types, bytes, arrays and maps go
 * through valueToJson, so defaults, encodings and error messages stay those of the general path.
 */
import { Decimal, Struct, validateValue, type Schema } from '../../../connectors/sdk/index.ts';
import { fieldPath, type JsonCodecOptions } from './json-codec-options.ts';
import { formatDouble, formatFloat } from './java-number-format.ts';
import { valueToJson } from './value-to-json.ts';

/** JSON text of a value of one schema at one place in the record (its path is for error messages). */
type ValueWriter = (value: unknown) => string;

/** JSON text of a primitive value that validateValue accepted (what primitiveToJson + JSON.stringify give). */
const PRIMITIVE_TEXT: Partial<Record<Schema['type'], (value: unknown) => string>> = {
  string: (value) => jsonString(value as string),
  boolean: (value) => String(value),
  int8: (value) => String(value),
  int16: (value) => String(value),
  int32: (value) => String(value),
  int64: (value) => String(value),
  float32: (value) => (Number.isFinite(value) ? formatFloat(value as number) : JSON.stringify(String(value))),
  float64: (value) => (Number.isFinite(value) ? formatDouble(value as number) : JSON.stringify(String(value))),
};
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
    if (schema.type === 'struct') return this.#prepareStruct(schema, path) ?? general;
    const text = PRIMITIVE_TEXT[schema.type];
    if (!text) return general;
    // valueToJson's own steps for a primitive: validateValue (its errors), then the value's text.
    return (value) => {
      if (value === null || value === undefined) return general(value);
      validateValue(schema, value, path);
      return text(value);
    };
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
