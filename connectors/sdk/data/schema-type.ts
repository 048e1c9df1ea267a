/** Connect's schema types. The values are the names Connect prints and JsonConverter mostly reuses. */
export const SchemaType = Object.freeze({
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float32',
  FLOAT64: 'float64',
  BOOLEAN: 'boolean',
  STRING: 'string',
  BYTES: 'bytes',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct',
} as const);

export type SchemaType = (typeof SchemaType)[keyof typeof SchemaType];
