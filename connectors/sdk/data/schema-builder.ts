/**
 * Fluent construction of schemas:
 *   SchemaBuilder.struct().name('com.example.User').field('id', Schema.INT64_SCHEMA).optional().build()
 * Each property may be set once (setting it again to a different value is almost always a bug);
 * `build()` validates the default value against the finished schema.
 */
import { DataException } from '../errors.ts';
import { Schema } from './schema.ts';
import type { SchemaType } from './schema-type.ts';
import { validateValue } from './validate-value.ts';

type SchemaLike = Schema | SchemaBuilder;

export class SchemaBuilder {
  readonly type: SchemaType;
  #optional: boolean | null = null;
  #defaultValue: unknown = null;
  #name: string | null = null;
  #version: number | null = null;
  #doc: string | null = null;
  #parameters: Record<string, string> | null = null;
  readonly #fields: Array<readonly [string, Schema]> = [];
  readonly #keySchema: Schema | null;
  readonly #valueSchema: Schema | null;

  constructor(type: SchemaType, keySchema: SchemaLike | null = null, valueSchema: SchemaLike | null = null) {
    this.type = type;
    this.#keySchema = keySchema === null ? null : toSchema(keySchema);
    this.#valueSchema = valueSchema === null ? null : toSchema(valueSchema);
  }

  static type(type: SchemaType): SchemaBuilder {
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder('int8');
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder('int16');
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder('int32');
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder('int64');
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder('float32');
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder('float64');
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder('boolean');
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder('string');
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder('bytes');
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder('struct');
  }
  static array(valueSchema: SchemaLike): SchemaBuilder {
    return new SchemaBuilder('array', null, valueSchema);
  }
  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    return new SchemaBuilder('map', keySchema, valueSchema);
  }

  optional(): this {
    this.#optional = once('optional', this.#optional, true);
    return this;
  }

  required(): this {
    this.#optional = once('optional', this.#optional, false);
    return this;
  }

  defaultValue(value: unknown): this {
    this.#defaultValue = once('defaultValue', this.#defaultValue, value);
    return this;
  }

  name(name: string): this {
    this.#name = once('name', this.#name, name);
    return this;
  }

  version(version: number): this {
    this.#version = once('version', this.#version, version);
    return this;
  }

  doc(doc: string): this {
    this.#doc = once('doc', this.#doc, doc);
    return this;
  }

  parameter(key: string, value: string): this {
    this.#parameters = { ...this.#parameters, [key]: value };
    return this;
  }

  parameters(parameters: Readonly<Record<string, string>>): this {
    this.#parameters = { ...this.#parameters, ...parameters };
    return this;
  }

  field(name: string, schema: SchemaLike): this {
    if (this.type !== 'struct') throw misuse(`field("${name}") is only valid on struct schemas, this is ${this.type}`);
    if (name === '') throw misuse('field names cannot be empty');
    if (this.#fields.some(([existing]) => existing === name)) throw misuse(`field "${name}" is defined twice`);
    this.#fields.push([name, toSchema(schema)]);
    return this;
  }

  build(): Schema {
    const init = {
      type: this.type,
      optional: this.#optional ?? false,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters,
      fields: this.#fields,
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema,
    };
    if (this.#defaultValue === null || this.#defaultValue === undefined) return new Schema(init);
    try {
      validateValue(new Schema(init), this.#defaultValue);
    } catch (error) {
      throw new DataException(`Invalid default value for ${this.#name ?? this.type} schema: ${(error as Error).message}`, { code: 'DATA_SCHEMA_INVALID', cause: error });
    }
    return new Schema({ ...init, defaultValue: this.#defaultValue });
  }
}

function toSchema(schema: SchemaLike): Schema {
  return schema instanceof SchemaBuilder ? schema.build() : schema;
}

function once<T>(property: string, current: T | null, next: T): T {
  if (current !== null && current !== next) throw misuse(`${property} is already set`);
  return next;
}

function misuse(message: string): DataException {
  return new DataException(`Invalid SchemaBuilder call: ${message}`, { code: 'DATA_SCHEMA_INVALID' });
}
