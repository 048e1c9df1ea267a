/** Turns a field spec into the field's Connect schema and a function producing its value per record. */
import { Schema, Timestamp } from '../sdk/index.ts';
import type { FieldSpec } from './field-spec.ts';
import type { RecordRandom } from './record-random.ts';

/** What a generator may use besides randomness. */
export interface RecordContext {
  readonly key: string | null;
  readonly seq: number;
}

export interface FieldGenerator {
  readonly schema: Schema;
  next(random: RecordRandom, record: RecordContext): unknown;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DEFAULT_TIMESTAMP_MIN = Date.UTC(2020, 0, 1);
const DEFAULT_TIMESTAMP_MAX = Date.UTC(2025, 0, 1);

/** `keyed`: whether records have keys (a "key" field is optional when they do not). */
export function fieldGenerator(spec: FieldSpec, keyed: boolean): FieldGenerator {
  switch (spec.type) {
    case 'string':
      return { schema: Schema.STRING_SCHEMA, next: stringValue(spec) };
    case 'int':
      return { schema: Schema.INT32_SCHEMA, next: integerValue(spec, 0, 1000) };
    case 'long':
      return { schema: Schema.INT64_SCHEMA, next: integerValue(spec, 0, 1_000_000_000) };
    case 'double':
      return { schema: Schema.FLOAT64_SCHEMA, next: doubleValue(spec) };
    case 'boolean':
      return { schema: Schema.BOOLEAN_SCHEMA, next: (random) => random.next() < 0.5 };
    case 'timestamp': {
      const min = spec.min ?? DEFAULT_TIMESTAMP_MIN;
      const max = spec.max ?? Math.max(min, DEFAULT_TIMESTAMP_MAX);
      return { schema: Timestamp.SCHEMA, next: (random) => new Date(random.int(min, max)) };
    }
    case 'now':
      return { schema: Timestamp.SCHEMA, next: () => new Date() };
    case 'uuid':
      return { schema: Schema.STRING_SCHEMA, next: uuid };
    case 'key':
      return { schema: keyed ? Schema.STRING_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA, next: (_random, record) => record.key };
    case 'seq':
      return { schema: Schema.INT64_SCHEMA, next: (_random, record) => record.seq };
  }
}

function stringValue(spec: FieldSpec): FieldGenerator['next'] {
  const { values, prefix } = spec;
  if (values) return (random) => random.pick(values);
  if (prefix !== undefined || spec.min !== undefined || spec.max !== undefined) {
    const min = spec.min ?? 1;
    const max = spec.max ?? Math.max(min, 1000);
    return (random) => `${prefix ?? ''}${random.int(min, max)}`;
  }
  const length = spec.length ?? 8;
  return (random) => {
    let text = '';
    for (let i = 0; i < length; i++) text += LETTERS[Math.floor(random.next() * LETTERS.length)];
    return text;
  };
}

function integerValue(spec: FieldSpec, defaultMin: number, defaultMax: number): FieldGenerator['next'] {
  const { values } = spec;
  if (values) return (random) => random.pick(values);
  const min = spec.min ?? defaultMin;
  const max = spec.max ?? Math.max(min, defaultMax);
  return (random) => random.int(min, max);
}

function doubleValue(spec: FieldSpec): FieldGenerator['next'] {
  const { values } = spec;
  if (values) return (random) => random.pick(values);
  const min = spec.min ?? 0;
  const max = spec.max ?? Math.max(min, 1);
  const scale = spec.decimals === undefined ? null : 10 ** spec.decimals;
  return (random) => {
    const value = min + random.next() * (max - min);
    return scale === null ? value : Math.round(value * scale) / scale;
  };
}

/** A version 4 UUID drawn from the record's random stream. */
function uuid(random: RecordRandom): string {
  const hex = [random.uint32(), random.uint32(), random.uint32(), random.uint32()].map((word) => word.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
