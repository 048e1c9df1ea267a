/**
 * Typed config values as Kafka's config types describe them (int, long, double, string, boolean, list),
 * parsed from the strings clients send. Every failure is INVALID_CONFIG and names the key and the value.
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';

export type ConfigType = 'int' | 'long' | 'double' | 'string' | 'boolean' | 'list';
export type ConfigValue = number | string | boolean | readonly string[];

/** Returns why the value is unacceptable, or null when it is fine. */
export type ConfigValidator = (value: ConfigValue) => string | null;

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d+$/;

export function invalidConfig(name: string, value: string, reason: string): KafkaProtocolError {
  return new KafkaProtocolError(ErrorCode.INVALID_CONFIG, `Invalid value '${value}' for configuration ${name}: ${reason}`);
}

export function parseConfigValue(name: string, type: ConfigType, raw: string): ConfigValue {
  const text = raw.trim();
  switch (type) {
    case 'int':
      return parseInteger(name, text, INT_MIN, INT_MAX, 'INT');
    case 'long':
      return parseInteger(name, text, LONG_MIN, LONG_MAX, 'LONG');
    case 'double': {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) throw invalidConfig(name, raw, 'not a number of type DOUBLE');
      return value;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalidConfig(name, raw, 'expected true or false');
      return lower === 'true';
    }
    case 'string':
      return text;
    case 'list':
      return text === '' ? [] : text.split(',').map((item) => item.trim());
  }
}

function parseInteger(name: string, text: string, min: bigint, max: bigint, typeName: string): number {
  if (!INTEGER_TEXT.test(text)) throw invalidConfig(name, text, `not a number of type ${typeName}`);
  const value = BigInt(text);
  if (value < min || value > max) throw invalidConfig(name, text, `out of range for type ${typeName}`);
  // Values near Long.MAX lose precision as numbers; they only ever mean "practically never".
  return Number(value);
}

/** The string form a value is stored and described with. */
export function formatConfigValue(value: ConfigValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function atLeast(min: number): ConfigValidator {
  return (value) => ((value as number) >= min ? null : `value must be at least ${min}`);
}

export function between(min: number, max: number): ConfigValidator {
  return (value) => {
    const n = value as number;
    return n >= min && n <= max ? null : `value must be between ${min} and ${max}`;
  };
}

export function oneOf(...allowed: string[]): ConfigValidator {
  return (value) => (allowed.includes(value as string) ? null : `value must be one of ${allowed.join(', ')}`);
}

export function nonEmptyListOf(...allowed: string[]): ConfigValidator {
  return (value) => {
    const items = value as readonly string[];
    if (items.length === 0) return `list must name at least one of ${allowed.join(', ')}`;
    const bad = items.find((item) => !allowed.includes(item));
    return bad === undefined ? null : `'${bad}' is not one of ${allowed.join(', ')}`;
  };
}

export const anyValue: ConfigValidator = () => null;
