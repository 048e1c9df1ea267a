/**
 * The prepared struct writer must give exactly the text (or exactly the error) of the general path,
 * JSON.stringify(valueToJson(...)), for every shape of struct and value.
 */
import { describe, expect, it } from 'vitest';
import { BigDecimal, Decimal, Schema, SchemaBuilder, Struct, Timestamp } from '../../../connectors/sdk/index.ts';
import type { JsonCodecOptions } from '../../../runtime/converters/json/json-codec-options.ts';
import { StructJsonWriters } from '../../../runtime/converters/json/struct-json-writer.ts';
import { valueToJson } from '../../../runtime/converters/json/value-to-json.ts';

const OPTIONS: JsonCodecOptions[] = [
  { decimalFormat: 'BASE64', replaceNullWithDefault: true },
  { decimalFormat: 'NUMERIC', replaceNullWithDefault: false },
];

function outcome(run: () => string | undefined): { text?: string; error?: string } {
  try {
    return { text: run() };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

function expectSameAsGeneral(schema: Schema, value: unknown): void {
  for (const options of OPTIONS) {
    const prepared = outcome(() => new StructJsonWriters(options).write(schema, value));
    const general = outcome(() => JSON.stringify(valueToJson(schema, value, options)));
    expect(prepared).toEqual(general);
  }
}

const address = SchemaBuilder.struct().name('Address').field('street', Schema.STRING_SCHEMA).field('zip', Schema.OPTIONAL_INT32_SCHEMA).build();
const everything = SchemaBuilder.struct()
  .name('Everything')
  .field('s', Schema.STRING_SCHEMA)
  .field('b', Schema.BOOLEAN_SCHEMA)
  .field('i8', Schema.INT8_SCHEMA)
  .field('i16', Schema.INT16_SCHEMA)
  .field('i32', Schema.INT32_SCHEMA)
  .field('i64', Schema.INT64_SCHEMA)
  .field('f32', Schema.FLOAT32_SCHEMA)
  .field('f64', Schema.FLOAT64_SCHEMA)
  .field('bytes', Schema.OPTIONAL_BYTES_SCHEMA)
  .field('list', SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
  .field('amount', Decimal.builder(2).optional().build())
  .field('at', Timestamp.builder().optional().build())
  .field('defaulted', SchemaBuilder.string().optional().defaultValue('dflt').build())
  .field('address', address)
  .field('maybeAddress', SchemaBuilder.struct().name('Address2').field('street', Schema.STRING_SCHEMA).optional().build())
  .field('quote"and\\slash', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

function sample(overrides: Record<string, unknown> = {}): Struct {
  const struct = new Struct(everything);
  const values: Record<string, unknown> = {
    s: 'text with "quotes", \\ and \u2028 and \ud83d\ude00',
    b: true,
    i8: -128,
    i16: 32767,
    i32: -2147483648,
    i64: 9223372036854775807n,
    f32: 1.5,
    f64: 0.1 + 0.2,
    bytes: Buffer.from([0, 1, 254, 255]),
    list: ['a', 'b'],
    map: new Map([['x', 1]]),
    amount: BigDecimal.parse('12.30'),
    at: new Date(1_700_000_000_123),
    defaulted: null,
    address: new Struct(address).put('street', 'Main').put('zip', null),
    maybeAddress: null,
    'quote"and\\slash': 'q',
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) struct.put(name, value);
  return struct;
}

describe('StructJsonWriters', () => {
  it('writes the same text as the general path for every field type, nulls and defaults', () => {
    expectSameAsGeneral(everything, sample());
    expectSameAsGeneral(everything, sample({ i64: -42, f64: Number.NaN, f32: Number.NEGATIVE_INFINITY, b: false, defaulted: 'set' }));
    expectSameAsGeneral(everything, sample({ f64: 1e21, f32: 3.4028234663852886e38, i64: 0, bytes: null, list: null, map: null, amount: null, at: null }));
    expect(new StructJsonWriters(OPTIONS[0]).write(everything, sample())).toBeDefined();
  });

  it('gives the same errors as the general path for values that break their schema', () => {
    const bad = sample();
    // Struct.put validates, so corrupt the struct the way a buggy connector could: through a struct of an equal schema.
    const forged = Object.create(Struct.prototype, { schema: { value: everything } });
    expectSameAsGeneral(everything, forged);
    expectSameAsGeneral(everything, 'not a struct');
    expectSameAsGeneral(everything, null);
    expectSameAsGeneral(SchemaBuilder.struct().field('s', Schema.STRING_SCHEMA).optional().build(), null);
    expectSameAsGeneral(everything, bad);
    // Required fields left unset: the general path's "Missing field ..." error.
    expectSameAsGeneral(everything, new Struct(everything).put('s', 'only this'));
    const missing = outcome(() => new StructJsonWriters(OPTIONS[0]).write(everything, new Struct(everything).put('s', 'only this')));
    expect(missing.error).toMatch(/Missing field "b"/);
  });

  it('writes a struct of an equal but not identical schema like the general path', () => {
    const copy = SchemaBuilder.struct().name('Address').field('street', Schema.STRING_SCHEMA).field('zip', Schema.OPTIONAL_INT32_SCHEMA).build();
    expectSameAsGeneral(address, new Struct(copy).put('street', 'x').put('zip', 5));
    const other = SchemaBuilder.struct().name('Other').field('street', Schema.STRING_SCHEMA).build();
    expectSameAsGeneral(address, new Struct(other).put('street', 'x'));
  });

  it('keeps the general path for structs whose field names JS would reorder', () => {
    const numeric = SchemaBuilder.struct().field('b', Schema.STRING_SCHEMA).field('1', Schema.STRING_SCHEMA).field('01', Schema.STRING_SCHEMA).build();
    const value = new Struct(numeric).put('b', 'x').put('1', 'y').put('01', 'z');
    expect(new StructJsonWriters(OPTIONS[0]).write(numeric, value)).toBeUndefined();
    expect(JSON.stringify(valueToJson(numeric, value, OPTIONS[0]))).toBe('{"1":"y","b":"x","01":"z"}');
  });

  it('matches the general path on random records', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: T[]): T => items[Math.floor(random() * items.length)];
    for (let i = 0; i < 300; i++) {
      const value = sample({
        s: pick(['', 'é', '\u0000', '\ud800 lone', 'tab\there', '\u007f\u2028', 'x'.repeat(Math.floor(random() * 40))]),
        i32: pick([0, -1, 2147483647, Math.floor(random() * 1e6)]),
        i64: pick([0, Number.MAX_SAFE_INTEGER, -(2n ** 63n), BigInt(Math.floor(random() * 1e9))]),
        f64: pick([0, -0, 1 / 3, 1e-7, 123456789.125, random() * 1e300, Number.POSITIVE_INFINITY]),
        f32: pick([0, 0.1, -2.5e-10, 3e38]),
        defaulted: pick([null, 'v']),
        address: new Struct(address).put('street', pick(['a', '"'])).put('zip', pick([null, 7])),
      });
      expectSameAsGeneral(everything, value);
    }
  });
});
