/**
 * Exact bytes JsonConverter writes, as Kafka Connect's JsonConverter writes them: the envelope, the
 * schema's key order (type, items|keys,values|fields, optional, name, version, doc, parameters, default;
 * "field" last in a struct field), Java's number text, base64 bytes and decimals.
 */
import { describe, expect, it } from 'vitest';
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp,
} from '../../../connectors/sdk/index.ts';
import { JsonConverter } from '../../../runtime/converters/index.ts';

function converter(configs: Record<string, string> = {}, isKey = false): JsonConverter {
  const json = new JsonConverter();
  json.configure(configs, isKey);
  return json;
}

function write(schema: Schema | null, value: unknown, configs: Record<string, string> = {}): string | null {
  return converter(configs).fromConnectData('topic', null, schema, value)?.toString('utf8') ?? null;
}

const envelope = (schema: string, payload: string) => `{"schema":${schema},"payload":${payload}}`;

describe('JsonConverter golden output with schemas', () => {
  const primitives: Array<[string, Schema, unknown, string, string]> = [
    ['int8', Schema.INT8_SCHEMA, 5, '{"type":"int8","optional":false}', '5'],
    ['int16', Schema.INT16_SCHEMA, -300, '{"type":"int16","optional":false}', '-300'],
    ['int32', Schema.INT32_SCHEMA, 2147483647, '{"type":"int32","optional":false}', '2147483647'],
    ['int64 bigint', Schema.INT64_SCHEMA, 9223372036854775807n, '{"type":"int64","optional":false}', '9223372036854775807'],
    ['int64 number', Schema.INT64_SCHEMA, -42, '{"type":"int64","optional":false}', '-42'],
    ['float32', Schema.FLOAT32_SCHEMA, 1.1, '{"type":"float","optional":false}', '1.1'],
    ['float64 integral', Schema.FLOAT64_SCHEMA, 1, '{"type":"double","optional":false}', '1.0'],
    ['float64 large', Schema.FLOAT64_SCHEMA, 1e10, '{"type":"double","optional":false}', '1.0E10'],
    ['float64 small', Schema.FLOAT64_SCHEMA, 0.0001, '{"type":"double","optional":false}', '1.0E-4'],
    ['float64 NaN', Schema.FLOAT64_SCHEMA, Number.NaN, '{"type":"double","optional":false}', '"NaN"'],
    ['float64 -Infinity', Schema.FLOAT64_SCHEMA, Number.NEGATIVE_INFINITY, '{"type":"double","optional":false}', '"-Infinity"'],
    ['boolean', Schema.BOOLEAN_SCHEMA, true, '{"type":"boolean","optional":false}', 'true'],
    ['string', Schema.STRING_SCHEMA, 'a"b\\c\n€', '{"type":"string","optional":false}', '"a\\"b\\\\c\\n€"'],
    ['bytes', Schema.BYTES_SCHEMA, Buffer.from([0, 1, 2, 255]), '{"type":"bytes","optional":false}', '"AAEC/w=="'],
    ['optional null', Schema.OPTIONAL_INT32_SCHEMA, null, '{"type":"int32","optional":true}', 'null'],
  ];
  for (const [name, schema, value, schemaJson, payload] of primitives) {
    it(`writes ${name}`, () => expect(write(schema, value)).toBe(envelope(schemaJson, payload)));
  }

  it('writes arrays with their items schema', () => {
    expect(write(SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a', 'b'])).toBe(
      envelope('{"type":"array","items":{"type":"string","optional":false},"optional":false}', '["a","b"]'),
    );
  });

  it('writes string-keyed maps as objects', () => {
    expect(write(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['a', 1], ['b', 2]]))).toBe(
      envelope('{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false}', '{"a":1,"b":2}'),
    );
  });

  it('writes maps with non-string keys as [key, value] pairs', () => {
    expect(write(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).optional().build(), new Map([[1, 'one'], [2, 'two']]))).toBe(
      envelope('{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":true}', '[[1,"one"],[2,"two"]]'),
    );
  });

  it('writes a Debezium-style key struct exactly as Connect does', () => {
    const schema = SchemaBuilder.struct().name('dbserver1.inventory.customers.Key').field('id', Schema.INT32_SCHEMA).build();
    expect(write(schema, new Struct(schema).put('id', 1001))).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false,"name":"dbserver1.inventory.customers.Key"},"payload":{"id":1001}}',
    );
  });

  it('writes nested structs, optional fields and logical fields', () => {
    const address = SchemaBuilder.struct().name('Address').optional().field('city', Schema.STRING_SCHEMA).build();
    const schema = SchemaBuilder.struct()
      .name('Order')
      .version(2)
      .field('id', Schema.INT64_SCHEMA)
      .field('amount', Decimal.schema(2))
      .field('note', Schema.OPTIONAL_STRING_SCHEMA)
      .field('ship_to', address)
      .build();
    const order = new Struct(schema).put('id', 7n).put('amount', BigDecimal.parse('19.99')).put('ship_to', new Struct(address).put('city', 'Oslo'));
    expect(write(schema, order)).toBe(
      '{"schema":{"type":"struct","fields":[' +
        '{"type":"int64","optional":false,"field":"id"},' +
        '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"field":"amount"},' +
        '{"type":"string","optional":true,"field":"note"},' +
        '{"type":"struct","fields":[{"type":"string","optional":false,"field":"city"}],"optional":true,"name":"Address","field":"ship_to"}' +
        '],"optional":false,"name":"Order","version":2},' +
        '"payload":{"id":7,"amount":"B88=","note":null,"ship_to":{"city":"Oslo"}}}',
    );
  });

  it('writes Decimal as base64 two\'s complement, negative values included', () => {
    expect(write(Decimal.schema(2), BigDecimal.parse('-12.34'))).toBe(
      envelope('{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}', '"+y4="'),
    );
  });

  it('writes Decimal as a JSON number with decimal.format=NUMERIC (case-insensitive)', () => {
    const decimalSchema = '{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"%"}}';
    expect(write(Decimal.schema(2), BigDecimal.parse('-12.34'), { 'decimal.format': 'numeric' })).toBe(envelope(decimalSchema.replace('%', '2'), '-12.34'));
    expect(write(Decimal.schema(8), BigDecimal.parse('0.00000015'), { 'decimal.format': 'NUMERIC' })).toBe(envelope(decimalSchema.replace('%', '8'), '1.5E-7'));
    expect(write(Decimal.schema(2), BigDecimal.parse('123456789012345678901234567890.10'), { 'decimal.format': 'NUMERIC' })).toBe(
      envelope(decimalSchema.replace('%', '2'), '123456789012345678901234567890.10'),
    );
  });

  it('writes Date, Time and Timestamp as their integers, before 1970 too', () => {
    expect(write(ConnectDate.SCHEMA, new Date('1969-12-31T00:00:00Z'))).toBe(
      envelope('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1}', '-1'),
    );
    expect(write(Time.SCHEMA, new Date('1970-01-01T13:45:30.500Z'))).toBe(
      envelope('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1}', '49530500'),
    );
    expect(write(Timestamp.SCHEMA, new Date('2023-11-14T22:13:20Z'))).toBe(
      envelope('{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1}', '1700000000000'),
    );
  });

  it('writes doc, parameters and default after name and version, and null as the default', () => {
    const schema = SchemaBuilder.int32().name('n').version(3).doc('d').parameter('p', 'v').defaultValue(7).build();
    expect(write(schema, null)).toBe(envelope('{"type":"int32","optional":false,"name":"n","version":3,"doc":"d","parameters":{"p":"v"},"default":7}', '7'));
    expect(() => write(schema, null, { 'replace.null.with.default': 'false' })).toThrow(/Missing value: the int32 schema is required and its default is not applied \(replace.null.with.default=false\)/);
    const optional = SchemaBuilder.int32().optional().defaultValue(7).build();
    expect(write(optional, null, { 'replace.null.with.default': 'false' })).toBe(envelope('{"type":"int32","optional":true,"default":7}', 'null'));
  });

  it('writes a struct field\'s default when its value is null', () => {
    const schema = SchemaBuilder.struct().field('status', SchemaBuilder.string().defaultValue('new')).build();
    expect(write(schema, new Struct(schema))).toBe(
      envelope('{"type":"struct","fields":[{"type":"string","optional":false,"default":"new","field":"status"}],"optional":false}', '{"status":"new"}'),
    );
  });

  it('writes schemaless values with a null schema', () => {
    expect(write(null, { a: 1 })).toBe('{"schema":null,"payload":{"a":1}}');
  });

  it('writes nothing (a tombstone) for a null value without schema', () => {
    expect(write(null, null)).toBeNull();
  });
});

describe('JsonConverter golden output without schemas', () => {
  const plain = { 'schemas.enable': 'false' };

  it('writes the bare payload', () => {
    const schema = SchemaBuilder.struct().name('Key').field('id', Schema.INT32_SCHEMA).build();
    expect(write(schema, new Struct(schema).put('id', 1001), plain)).toBe('{"id":1001}');
    expect(write(Schema.OPTIONAL_STRING_SCHEMA, null, plain)).toBe('null');
    expect(write(Decimal.schema(2), BigDecimal.parse('1.00'), plain)).toBe('"ZA=="');
  });

  it('writes JS values by their type when there is no schema', () => {
    const value = {
      id: 12345678901234567890n,
      price: 1.5,
      count: 3,
      big: 1e21,
      ok: true,
      missing: null,
      raw: Buffer.from('hi'),
      tags: ['a', 'b'],
      nested: { deep: [{ x: 1 }] },
      byName: new Map([['k', 'v']]),
      byNumber: new Map([[1, 'one']]),
      nan: Number.NaN,
    };
    expect(write(null, value, plain)).toBe(
      '{"id":12345678901234567890,"price":1.5,"count":3,"big":1.0E21,"ok":true,"missing":null,"raw":"aGk=","tags":["a","b"],' +
        '"nested":{"deep":[{"x":1}]},"byName":{"k":"v"},"byNumber":[[1,"one"]],"nan":"NaN"}',
    );
  });
});
