/**
 * Connect data -> the JSON tree JsonConverter writes as the payload. With a schema, the schema decides
 * the encoding (INT64 as a plain integer, BYTES and BASE64 decimals as base64 text, maps with non-string
 * keys as [key, value] pairs, logical types as their underlying numbers); without one, the JS type does.
 * Objects are built without a prototype so a field named "__proto__" stays a field.
 */
import {
  BigDecimal, ConnectDate, DataException, Decimal, Schema, Struct, Time, Timestamp, validateValue,
} from '../../../connectors/sdk/index.ts';
import { encodeBase64 } from './base64.ts';
import { describeAt, fieldPath, requiredReason, type JsonCodecOptions } from './json-codec-options.ts';
import { formatBigDecimal, formatDouble, formatFloat } from './java-number-format.ts';
import { rawNumber } from './json-text.ts';

type LogicalEncoder = (schema: Schema, value: unknown, options: JsonCodecOptions) => unknown;

const LOGICAL_ENCODERS: Readonly<Record<string, LogicalEncoder>> = {
  [Decimal.LOGICAL_NAME]: (schema, value, options) =>
    options.decimalFormat === 'NUMERIC' ? rawNumber(formatBigDecimal(value as BigDecimal)) : encodeBase64(Decimal.fromLogical(schema, value as BigDecimal)),
  [ConnectDate.LOGICAL_NAME]: (schema, value) => ConnectDate.fromLogical(schema, value as Date),
  [Time.LOGICAL_NAME]: (schema, value) => Time.fromLogical(schema, value as Date),
  [Timestamp.LOGICAL_NAME]: (schema, value) => Timestamp.fromLogical(schema, value as Date),
};

export function valueToJson(schema: Schema | null, value: unknown, options: JsonCodecOptions, path = ''): unknown {
  if (schema === null) return schemalessToJson(value, path);
  if (value === null || value === undefined) {
    if (schema.defaultValue !== null && options.replaceNullWithDefault) return valueToJson(schema, schema.defaultValue, options, path);
    if (schema.optional) return null;
    throw new DataException(`Missing ${describeAt(path)}: the ${schema.type} schema is required and ${requiredReason(schema)}`);
  }
  const logical = schema.name === null ? undefined : LOGICAL_ENCODERS[schema.name];
  if (logical) {
    validateValue(schema, value, path);
    return logical(schema, value, options);
  }
  switch (schema.type) {
    case 'array':
      if (!Array.isArray(value)) throw invalid(schema, value, path, 'an array');
      return value.map((item, i) => valueToJson(schema.valueSchema, item, options, `${path}[${i}]`));
    case 'map':
      return mapToJson(schema, value, options, path);
    case 'struct':
      return structToJson(schema, value, options, path);
    default:
      validateValue(schema, value, path);
      return primitiveToJson(schema.type, value);
  }
}

function primitiveToJson(type: Schema['type'], value: unknown): unknown {
  switch (type) {
    case 'int64':
      return typeof value === 'bigint' ? rawNumber(value.toString()) : value;
    case 'float32':
      return Number.isFinite(value) ? rawNumber(formatFloat(value as number)) : String(value);
    case 'float64':
      return Number.isFinite(value) ? rawNumber(formatDouble(value as number)) : String(value);
    case 'bytes':
      return encodeBase64(value as Uint8Array);
    default:
      return value;
  }
}

function mapToJson(schema: Schema, value: unknown, options: JsonCodecOptions, path: string): unknown {
  if (!(value instanceof Map)) throw invalid(schema, value, path, 'a Map');
  const keySchema = schema.keySchema!;
  const valueSchema = schema.valueSchema!;
  if (keySchema.type === 'string') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, item] of value) {
      const name = valueToJson(keySchema, key, options, `${path} (map key)`) as string;
      out[name] = valueToJson(valueSchema, item, options, `${path}[${JSON.stringify(name)}]`);
    }
    return out;
  }
  return [...value].map(([key, item], i) => [
    valueToJson(keySchema, key, options, `${path} (map key ${i})`),
    valueToJson(valueSchema, item, options, `${path}[${String(key)}]`),
  ]);
}

function structToJson(schema: Schema, value: unknown, options: JsonCodecOptions, path: string): unknown {
  if (!(value instanceof Struct)) throw invalid(schema, value, path, 'a Struct');
  if (!value.schema.equals(schema)) {
    throw new DataException(`Invalid ${describeAt(path)}: the Struct's schema ${value.schema} is not the schema given for it (${schema})`);
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const field of schema.fields) {
    const fieldValue = options.replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field);
    out[field.name] = valueToJson(field.schema, fieldValue, options, fieldPath(path, field.name));
  }
  return out;
}

function schemalessToJson(value: unknown, path: string): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'bigint':
      return rawNumber(value.toString());
    case 'number':
      if (!Number.isFinite(value)) return String(value);
      return Number.isSafeInteger(value) ? value : rawNumber(formatDouble(value));
  }
  if (value instanceof Uint8Array) return encodeBase64(value);
  if (Array.isArray(value)) return value.map((item, i) => schemalessToJson(item, `${path}[${i}]`));
  if (value instanceof Map) {
    const entries = [...value];
    if (entries.every(([key]) => typeof key === 'string')) {
      return objectOf(entries.map(([key, item]) => [key as string, schemalessToJson(item, `${path}[${JSON.stringify(key)}]`)]));
    }
    return entries.map(([key, item], i) => [schemalessToJson(key, `${path} (map key ${i})`), schemalessToJson(item, `${path}[${String(key)}]`)]);
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    return objectOf(Object.entries(value).map(([key, item]) => [key, schemalessToJson(item, fieldPath(path, key))]));
  }
  const hint = value instanceof Struct ? 'a Struct needs its schema' : value instanceof BigDecimal || value instanceof Date ? 'logical-type values need their schema' : 'only JSON-like values can be written without a schema';
  throw new DataException(`Cannot write ${describeAt(path)} (${(value as object).constructor?.name ?? 'object'}) without a schema: ${hint}; set the record's key/value schema`);
}

function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, item] of entries) out[key] = item;
  return out;
}

function invalid(schema: Schema, value: unknown, path: string, wanted: string): DataException {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
  return new DataException(`Invalid ${describeAt(path)}: ${schema.type} needs ${wanted}, got ${got}`);
}
