/**
 * Checks a value against a schema, recursively, the way Connect's ConnectSchema.validateValue does, and
 * a little stricter where JavaScript is looser than Java: integers must be in range (INT64 accepts a
 * bigint or a safe-integer number), bytes are Uint8Array (Buffer included), MAP values are JS Maps,
 * and logical-type values are checked for what their encoding needs (a Date on midnight UTC, a Time within
 * one day, a Decimal with the schema's scale). Errors name the failing place as a path ("after.tags[2]").
 */
import { DataException } from '../errors.ts';
import { BigDecimal } from './big-decimal.ts';
import { childPath, describePath, describeValue } from './describe-value.ts';
import {
  DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, DECIMAL_SCALE_PARAMETER, MILLIS_PER_DAY, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME,
} from './logical-names.ts';
import type { Schema } from './schema.ts';
import { Struct } from './struct.ts';

const INT_RANGES = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_MAX = 3.4028234663852886e38;
const MAX_DATE_MILLIS = 8.64e15;

export function validateValue(schema: Schema, value: unknown, path = ''): void {
  if (value === null || value === undefined) {
    if (schema.optional || schema.defaultValue !== null) return;
    throw new DataException(`Missing ${describePath(path)}: ${label(schema)} is required and has no default`);
  }
  const problem = schema.name !== null && LOGICAL_CHECKS[schema.name] ? LOGICAL_CHECKS[schema.name](schema, value) : checkType(schema, value, path);
  if (problem !== null) throw new DataException(`Invalid ${describePath(path)}: ${label(schema)} needs ${problem}, got ${describeValue(value)}`);
}

/** Checks every field of a struct: required fields present, values matching their schemas. */
export function validateStruct(struct: Struct, path = ''): void {
  for (const field of struct.schema.fields) {
    validateValue(field.schema, struct.getWithoutDefault(field), childPath(path, field.name));
  }
}

function checkType(schema: Schema, value: unknown, path: string): string | null {
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32': {
      const [min, max] = INT_RANGES[schema.type];
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? null : `an integer number in [${min}, ${max}]`;
    }
    case 'int64':
      if (typeof value === 'bigint') return value >= INT64_MIN && value <= INT64_MAX ? null : 'a 64-bit signed integer';
      return Number.isSafeInteger(value) ? null : 'a bigint or a safe-integer number';
    case 'float32':
      return typeof value === 'number' && !(Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX) ? null : 'a number within float32 range';
    case 'float64':
      return typeof value === 'number' ? null : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'a boolean';
    case 'string':
      return typeof value === 'string' ? null : 'a string';
    case 'bytes':
      return value instanceof Uint8Array ? null : 'a Uint8Array or Buffer';
    case 'array':
      if (!Array.isArray(value)) return 'an array';
      value.forEach((item, i) => validateValue(schema.valueSchema!, item, `${path}[${i}]`));
      return null;
    case 'map':
      if (!(value instanceof Map)) return 'a Map';
      for (const [key, item] of value) {
        const at = `${path}[${typeof key === 'string' ? JSON.stringify(key) : String(key)}]`;
        validateValue(schema.keySchema!, key, `${at} (key)`);
        validateValue(schema.valueSchema!, item, at);
      }
      return null;
    case 'struct':
      if (!(value instanceof Struct)) return 'a Struct';
      if (!value.schema.equals(schema)) return `a Struct of this schema, not of ${value.schema}`;
      validateStruct(value, path);
      return null;
  }
}

type LogicalCheck = (schema: Schema, value: unknown) => string | null;

const LOGICAL_CHECKS: Readonly<Record<string, LogicalCheck>> = {
  [DECIMAL_LOGICAL_NAME]: (schema, value) => {
    const scale = Number(schema.parameters?.[DECIMAL_SCALE_PARAMETER]);
    return value instanceof BigDecimal && value.scale === scale ? null : `a BigDecimal with scale ${scale}`;
  },
  [DATE_LOGICAL_NAME]: (_schema, value) =>
    isValidDate(value) && value.getTime() % MILLIS_PER_DAY === 0 ? null : 'a Date at midnight UTC',
  [TIME_LOGICAL_NAME]: (_schema, value) =>
    isValidDate(value) && value.getTime() >= 0 && value.getTime() <= MILLIS_PER_DAY ? null : 'a Date on 1970-01-01 UTC (time of day only)',
  [TIMESTAMP_LOGICAL_NAME]: (_schema, value) => (isValidDate(value) ? null : 'a valid Date'),
};

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime()) && Math.abs(value.getTime()) <= MAX_DATE_MILLIS;
}

function label(schema: Schema): string {
  if (schema.name === DECIMAL_LOGICAL_NAME) return `Decimal (scale ${schema.parameters?.[DECIMAL_SCALE_PARAMETER]})`;
  if (schema.name === DATE_LOGICAL_NAME) return 'Date';
  if (schema.name === TIME_LOGICAL_NAME) return 'Time';
  if (schema.name === TIMESTAMP_LOGICAL_NAME) return 'Timestamp';
  return schema.name ? `${schema.type} ${schema.name}` : schema.type;
}
