/**
 * An immutable Connect schema. Build one with SchemaBuilder (or use the constants); the constructor
 * checks only the shape (a struct has fields, an array an element schema, a map key and value schemas),
 * while SchemaBuilder also validates the default value.
 */
import { DataException } from '../errors.ts';
import { Field } from './field.ts';
import { SchemaType } from './schema-type.ts';
import { valuesEqual } from './value-equality.ts';

export interface SchemaInit {
  readonly type: SchemaType;
  readonly optional?: boolean;
  /** null (or absent) means "no default", as in Connect. */
  readonly defaultValue?: unknown;
  readonly name?: string | null;
  readonly version?: number | null;
  readonly doc?: string | null;
  readonly parameters?: Readonly<Record<string, string>> | null;
  /** Struct fields in order, as [name, schema] pairs. */
  readonly fields?: ReadonlyArray<readonly [string, Schema]>;
  readonly keySchema?: Schema | null;
  readonly valueSchema?: Schema | null;
}

export class Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  /** Struct fields in order; empty for other types. */
  readonly fields: readonly Field[];
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema | null;
  readonly #fieldsByName: ReadonlyMap<string, Field>;

  constructor(init: SchemaInit) {
    if (!Object.values(SchemaType).includes(init.type)) {
      throw new DataException(`Unknown schema type "${String(init.type)}"`, { code: 'DATA_SCHEMA_INVALID' });
    }
    this.type = init.type;
    this.optional = init.optional ?? false;
    this.defaultValue = init.defaultValue ?? null;
    this.name = init.name ?? null;
    this.version = init.version ?? null;
    this.doc = init.doc ?? null;
    this.parameters = init.parameters ? Object.freeze({ ...init.parameters }) : null;
    this.keySchema = init.keySchema ?? null;
    this.valueSchema = init.valueSchema ?? null;
    this.fields = Object.freeze((init.fields ?? []).map(([name, schema], index) => new Field(name, index, schema)));
    this.#fieldsByName = new Map(this.fields.map((field) => [field.name, field]));
    this.#checkShape(init);
    Object.freeze(this);
  }

  #checkShape(init: SchemaInit): void {
    const problem = (message: string) => new DataException(`Invalid ${this.type} schema${this.name ? ` ${this.name}` : ''}: ${message}`, { code: 'DATA_SCHEMA_INVALID' });
    if (this.#fieldsByName.size !== this.fields.length) throw problem('field names must be unique');
    if (this.type !== SchemaType.STRUCT && init.fields?.length) throw problem('only struct schemas have fields');
    if (this.type === SchemaType.ARRAY && !this.valueSchema) throw problem('an array schema needs an element (value) schema');
    if (this.type === SchemaType.MAP && (!this.keySchema || !this.valueSchema)) throw problem('a map schema needs a key schema and a value schema');
    if (this.type !== SchemaType.MAP && this.keySchema) throw problem('only map schemas have a key schema');
    if (this.type !== SchemaType.MAP && this.type !== SchemaType.ARRAY && this.valueSchema) throw problem('only array and map schemas have a value schema');
    if (this.version !== null && !Number.isInteger(this.version)) throw problem(`version must be an integer, got ${this.version}`);
  }

  /** The struct field with this name, or null. Throws on non-struct schemas. */
  field(name: string): Field | null {
    if (this.type !== SchemaType.STRUCT) {
      throw new DataException(`Cannot look up field "${name}" on a ${this.type} schema; only structs have fields`, { code: 'DATA_SCHEMA_INVALID' });
    }
    return this.#fieldsByName.get(name) ?? null;
  }

  equals(other: Schema | null | undefined): boolean {
    if (this === other) return true;
    if (!(other instanceof Schema)) return false;
    return (
      this.type === other.type &&
      this.optional === other.optional &&
      this.name === other.name &&
      this.version === other.version &&
      this.doc === other.doc &&
      valuesEqual(this.parameters, other.parameters) &&
      this.fields.length === other.fields.length &&
      this.fields.every((field, i) => field.equals(other.fields[i])) &&
      schemasEqual(this.keySchema, other.keySchema) &&
      schemasEqual(this.valueSchema, other.valueSchema) &&
      valuesEqual(this.defaultValue, other.defaultValue)
    );
  }

  toString(): string {
    return this.name ? `Schema{${this.name}:${this.type.toUpperCase()}}` : `Schema{${this.type.toUpperCase()}}`;
  }

  static readonly INT8_SCHEMA = new Schema({ type: 'int8' });
  static readonly INT16_SCHEMA = new Schema({ type: 'int16' });
  static readonly INT32_SCHEMA = new Schema({ type: 'int32' });
  static readonly INT64_SCHEMA = new Schema({ type: 'int64' });
  static readonly FLOAT32_SCHEMA = new Schema({ type: 'float32' });
  static readonly FLOAT64_SCHEMA = new Schema({ type: 'float64' });
  static readonly BOOLEAN_SCHEMA = new Schema({ type: 'boolean' });
  static readonly STRING_SCHEMA = new Schema({ type: 'string' });
  static readonly BYTES_SCHEMA = new Schema({ type: 'bytes' });
  static readonly OPTIONAL_INT8_SCHEMA = new Schema({ type: 'int8', optional: true });
  static readonly OPTIONAL_INT16_SCHEMA = new Schema({ type: 'int16', optional: true });
  static readonly OPTIONAL_INT32_SCHEMA = new Schema({ type: 'int32', optional: true });
  static readonly OPTIONAL_INT64_SCHEMA = new Schema({ type: 'int64', optional: true });
  static readonly OPTIONAL_FLOAT32_SCHEMA = new Schema({ type: 'float32', optional: true });
  static readonly OPTIONAL_FLOAT64_SCHEMA = new Schema({ type: 'float64', optional: true });
  static readonly OPTIONAL_BOOLEAN_SCHEMA = new Schema({ type: 'boolean', optional: true });
  static readonly OPTIONAL_STRING_SCHEMA = new Schema({ type: 'string', optional: true });
  static readonly OPTIONAL_BYTES_SCHEMA = new Schema({ type: 'bytes', optional: true });
}

function schemasEqual(a: Schema | null, b: Schema | null): boolean {
  return a === b || (a !== null && a.equals(b));
}
