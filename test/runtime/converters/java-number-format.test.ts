import { describe, expect, it } from 'vitest';
import { BigDecimal } from '../../../connectors/sdk/index.ts';
import { formatBigDecimal, formatDouble, formatFloat } from '../../../runtime/converters/json/java-number-format.ts';

describe('Java number text', () => {
  it('prints doubles as Double.toString does', () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'],
      [-0, '-0.0'],
      [0, '0.0'],
      [100, '100.0'],
      [123.456, '123.456'],
      [-2.5, '-2.5'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [1234567, '1234567.0'],
      [1e7, '1.0E7'],
      [12345678.9, '1.23456789E7'],
      [1.5e-10, '1.5E-10'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e21, '1.0E21'],
      [Number.MAX_VALUE, '1.7976931348623157E308'],
      [Number.MIN_VALUE, '4.9E-324'],
      [2 ** 53, '9.007199254740992E15'],
    ];
    for (const [value, text] of cases) expect(formatDouble(value), String(value)).toBe(text);
  });

  it('prints floats as Float.toString does, with float32 digits', () => {
    const cases: Array<[number, string]> = [
      [1.1, '1.1'],
      [Math.fround(1.1), '1.1'],
      [0.1, '0.1'],
      [100, '100.0'],
      [16777216, '1.6777216E7'],
      [3.4028234663852886e38, '3.4028235E38'],
      [1.401298464324817e-45, '1.4E-45'],
      [-0.3333333, '-0.3333333'],
    ];
    for (const [value, text] of cases) expect(formatFloat(value), String(value)).toBe(text);
  });

  it('prints decimals as BigDecimal.toString does', () => {
    const cases: Array<[string, string]> = [
      ['12.34', '12.34'],
      ['-12.340', '-12.340'],
      ['0.000001', '0.000001'],
      ['0.00000015', '1.5E-7'],
      ['1.2E+3', '1.2E+3'],
      ['0', '0'],
    ];
    for (const [value, text] of cases) expect(formatBigDecimal(BigDecimal.parse(value)), value).toBe(text);
  });
});
