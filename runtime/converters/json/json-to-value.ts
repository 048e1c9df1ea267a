/**
 * A JSON payload -> Connect data. With a schema, each JSON value must have the shape the schema's type
 * needs; this is stricter than Connect (which reads a JSON string as 0 for an INT32, or silently
 * truncates 300 into an INT8) because such data is corrupt and should fail loudly. Without a schema,
 * JSON maps onto JS as JSON.parse would, except that integers beyond 2^53 become bigints.
 */
import {
  BigDecimal, ConnectDate, DataException, Decimal, Schema, Struct, Time, Timestamp,
} from '../../../connectors/sdk/index.ts';
import { decodeBase64 } from './base64.ts';
import { describeAt, fieldPath, requiredReason, type JsonCodecOptions } from './json-codec-options.ts';
import { JsonNumber } from './json-number.ts';

const INT_RANGES = { int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_MAX = 3.4028234663852886e38;
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

type LogicalDecoder = (schema: Schema, json: unknown, path: string) => unknown;

const LOGICAL_DECODERS: Readonly<Record<string, LogicalDecoder>> = {
  [Decimal.LOGICAL_NAME]: (schema, json, path) => {
    if (typeof json === 'string') {
      const bytes = decodeBase64(json, `${describeAt(path)} (Decimal)`);
      return withPath(path, () => Decimal.toLogical(schema, bytes));
    }
    if (typeof json !== 'number' && !(json instanceof JsonNumber)) throw mismatch('a Decimal as base64 text or a number', json, path);
    return withPath(path, () => BigDecimal.parse(numberText(json)).setScale(Decimal.scale(schema)));
  },
  [ConnectDate.LOGICAL_NAME]: (schema, json, path) => withPath(path, () => ConnectDate.toLogical(schema, integer(json, 'int32', path) as number)),
  [Time.LOGICAL_NAME]: (schema, json, path) => withPath(path, () => Time.toLogical(schema, integer(json, 'int32', path) as number)),
  [Timestamp.LOGICAL_NAME]: (schema, json, path) => withPath(path, () => Timestamp.toLogical(schema, integer(json, 'int64', path))),
};

export function jsonToValue(schema: Schema | null, json: unknown, options: JsonCodecOptions, path = ''): unknown {
  if (schema === null) return schemalessValue(json);
  if (json === null || json === undefined) {
    if (schema.defaultValue !== null && options.replaceNullWithDefault) return schema.defaultValue;
    if (schema.optional) return null;
    throw new DataException(`Missing ${describeAt(path)}: the JSON has null or nothing, but the ${schema.type} schema is required and ${requiredReason(schema)}`, {
      code: 'DATA_CONVERSION_FAILED',
    });
  }
  const logical = schema.name === null ? undefined : LOGICAL_DECODERS[schema.name];
  if (logical) return logical(schema, json, path);
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return integer(json, schema.type, path);
    case 'float32':
    case 'float64':
      if (typeof json === 'number' || json instanceof JsonNumber) return floating(schema.type, numberText(json), path);
      if (typeof json === 'string' && Object.hasOwn(NON_FINITE, json)) return NON_FINITE[json];
      throw mismatch(`a ${schema.type} number`, json, path);
    case 'boolean':
      if (typeof json === 'boolean') return json;
      throw mismatch('true or false', json, path);
    case 'string':
      if (typeof json === 'string') return json;
      throw mismatch('a string', json, path);
    case 'bytes':
      if (typeof json === 'string') return decodeBase64(json, describeAt(path));
      throw mismatch('bytes as base64 text', json, path);
    case 'array':
      if (!Array.isArray(json)) throw mismatch('an array', json, path);
      return json.map((item, i) => jsonToValue(schema.valueSchema, item, options, `${path}[${i}]`));
    case 'map':
      return mapValue(schema, json, options, path);
    case 'struct':
      return structValue(schema, json, options, path);
  }
}

function integer(json: unknown, type: 'int8' | 'int16' | 'int32' | 'int64', path: string): number | bigint {
  let value: bigint | null = null;
  if (typeof json === 'number' && Number.isInteger(json)) value = BigInt(json);
  if (json instanceof JsonNumber) {
    const exact = BigDecimal.parse(json.text);
    if (exact.scale <= 0 || exact.unscaled % 10n ** BigInt(exact.scale) === 0n) value = exact.setScale(0).unscaled;
  }
  if (value === null) throw mismatch(`an integer (${type})`, json, path);
  const [min, max] = type === 'int64' ? [INT64_MIN, INT64_MAX] : INT_RANGES[type].map(BigInt);
  if (value < min || value > max) throw new DataException(`Invalid ${describeAt(path)}: ${value} is outside the ${type} range [${min}, ${max}]`, { code: 'DATA_CONVERSION_FAILED' });
  return type === 'int64' ? value : Number(value);
}

function floating(type: 'float32' | 'float64', text: string, path: string): number {
  const value = Number(text);
  if (type === 'float32' && Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX) {
    throw new DataException(`Invalid ${describeAt(path)}: ${text} is outside the float32 range`, { code: 'DATA_CONVERSION_FAILED' });
  }
  return value;
}

function mapValue(schema: Schema, json: unknown, options: JsonCodecOptions, path: string): Map<unknown, unknown> {
  const keySchema = schema.keySchema!;
  const valueSchema = schema.valueSchema!;
  if (keySchema.type === 'string') {
    if (!isObject(json)) throw mismatch('a JSON object (a map with string keys)', json, path);
    return new Map(Object.entries(json).map(([key, item]) => [key, jsonToValue(valueSchema, item, options, `${path}[${JSON.stringify(key)}]`)]));
  }
  if (!Array.isArray(json)) throw mismatch('an array of [key, value] pairs (a map with non-string keys)', json, path);
  return new Map(
    json.map((entry, i) => {
      if (!Array.isArray(entry) || entry.length !== 2) throw mismatch('a [key, value] pair', entry, `${path}[${i}]`);
      return [jsonToValue(keySchema, entry[0], options, `${path}[${i}][0]`), jsonToValue(valueSchema, entry[1], options, `${path}[${i}][1]`)];
    }),
  );
}

function structValue(schema: Schema, json: unknown, options: JsonCodecOptions, path: string): Struct {
  if (!isObject(json)) throw mismatch(`a JSON object (struct${schema.name ? ` ${schema.name}` : ''})`, json, path);
  const struct = new Struct(schema);
  for (const field of schema.fields) {
    const item = Object.hasOwn(json, field.name) ? json[field.name] : undefined;
    struct.put(field, jsonToValue(field.schema, item, options, fieldPath(path, field.name)));
  }
  return struct;
}

function schemalessValue(json: unknown): unknown {
  if (json instanceof JsonNumber) return /[.eE]/.test(json.text) ? Number(json.text) : BigInt(json.text);
  if (Array.isArray(json)) return json.map(schemalessValue);
  if (isObject(json)) return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, schemalessValue(item)]));
  return json ?? null;
}

function isObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !(json instanceof JsonNumber);
}

function numberText(json: number | JsonNumber): string {
  return json instanceof JsonNumber ? json.text : String(json);
}

function withPath<T>(path: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (!(error instanceof DataException)) throw error;
    throw new DataException(`Invalid ${describeAt(path)}: ${error.message}`, { code: 'DATA_CONVERSION_FAILED', cause: error });
  }
}

function mismatch(wanted: string, json: unknown, path: string): DataException {
  return new DataException(`Invalid ${describeAt(path)}: expected ${wanted}, got ${jsonKind(json)}`, { code: 'DATA_CONVERSION_FAILED' });
}

function jsonKind(json: unknown): string {
  if (json === null || json === undefined) return 'null';
  if (json instanceof JsonNumber) return `number ${json.text}`;
  if (Array.isArray(json)) return `an array of ${json.length}`;
  if (typeof json === 'object') return 'an object';
  if (typeof json === 'string') return `string ${JSON.stringify(json.length > 40 ? `${json.slice(0, 40)}…` : json)}`;
  return `${typeof json} ${String(json)}`;
}
