import type { Schema } from './schema.ts';

/** A value with the schema describing it (null schema: schemaless). What converters return. */
export class SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(schema: Schema | null, value: unknown) {
    this.schema = schema;
    this.value = value;
    Object.freeze(this);
  }

  static readonly NULL = new SchemaAndValue(null, null);
}
