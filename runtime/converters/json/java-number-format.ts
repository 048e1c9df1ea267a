/**
 * Number text as Kafka Connect's JsonConverter writes it (Jackson prints Java's Double.toString,
 * Float.toString and BigDecimal.toString), so Sluice produces the same bytes as Connect: keys of compacted
 * topics, deduplication hashes and golden files then agree. Java differs from JavaScript in that doubles
 * always show a fraction ("1.0"), switch to "1.0E7" style outside [1e-3, 1e7), floats print the
 * shortest digits that identify the float32, not the double, and when one digit would do, Java picks
 * the closest of one or two digits (Double.MIN_VALUE is "4.9E-324", not "5e-324"). This follows the
 * Double.toString specification of JDK 19 and later.
 */
import type { BigDecimal } from '../../../connectors/sdk/index.ts';

/** Java's Double.toString for a finite number. */
export function formatDouble(value: number): string {
  const magnitude = Math.abs(value);
  return javaFloatingText(value, javaDigits(magnitude, magnitude.toExponential(), (candidate) => candidate === magnitude));
}

/** Java's Float.toString for a finite number (rounded to float32 first). */
export function formatFloat(value: number): string {
  const float = Math.fround(value);
  const magnitude = Math.abs(float);
  const readsBack = (candidate: number) => Math.fround(candidate) === magnitude;
  let shortest = magnitude.toExponential(8);
  for (let precision = 1; precision < 9; precision++) {
    const candidate = magnitude.toExponential(precision - 1);
    if (readsBack(Number(candidate))) {
      shortest = candidate;
      break;
    }
  }
  return javaFloatingText(float, javaDigits(magnitude, shortest, readsBack));
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

/** Significant digits d1d2… of a number d1.d2… × 10^exponent. */
interface DecimalDigits {
  readonly digits: string;
  readonly exponent: number;
}

/** Java's digit choice: the shortest that reads back, except that one digit competes with two. */
function javaDigits(magnitude: number, shortest: string, readsBack: (candidate: number) => boolean): DecimalDigits {
  const parsed = parseExponential(shortest);
  if (parsed.digits.length > 1) return parsed;
  const twoDigits = magnitude.toExponential(1);
  if (!readsBack(Number(twoDigits))) return parsed;
  const closer = parseExponential(twoDigits);
  return { digits: closer.digits.replace(/0$/, ''), exponent: closer.exponent };
}

function parseExponential(text: string): DecimalDigits {
  const [mantissa, exponent] = text.split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
}

function javaFloatingText(value: number, { digits, exponent }: DecimalDigits): string {
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
