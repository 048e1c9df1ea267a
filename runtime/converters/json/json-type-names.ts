/** JsonConverter's names for schema types: Connect's own, except float32 and float64. */
import type { SchemaType } from '../../../connectors/sdk/index.ts';

export const JSON_TYPE_NAMES: Readonly<Record<SchemaType, string>> = Object.freeze({
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float32: 'float',
  float64: 'double',
  boolean: 'boolean',
  string: 'string',
  bytes: 'bytes',
  array: 'array',
  map: 'map',
  struct: 'struct',
});

export const SCHEMA_TYPES_BY_JSON_NAME: ReadonlyMap<string, SchemaType> = new Map(
  Object.entries(JSON_TYPE_NAMES).map(([type, name]) => [name, type as SchemaType]),
);
