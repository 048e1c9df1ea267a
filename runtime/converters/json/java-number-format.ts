/**
 * Number text as Kafka Connect's JsonConverter writes it (Jackson prints Java's Double.toString,
 * Float.toString and BigDecimal.toString), so Sluice produces the same bytes as Connect: keys of compacted
 * topics, deduplication hashes and golden files then agree. Java differs from JavaScript in that doubles
 * always show a fraction ("1.0"), switch to "1.0E7" style outside [1e-3, 1e7), and floats print the
 * shortest digits that identify the float32, not the double.
 */
import type { BigDecimal } from '../../../connectors/sdk/index.ts';

/** Java's Double.toString for a finite number. */
export function formatDouble(value: number): string {
  return javaFloatingText(value, shortestDigits(value));
}

/** Java's Float.toString for a finite number (rounded to float32 first). */
export function formatFloat(value: number): string {
  const float = Math.fround(value);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = float.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === float) return javaFloatingText(float, parseExponential(candidate));
  }
  return javaFloatingText(float, shortestDigits(float));
}

/** Java's BigDecimal.toString: plain unless the scale is negative or the number is below 1e-6. */
export function formatBigDecimal(value: BigDecimal): string {
  const negative = value.unscaled < 0n;
  const digits = (negative ? -value.unscaled : value.unscaled).toString();
  const adjusted = digits.length - 1 - value.scale;
  if (value.scale >= 0 && adjusted >= -6) return value.toString();
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

interface Decimal {
  readonly digits: string;
  /** Position of the decimal point: value = 0.d1d2… × 10^(exponent + 1). */
  readonly exponent: number;
}

function shortestDigits(value: number): Decimal {
  return parseExponential(Math.abs(value).toExponential());
}

function parseExponential(text: string): Decimal {
  const [mantissa, exponent] = text.replace('-', '').split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
}

function javaFloatingText(value: number, { digits, exponent }: Decimal): string {
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0.0`;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1) || '0';
      return `${sign}${whole}.${fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}
