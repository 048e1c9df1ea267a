import { describe, expect, it } from 'vitest';
import { BigDecimal, DataException, Decimal, Schema, SchemaBuilder, Struct } from '../../../connectors/sdk/index.ts';

describe('SchemaBuilder', () => {
  it('builds a struct schema with ordered fields and metadata', () => {
    const schema = SchemaBuilder.struct()
      .name('com.example.User')
      .version(2)
      .doc('a user')
      .parameter('source', 'crm')
      .field('id', Schema.INT64_SCHEMA)
      .field('email', SchemaBuilder.string().optional())
      .optional()
      .build();

    expect(schema.type).toBe('struct');
    expect(schema.optional).toBe(true);
    expect(schema.name).toBe('com.example.User');
    expect(schema.version).toBe(2);
    expect(schema.doc).toBe('a user');
    expect(schema.parameters).toEqual({ source: 'crm' });
    expect(schema.fields.map((f) => [f.name, f.index, f.schema.type, f.schema.optional])).toEqual([
      ['id', 0, 'int64', false],
      ['email', 1, 'string', true],
    ]);
    expect(schema.field('email')?.index).toBe(1);
    expect(schema.field('missing')).toBeNull();
    expect(Object.isFrozen(schema)).toBe(true);
  });

  it('builds arrays and maps with their element schemas', () => {
    const tags = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
    const counts = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build();
    expect(tags.valueSchema).toBe(Schema.STRING_SCHEMA);
    expect(counts.keySchema).toBe(Schema.STRING_SCHEMA);
    expect(counts.valueSchema).toBe(Schema.INT32_SCHEMA);
  });

  it('refuses duplicate fields, fields on non-structs and conflicting settings', () => {
    expect(() => SchemaBuilder.struct().field('a', Schema.INT8_SCHEMA).field('a', Schema.INT8_SCHEMA)).toThrow(/field "a" is defined twice/);
    expect(() => SchemaBuilder.int32().field('a', Schema.INT8_SCHEMA)).toThrow(/only valid on struct schemas/);
    expect(() => SchemaBuilder.int32().name('a').name('b')).toThrow(/name is already set/);
    expect(() => SchemaBuilder.int32().optional().required()).toThrow(/optional is already set/);
    try {
      SchemaBuilder.int32().name('a').name('b');
    } catch (error) {
      expect(error).toBeInstanceOf(DataException);
      expect((error as DataException).code).toBe('DATA_SCHEMA_INVALID');
    }
  });

  it('validates the default value against the finished schema', () => {
    expect(SchemaBuilder.int32().defaultValue(42).build().defaultValue).toBe(42);
    expect(() => SchemaBuilder.int8().defaultValue(300).build()).toThrow(/Invalid default value .*int8 needs an integer number in \[-128, 127\], got number 300/);
    expect(() => Decimal.builder(2).defaultValue(BigDecimal.parse('1.5')).build()).toThrow(/BigDecimal with scale 2/);
    expect(Decimal.builder(2).defaultValue(BigDecimal.parse('1.50')).build().defaultValue).toEqual(BigDecimal.parse('1.50'));
  });

  it('compares schemas structurally', () => {
    const build = () => SchemaBuilder.struct().name('x').field('a', SchemaBuilder.int32().defaultValue(1)).build();
    expect(build().equals(build())).toBe(true);
    expect(build().equals(SchemaBuilder.struct().name('x').field('a', Schema.INT32_SCHEMA).build())).toBe(false);
    expect(build().equals(SchemaBuilder.struct().name('y').field('a', SchemaBuilder.int32().defaultValue(1)).build())).toBe(false);
    expect(Schema.INT32_SCHEMA.equals(Schema.OPTIONAL_INT32_SCHEMA)).toBe(false);
  });

  it('rejects malformed schemas at construction', () => {
    expect(() => new Schema({ type: 'array' })).toThrow(/needs an element \(value\) schema/);
    expect(() => new Schema({ type: 'map', valueSchema: Schema.INT8_SCHEMA })).toThrow(/needs a key schema and a value schema/);
    expect(() => new Schema({ type: 'nope' as never })).toThrow(/Unknown schema type "nope"/);
    expect(() => Schema.INT32_SCHEMA.field('a')).toThrow(/only structs have fields/);
  });

  it('lets a struct default be a Struct of the schema itself', () => {
    const inner = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    const defaultStruct = new Struct(inner).put('a', 7);
    const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).defaultValue(defaultStruct).build();
    expect((schema.defaultValue as Struct).get('a')).toBe(7);
  });
});
