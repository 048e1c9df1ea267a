import { describe, expect, it } from 'vitest';
import {
  BigDecimal, ConnectDate, DataException, Decimal, Schema, SchemaAndValue, SchemaBuilder, Struct, Time, Timestamp,
} from '../../../connectors/sdk/index.ts';
import { JsonConverter } from '../../../runtime/converters/index.ts';

function converter(configs: Record<string, string> = {}): JsonConverter {
  const json = new JsonConverter();
  json.configure(configs, false);
  return json;
}

const read = (text: string, configs: Record<string, string> = {}) => converter(configs).toConnectData('orders', null, Buffer.from(text));

function failure(text: string | Buffer, configs: Record<string, string> = {}): DataException {
  try {
    converter(configs).toConnectData('orders', null, typeof text === 'string' ? Buffer.from(text) : text);
  } catch (error) {
    expect(error).toBeInstanceOf(DataException);
    return error as DataException;
  }
  throw new Error('expected a DataException');
}

describe('JsonConverter round trips', () => {
  const address = SchemaBuilder.struct().name('Address').optional().field('city', Schema.STRING_SCHEMA).build();
  const everything = SchemaBuilder.struct()
    .name('com.example.Everything')
    .doc('all types')
    .field('i8', Schema.INT8_SCHEMA)
    .field('i16', Schema.INT16_SCHEMA)
    .field('i32', Schema.INT32_SCHEMA)
    .field('i64', Schema.INT64_SCHEMA)
    .field('f32', Schema.FLOAT32_SCHEMA)
    .field('f64', Schema.FLOAT64_SCHEMA)
    .field('bool', Schema.BOOLEAN_SCHEMA)
    .field('text', Schema.STRING_SCHEMA)
    .field('raw', Schema.BYTES_SCHEMA)
    .field('list', SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA))
    .field('byName', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA))
    .field('byStruct', SchemaBuilder.map(address, Schema.INT64_SCHEMA))
    .field('address', address)
    .field('amount', Decimal.schema(3))
    .field('day', ConnectDate.SCHEMA)
    .field('at', Time.SCHEMA)
    .field('when', Timestamp.SCHEMA)
    .field('status', SchemaBuilder.string().defaultValue('new'))
    .field('__proto__', Schema.OPTIONAL_STRING_SCHEMA)
    .field('constructor', Schema.OPTIONAL_STRING_SCHEMA)
    .build();

  const value = new Struct(everything)
    .put('i8', -128)
    .put('i16', 32767)
    .put('i32', -2147483648)
    .put('i64', -(2n ** 63n))
    .put('f32', 0.1)
    .put('f64', -1.7976931348623157e308)
    .put('bool', false)
    .put('text', 'ünïcødé ✓')
    .put('raw', Buffer.from([0, 255, 128]))
    .put('list', [1, null, 3])
    .put('byName', new Map([['x', 1.5]]))
    .put('byStruct', new Map([[new Struct(address).put('city', 'Oslo'), 9007199254740993n]]))
    .put('address', null)
    .put('amount', BigDecimal.parse('-0.001'))
    .put('day', new Date('1901-12-13T00:00:00Z'))
    .put('at', new Date(0))
    .put('when', new Date('1960-06-01T12:00:00.123Z'))
    .put('status', 'shipped')
    .put('__proto__', 'kept')
    .put('constructor', 'also kept');

  for (const configs of [{}, { 'decimal.format': 'NUMERIC' }] as Array<Record<string, string>>) {
    it(`reads back what it wrote, schema and values (${JSON.stringify(configs)})`, () => {
      const json = converter(configs);
      const bytes = json.fromConnectData('t', null, everything, value);
      const back = json.toConnectData('t', null, bytes);
      expect(back.schema?.equals(everything)).toBe(true);
      const struct = back.value as Struct;
      expect(struct.equals(value)).toBe(true);
      expect(struct.getInt64('i64')).toBe(-(2n ** 63n));
      expect(struct.get('amount')).toEqual(BigDecimal.parse('-0.001'));
      expect(struct.getDate('day')?.toISOString()).toBe('1901-12-13T00:00:00.000Z');
      expect(struct.get('status')).toBe('shipped');
      expect(struct.get('__proto__')).toBe('kept');
      expect(struct.get('constructor')).toBe('also kept');
      expect(Object.getPrototypeOf(struct)).toBe(Struct.prototype);
      expect(json.fromConnectData('t', null, back.schema, back.value)?.equals(bytes!)).toBe(true);
    });
  }

  it('shares one Schema object among records with the same schema', () => {
    const json = converter();
    const bytes = json.fromConnectData('t', null, everything, value);
    expect(json.toConnectData('t', null, bytes).schema).toBe(json.toConnectData('t', null, bytes).schema);
    const uncached = converter({ 'schemas.cache.size': '0' });
    const [first, second] = [uncached.toConnectData('t', null, bytes).schema, uncached.toConnectData('t', null, bytes).schema];
    expect(first).not.toBe(second);
    expect(first?.equals(second)).toBe(true);
  });
});

describe('JsonConverter reading', () => {
  it('reads a tombstone as null', () => {
    expect(converter().toConnectData('t', null, null)).toBe(SchemaAndValue.NULL);
  });

  it('keeps int64 digits beyond 2^53 exactly', () => {
    const result = read('{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}');
    expect(result.value).toBe(9223372036854775807n);
    expect(read('{"schema":{"type":"int64","optional":false},"payload":5}').value).toBe(5n);
  });

  it('reads decimals written as numbers or base64, at the schema scale', () => {
    const schema = '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}';
    expect(read(`{"schema":${schema},"payload":12.3}`).value).toEqual(new BigDecimal(1230n, 2));
    expect(read(`{"schema":${schema},"payload":"+y4="}`).value).toEqual(new BigDecimal(-1234n, 2));
    expect(read(`{"schema":${schema},"payload":12345678901234567890.12}`).value).toEqual(BigDecimal.parse('12345678901234567890.12'));
    expect(read(`{"schema":${schema},"payload":1.5E1}`).value).toEqual(BigDecimal.parse('15.00'));
  });

  it('writes a null field with a default as the default, so it reads back as the default', () => {
    const schema = SchemaBuilder.struct().field('status', SchemaBuilder.string().defaultValue('new')).build();
    const json = converter();
    const back = json.toConnectData('t', null, json.fromConnectData('t', null, schema, new Struct(schema))).value as Struct;
    expect(back.getWithoutDefault('status')).toBe('new');
  });

  it('applies schema defaults for null and absent values, and ignores unknown JSON fields', () => {
    const result = read(
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"default":5,"field":"n"},{"type":"string","optional":true,"field":"s"}],"optional":false},' +
        '"payload":{"extra":true}}',
    );
    const struct = result.value as Struct;
    expect(struct.get('n')).toBe(5);
    expect(struct.get('s')).toBeNull();
    expect(result.schema?.field('n')?.schema.defaultValue).toBe(5);
  });

  it('reads the "NaN" and "Infinity" texts Jackson writes for floats', () => {
    expect(read('{"schema":{"type":"double","optional":false},"payload":"NaN"}').value).toBeNaN();
    expect(read('{"schema":{"type":"float","optional":false},"payload":"-Infinity"}').value).toBe(Number.NEGATIVE_INFINITY);
  });

  it('reads envelopes without schema as schemaless values', () => {
    expect(read('{"schema":null,"payload":{"a":[1,2.5]}}')).toEqual(new SchemaAndValue(null, { a: [1, 2.5] }));
  });

  it('reads plain JSON schemaless with schemas.enable=false', () => {
    const result = read('{"id":12345678901234567890,"price":1.5,"tags":["a"],"n":null,"e":1e400,"nested":{"ok":true}}', { 'schemas.enable': 'false' });
    expect(result.schema).toBeNull();
    expect(result.value).toEqual({ id: 12345678901234567890n, price: 1.5, tags: ['a'], n: null, e: Number.POSITIVE_INFINITY, nested: { ok: true } });
    expect(read('"text"', { 'schemas.enable': 'false' }).value).toBe('text');
    expect(read('', { 'schemas.enable': 'false' }).value).toBeNull();
  });

  it('reads maps with non-string keys from [key, value] pairs', () => {
    const result = read('{"schema":{"type":"map","keys":{"type":"int64","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"a"],[2,"b"]]}');
    expect(result.value).toEqual(new Map([[1n, 'a'], [2n, 'b']]));
  });
});

describe('JsonConverter errors', () => {
  it('explains malformed JSON and invalid UTF-8', () => {
    const notJson = failure('{"schema": nope');
    expect(notJson.code).toBe('DATA_CONVERSION_FAILED');
    expect(notJson.message).toMatch(/^Converting the value bytes from topic "orders" failed: they are not valid JSON \(/);
    expect(failure(Buffer.from([0x22, 0xff, 0x22])).message).toMatch(/they are not valid UTF-8/);
    expect(failure('').message).toMatch(/not valid JSON/);
  });

  it('points plain JSON read with schemas.enable=true at the setting', () => {
    expect(failure('{"id":1}').message).toMatch(/needs an object with exactly the fields "schema" and "payload".*set schemas.enable=false/);
    expect(failure('{"schema":null,"payload":1,"extra":2}').message).toMatch(/exactly the fields/);
  });

  it('rejects broken schemas with where they break', () => {
    expect(failure('{"schema":{"type":"int128"},"payload":1}').message).toMatch(/Invalid JSON schema: schema has unknown type "int128"/);
    expect(failure('{"schema":{"optional":true},"payload":1}').message).toMatch(/schema needs a "type" string/);
    expect(failure('{"schema":{"type":"array"},"payload":[]}').message).toMatch(/array schema without "items"/);
    expect(failure('{"schema":{"type":"struct","fields":[{"type":"int8"}]},"payload":{}}').message).toMatch(/schema.fields\[0\] needs a "field" name string/);
    expect(failure('{"schema":{"type":"int8","parameters":{"a":1}},"payload":1}').message).toMatch(/must have string values; "a" is number/);
  });

  it('rejects payloads that do not fit the schema, naming the field', () => {
    const struct = (field: string, payload: string) =>
      `{"schema":{"type":"struct","fields":[{"type":"struct","fields":[${field}],"optional":false,"field":"after"}],"optional":false},"payload":{"after":${payload}}}`;
    expect(failure(struct('{"type":"int32","optional":false,"field":"id"}', '{"id":"12"}')).message).toBe(
      'Converting the JSON value from topic "orders" to Connect data failed: Invalid field "after.id": expected an integer (int32), got string "12"',
    );
    expect(failure(struct('{"type":"int8","optional":false,"field":"id"}', '{"id":300}')).message).toMatch(/field "after.id": 300 is outside the int8 range \[-128, 127\]/);
    expect(failure(struct('{"type":"int32","optional":false,"field":"id"}', '{}')).message).toMatch(/Missing field "after.id": the JSON has null or nothing, but the int32 schema is required and has no default/);
    expect(failure(struct('{"type":"bytes","optional":false,"field":"b"}', '{"b":"not base64!"}')).message).toMatch(/Invalid field "after.b": expected standard padded base64 text/);
    expect(failure(struct('{"type":"int32","optional":false,"field":"id"}', '[]')).message).toMatch(/Invalid field "after": expected a JSON object \(struct\), got an array of 0/);
    expect(failure('{"schema":{"type":"int64","optional":false},"payload":9223372036854775808}').message).toMatch(/outside the int64 range/);
    expect(failure('{"schema":{"type":"int32","optional":false},"payload":1.5}').message).toMatch(/expected an integer \(int32\), got number 1.5/);
    expect(failure('{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":"2024-01-01"}').message).toMatch(
      /expected an integer \(int32\), got string "2024-01-01"/,
    );
  });

  it('rejects Connect data that does not fit its schema when writing', () => {
    const schema = SchemaBuilder.struct().name('S').field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA)).build();
    const json = converter();
    expect(() => json.fromConnectData('orders', null, Schema.INT32_SCHEMA, 'x')).toThrow(
      'Converting the value for topic "orders" to JSON failed: Invalid value: int32 needs an integer number in [-2147483648, 2147483647], got string "x"',
    );
    const other = SchemaBuilder.struct().name('Other').field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA)).build();
    expect(() => json.fromConnectData('orders', null, schema, new Struct(other).put('tags', []))).toThrow(/the Struct's schema Schema\{Other:STRUCT\} is not the schema given for it/);
    expect(() => json.fromConnectData('orders', null, null, new Struct(schema))).toThrow(/without a schema: a Struct needs its schema/);
    expect(() => json.fromConnectData('orders', null, Decimal.schema(2), BigDecimal.parse('1.5'))).toThrow(/BigDecimal with scale 2/);
  });
});
