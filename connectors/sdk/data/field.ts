import type { Schema } from './schema.ts';

/** One field of a struct schema: its name, position and schema. */
export class Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;

  constructor(name: string, index: number, schema: Schema) {
    this.name = name;
    this.index = index;
    this.schema = schema;
    Object.freeze(this);
  }

  equals(other: Field): boolean {
    return this === other || (this.name === other.name && this.index === other.index && this.schema.equals(other.schema));
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${this.schema}}`;
  }
}
