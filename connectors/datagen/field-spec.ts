/**
 * The field generators of a datagen schema (quickstarts and schema.fields alike): what each type
 * accepts, checked up front so a bad spec fails at config validation with the field named, not
 * halfway through a run.
 */
import { ConfigException } from '../sdk/index.ts';

export const FIELD_TYPES = ['string', 'int', 'long', 'double', 'boolean', 'timestamp', 'now', 'uuid', 'key', 'seq'] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  readonly type: FieldType;
  readonly values?: readonly (string | number)[];
  readonly min?: number;
  readonly max?: number;
  readonly prefix?: string;
  readonly length?: number;
  readonly decimals?: number;
}

const OPTIONS: Readonly<Record<FieldType, readonly string[]>> = {
  string: ['values', 'prefix', 'min', 'max', 'length'],
  int: ['values', 'min', 'max'],
  long: ['values', 'min', 'max'],
  double: ['values', 'min', 'max', 'decimals'],
  boolean: [],
  timestamp: ['min', 'max'],
  now: [],
  uuid: [],
  key: [],
  seq: [],
};

const KEY = 'schema.fields';

/** Parses the schema.fields config (a JSON object of field name -> type name or spec object). */
export function parseFieldSpecs(text: string): Map<string, FieldSpec> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw problem(`is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed) || Object.keys(parsed).length === 0) throw problem('must be a JSON object with at least one field, e.g. {"id": "seq", "name": "string"}');
  return new Map(Object.entries(parsed).map(([name, spec]) => [name, fieldSpec(name, spec)]));
}

export function fieldSpec(name: string, input: unknown): FieldSpec {
  if (name === '') throw problem('has a field with an empty name');
  const spec = typeof input === 'string' ? { type: input } : input;
  if (!isObject(spec)) throw problem(`field "${name}": a generator is a type name or an object with "type", got ${JSON.stringify(input)}`);
  const type = spec.type;
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    throw problem(`field "${name}": unknown type ${JSON.stringify(type)}; types are ${FIELD_TYPES.join(', ')}`);
  }
  const allowed = OPTIONS[type as FieldType];
  for (const option of Object.keys(spec)) {
    if (option !== 'type' && !allowed.includes(option)) {
      throw problem(`field "${name}": "${option}" does not apply to type ${type}${allowed.length > 0 ? ` (options: ${allowed.join(', ')})` : ''}`);
    }
  }
  const checked = { ...spec, type, min: bound(name, spec, 'min'), max: bound(name, spec, 'max') } as FieldSpec;
  checkValues(name, checked);
  if (checked.min !== undefined && checked.max !== undefined && checked.min > checked.max) throw problem(`field "${name}": min ${checked.min} is above max ${checked.max}`);
  if (checked.length !== undefined && !(Number.isInteger(checked.length) && checked.length >= 0)) throw problem(`field "${name}": length must be a non-negative integer`);
  if (checked.decimals !== undefined && !(Number.isInteger(checked.decimals) && checked.decimals >= 0 && checked.decimals <= 15)) {
    throw problem(`field "${name}": decimals must be an integer from 0 to 15`);
  }
  if (checked.prefix !== undefined && typeof checked.prefix !== 'string') throw problem(`field "${name}": prefix must be a string`);
  return Object.freeze(checked);
}

/** Timestamps take ISO dates as well as milliseconds since the epoch; integer types need integers. */
function bound(name: string, spec: Readonly<Record<string, unknown>>, option: 'min' | 'max'): number | undefined {
  const value = spec[option];
  if (value === undefined) return undefined;
  const number = spec.type === 'timestamp' && typeof value === 'string' ? Date.parse(value) : value;
  const integral = spec.type !== 'double';
  if (typeof number !== 'number' || !Number.isFinite(number) || (integral && !Number.isSafeInteger(number))) {
    throw problem(`field "${name}": ${option} must be ${integral ? 'an integer' : 'a number'}${spec.type === 'timestamp' ? ' (milliseconds) or an ISO date' : ''}, got ${JSON.stringify(value)}`);
  }
  if (spec.type === 'int' && (number < -(2 ** 31) || number >= 2 ** 31)) throw problem(`field "${name}": ${option} of an int field must fit 32 bits`);
  return number;
}

function checkValues(name: string, spec: FieldSpec): void {
  if (spec.values === undefined) return;
  const wanted = spec.type === 'string' ? 'string' : 'number';
  if (!Array.isArray(spec.values) || spec.values.length === 0 || spec.values.some((value) => typeof value !== wanted)) {
    throw problem(`field "${name}": values must be a non-empty array of ${wanted}s`);
  }
  if ((spec.type === 'int' || spec.type === 'long') && spec.values.some((value) => !Number.isSafeInteger(value))) {
    throw problem(`field "${name}": values of an ${spec.type} field must be integers`);
  }
  if (spec.type === 'int' && spec.values.some((value) => (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31)) {
    throw problem(`field "${name}": values of an int field must fit 32 bits`);
  }
}

function problem(message: string): ConfigException {
  return new ConfigException(`Invalid value for configuration "${KEY}": ${message}`, { key: KEY });
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
