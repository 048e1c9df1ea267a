import { describe, expect, it } from 'vitest';
import { BigDecimal, ConnectDate, DataException, Decimal, Schema, Time, Timestamp } from '../../../connectors/sdk/index.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('BigDecimal', () => {
  it('parses text keeping its scale, like Java', () => {
    expect(BigDecimal.parse('-12.340')).toEqual(new BigDecimal(-12340n, 3));
    expect(BigDecimal.parse('1.5E-7')).toEqual(new BigDecimal(15n, 8));
    expect(BigDecimal.parse('1e3')).toEqual(new BigDecimal(1n, -3));
    expect(BigDecimal.parse('+.5')).toEqual(new BigDecimal(5n, 1));
    expect(() => BigDecimal.parse('12,5')).toThrow(DataException);
    expect(() => BigDecimal.parse('.')).toThrow(/Not a decimal number/);
  });

  it('prints plain notation', () => {
    expect(new BigDecimal(-5n, 2).toString()).toBe('-0.05');
    expect(new BigDecimal(12n, -2).toString()).toBe('1200');
    expect(new BigDecimal(0n, 3).toString()).toBe('0.000');
    expect(new BigDecimal(123456789012345678901234567890n, 10).toString()).toBe('12345678901234567890.1234567890');
    expect(JSON.stringify({ price: new BigDecimal(1999n, 2) })).toBe('{"price":"19.99"}');
  });

  it('rescales only when exact', () => {
    expect(BigDecimal.parse('1.5').setScale(3)).toEqual(new BigDecimal(1500n, 3));
    expect(BigDecimal.parse('-1.500').setScale(1)).toEqual(new BigDecimal(-15n, 1));
    expect(() => BigDecimal.parse('1.25').setScale(1)).toThrow(/cannot be represented with scale 1 without rounding/);
  });

  it('distinguishes equality (scale matters) from numeric comparison', () => {
    expect(BigDecimal.parse('1.0').equals(BigDecimal.parse('1.00'))).toBe(false);
    expect(BigDecimal.parse('1.0').compareTo(BigDecimal.parse('1.00'))).toBe(0);
    expect(BigDecimal.parse('-2').compareTo(BigDecimal.parse('1.5'))).toBe(-1);
    expect(BigDecimal.from(0.1)).toEqual(new BigDecimal(1n, 1));
    expect(BigDecimal.from(10n)).toEqual(new BigDecimal(10n, 0));
    expect(() => BigDecimal.from(Number.NaN)).toThrow(DataException);
  });
});

describe('Decimal', () => {
  it('builds the schema Connect uses', () => {
    const schema = Decimal.schema(2);
    expect([schema.type, schema.name, schema.version, schema.parameters]).toEqual(['bytes', 'org.apache.kafka.connect.data.Decimal', 1, { scale: '2' }]);
    expect(Decimal.scale(schema)).toBe(2);
  });

  it('encodes the unscaled value as minimal big-endian two\'s complement', () => {
    const cases: Array<[string, number, string]> = [
      ['0', 0, '00'],
      ['12.34', 2, '04d2'],
      ['-12.34', 2, 'fb2e'],
      ['1.27', 2, '7f'],
      ['1.28', 2, '0080'],
      ['-1.28', 2, '80'],
      ['-1.29', 2, 'ff7f'],
      ['-0.01', 2, 'ff'],
      ['9223372036854775808', 0, '008000000000000000'],
      ['-9223372036854775809', 0, 'ff7fffffffffffffff'],
    ];
    for (const [text, scale, bytes] of cases) {
      const schema = Decimal.schema(scale);
      const encoded = Decimal.fromLogical(schema, BigDecimal.parse(text));
      expect(hex(encoded), text).toBe(bytes);
      expect(Decimal.toLogical(schema, encoded).toString(), text).toBe(text);
    }
  });

  it('refuses a value whose scale differs from the schema', () => {
    expect(() => Decimal.fromLogical(Decimal.schema(2), BigDecimal.parse('1.5'))).toThrow(/has scale 1 but the schema's scale is 2; call setScale\(2\) first/);
  });

  it('refuses empty bytes and non-Decimal schemas', () => {
    expect(() => Decimal.toLogical(Decimal.schema(2), new Uint8Array())).toThrow(/zero bytes/);
    expect(() => Decimal.toLogical(Schema.BYTES_SCHEMA, new Uint8Array([1]))).toThrow(/Expected a Decimal schema/);
  });
});

describe('ConnectDate', () => {
  it('converts dates before and after 1970 to signed days', () => {
    const schema = ConnectDate.SCHEMA;
    expect([schema.type, schema.name, schema.version]).toEqual(['int32', 'org.apache.kafka.connect.data.Date', 1]);
    expect(ConnectDate.fromLogical(schema, new Date('1970-01-01T00:00:00Z'))).toBe(0);
    expect(ConnectDate.fromLogical(schema, new Date('1969-12-31T00:00:00Z'))).toBe(-1);
    expect(ConnectDate.fromLogical(schema, new Date('1900-01-01T00:00:00Z'))).toBe(-25567);
    expect(ConnectDate.fromLogical(schema, new Date('2024-02-29T00:00:00Z'))).toBe(19782);
    expect(ConnectDate.toLogical(schema, -25567).toISOString()).toBe('1900-01-01T00:00:00.000Z');
  });

  it('refuses dates with a time of day', () => {
    expect(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date('1969-12-31T12:00:00Z'))).toThrow(/must be at midnight UTC/);
    expect(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date('invalid'))).toThrow(/valid JS Dates/);
  });
});

describe('Time', () => {
  it('converts a time of day to milliseconds since midnight', () => {
    expect(Time.fromLogical(Time.SCHEMA, new Date('1970-01-01T13:45:30.500Z'))).toBe(49530500);
    expect(Time.toLogical(Time.SCHEMA, 49530500).toISOString()).toBe('1970-01-01T13:45:30.500Z');
    expect(() => Time.fromLogical(Time.SCHEMA, new Date('1970-01-02T00:00:00.001Z'))).toThrow(/between 0 and 86400000/);
    expect(() => Time.toLogical(Time.SCHEMA, -1)).toThrow(/between 0 and 86400000/);
  });
});

describe('Timestamp', () => {
  it('converts instants, including before 1970, to epoch milliseconds', () => {
    expect([Timestamp.SCHEMA.type, Timestamp.SCHEMA.name]).toEqual(['int64', 'org.apache.kafka.connect.data.Timestamp']);
    expect(Timestamp.fromLogical(Timestamp.SCHEMA, new Date('1969-12-31T23:59:59.999Z'))).toBe(-1);
    expect(Timestamp.toLogical(Timestamp.SCHEMA, -1).toISOString()).toBe('1969-12-31T23:59:59.999Z');
    expect(Timestamp.toLogical(Timestamp.SCHEMA, 1700000000000n).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(() => Timestamp.toLogical(Timestamp.SCHEMA, 9_000_000_000_000_000n)).toThrow(/outside the range of JS Dates/);
  });
});
