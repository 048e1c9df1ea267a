import type { Schema } from '../data/schema.ts';

/** One record header: a key and a value with an optional schema. Immutable. */
export class Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(key: string, value: unknown, schema: Schema | null = null) {
    this.key = key;
    this.value = value ?? null;
    this.schema = schema;
    Object.freeze(this);
  }

  rename(key: string): Header {
    return new Header(key, this.value, this.schema);
  }

  with(schema: Schema | null, value: unknown): Header {
    return new Header(this.key, value, schema);
  }
}
