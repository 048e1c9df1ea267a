import { describe, expect, it } from 'vitest';
import { ConnectDate, DataException, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp } from '../../../connectors/sdk/index.ts';

const address = SchemaBuilder.struct().name('Address').field('street', Schema.STRING_SCHEMA).field('zip', Schema.INT32_SCHEMA).build();
const customer = SchemaBuilder.struct()
  .name('Customer')
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.OPTIONAL_STRING_SCHEMA)
  .field('status', SchemaBuilder.string().defaultValue('active'))
  .field('address', address)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA))
  .field('scores', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).optional())
  .build();

function complete(): Struct {
  return new Struct(customer)
    .put('id', 1n)
    .put('address', new Struct(address).put('street', 'Main St').put('zip', 12345))
    .put('tags', ['a', 'b']);
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataException);
    return (error as Error).message;
  }
  throw new Error('expected a DataException');
}

describe('Struct', () => {
  it('stores and returns typed values, falling back to defaults', () => {
    const struct = complete();
    expect(struct.getInt64('id')).toBe(1n);
    expect(struct.getString('name')).toBeNull();
    expect(struct.get('status')).toBe('active');
    expect(struct.getWithoutDefault('status')).toBeNull();
    expect(struct.getStruct('address')?.getInt32('zip')).toBe(12345);
    expect(struct.getArray<string>('tags')).toEqual(['a', 'b']);
    expect(() => struct.validate()).not.toThrow();
  });

  it('answers INT64 numbers as bigints from getInt64', () => {
    expect(complete().put('id', 42).getInt64('id')).toBe(42n);
  });

  it('checks the field type of typed getters', () => {
    expect(messageOf(() => complete().getInt32('id'))).toBe('Field "id" is int64, not int32');
  });

  it('rejects unknown fields with the list of known ones', () => {
    expect(messageOf(() => complete().put('nope', 1))).toMatch(/"nope" is not a field of Schema\{Customer:STRUCT\} \(fields: id, name, status, address, tags, scores\)/);
  });

  it('rejects values of the wrong type on put, naming the field', () => {
    expect(messageOf(() => complete().put('id', '1'))).toBe('Invalid field "id": int64 needs a bigint or a safe-integer number, got string "1"');
    expect(messageOf(() => complete().put('id', 2 ** 53))).toMatch(/int64 needs a bigint or a safe-integer number/);
    expect(messageOf(() => complete().put('id', 2n ** 63n))).toMatch(/int64 needs a 64-bit signed integer/);
    expect(messageOf(() => complete().put('scores', { a: 1 }))).toMatch(/Invalid field "scores": map needs a Map, got a plain object/);
    expect(messageOf(() => complete().put('address', new Struct(customer)))).toMatch(/needs a Struct of this schema, not of Schema\{Customer:STRUCT\}/);
  });

  it('reports nested failures with their path', () => {
    // Putting a nested struct validates it whole, as Connect does.
    expect(messageOf(() => complete().put('address', new Struct(address).put('street', 'x')))).toBe(
      'Missing field "address.zip": int32 is required and has no default',
    );

    const badTag = new Struct(customer).put('id', 1n).put('address', new Struct(address).put('street', 'x').put('zip', 1));
    expect(messageOf(() => badTag.put('tags', ['ok', 7]))).toBe('Invalid field "tags[1]": string needs a string, got number 7');

    expect(messageOf(() => complete().put('scores', new Map([['math', 'A']])))).toBe('Invalid field "scores["math"]": float64 needs a number, got string "A"');
  });

  it('requires required fields without defaults, but not fields with defaults', () => {
    const struct = new Struct(customer).put('id', 1n).put('tags', []);
    expect(messageOf(() => struct.validate())).toBe('Missing field "address": struct Address is required and has no default');
    expect(() => struct.put('status', null)).not.toThrow();
  });

  it('checks integer ranges per type', () => {
    const ints = SchemaBuilder.struct().field('i8', Schema.INT8_SCHEMA).field('i16', Schema.INT16_SCHEMA).field('i32', Schema.INT32_SCHEMA).build();
    const struct = new Struct(ints);
    expect(() => struct.put('i8', -128).put('i8', 127)).not.toThrow();
    expect(messageOf(() => struct.put('i8', 128))).toMatch(/int8 needs an integer number in \[-128, 127\], got number 128/);
    expect(messageOf(() => struct.put('i16', 32768))).toMatch(/int16/);
    expect(messageOf(() => struct.put('i32', 1.5))).toMatch(/int32 needs an integer number/);
    expect(messageOf(() => struct.put('i32', 2 ** 31))).toMatch(/\[-2147483648, 2147483647\]/);
  });

  it('accepts Buffer and Uint8Array for bytes, and nothing else', () => {
    const bytes = SchemaBuilder.struct().field('b', Schema.BYTES_SCHEMA).build();
    expect(() => new Struct(bytes).put('b', Buffer.from('x'))).not.toThrow();
    expect(() => new Struct(bytes).put('b', new Uint8Array([1]))).not.toThrow();
    expect(messageOf(() => new Struct(bytes).put('b', 'eA=='))).toMatch(/bytes needs a Uint8Array or Buffer/);
  });

  it('checks logical-type values', () => {
    const logical = SchemaBuilder.struct()
      .field('d', ConnectDate.SCHEMA)
      .field('t', Time.SCHEMA)
      .field('ts', Timestamp.SCHEMA)
      .field('amount', Decimal.schema(2))
      .build();
    const struct = new Struct(logical);
    expect(messageOf(() => struct.put('d', new Date('2024-01-01T10:00:00Z')))).toMatch(/Date needs a Date at midnight UTC/);
    expect(messageOf(() => struct.put('t', new Date('2024-01-01T10:00:00Z')))).toMatch(/Time needs a Date on 1970-01-01 UTC/);
    expect(messageOf(() => struct.put('ts', new Date(Number.NaN)))).toMatch(/Timestamp needs a valid Date, got an invalid Date/);
    expect(messageOf(() => struct.put('amount', 1.5))).toMatch(/Decimal \(scale 2\) needs a BigDecimal with scale 2, got number 1.5/);
    expect(() => struct.put('d', new Date('1969-07-20T00:00:00Z'))).not.toThrow();
    expect(struct.getDate('d')?.toISOString()).toBe('1969-07-20T00:00:00.000Z');
  });

  it('compares by schema and values, and prints like Connect', () => {
    expect(complete().equals(complete())).toBe(true);
    expect(complete().equals(complete().put('name', 'x'))).toBe(false);
    expect(complete().put('id', 5).equals(complete().put('id', 5n))).toBe(true);
    expect(String(new Struct(address).put('street', 'Main').put('zip', 1))).toBe('Struct{street=Main,zip=1}');
  });

  it('cannot be made from a non-struct schema', () => {
    expect(messageOf(() => new Struct(Schema.INT32_SCHEMA))).toMatch(/A Struct needs a struct schema/);
  });
});
