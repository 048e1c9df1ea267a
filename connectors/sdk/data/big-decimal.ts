/**
 * The value type of the Decimal logical type: an exact decimal held as an unscaled bigint and a scale
 * (value = unscaled × 10^-scale), like Java's BigDecimal. This is exactly what Connect puts on the wire
 * (the unscaled integer's two's-complement bytes plus the schema's scale), so conversions never round,
 * and the scale a Decimal schema fixes is explicit instead of implied by a string's trailing zeros.
 * `toString()` gives the plain decimal text that databases and BigQuery accept.
 */
import { DataException } from '../errors.ts';

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_SCALE = 2 ** 31 - 1;

export class BigDecimal {
  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint, scale = 0) {
    if (typeof unscaled !== 'bigint') throw new DataException(`BigDecimal needs a bigint unscaled value, got ${typeof unscaled}`);
    if (!Number.isInteger(scale) || Math.abs(scale) > MAX_SCALE) throw new DataException(`BigDecimal scale must be a 32-bit integer, got ${scale}`);
    this.unscaled = unscaled;
    this.scale = scale;
    Object.freeze(this);
  }

  /** Parses decimal text ("-12.340", "1.5E-7"); the scale follows the text, as Java's BigDecimal does. */
  static parse(text: string): BigDecimal {
    const match = DECIMAL_TEXT.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
      throw new DataException(`Not a decimal number: ${JSON.stringify(text)}`);
    }
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    const digits = BigInt(`${whole}${fraction}` || '0');
    return new BigDecimal(sign === '-' ? -digits : digits, fraction.length - Number(exponent));
  }

  /** Exact conversion of a finite number (via its shortest decimal text), a bigint or decimal text. */
  static from(value: number | bigint | string | BigDecimal): BigDecimal {
    if (value instanceof BigDecimal) return value;
    if (typeof value === 'bigint') return new BigDecimal(value, 0);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new DataException(`Cannot represent ${value} as a BigDecimal`);
    return BigDecimal.parse(String(value));
  }

  /** The same value with another scale; throws rather than rounding when digits would be lost. */
  setScale(scale: number): BigDecimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new BigDecimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    if (this.unscaled % divisor !== 0n) {
      throw new DataException(`${this.toString()} cannot be represented with scale ${scale} without rounding`);
    }
    return new BigDecimal(this.unscaled / divisor, scale);
  }

  /** Same unscaled value and scale (so 1.0 and 1.00 differ, as in Java); see compareTo for numeric order. */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  compareTo(other: BigDecimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.setScale(scale).unscaled;
    const b = other.setScale(scale).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Plain notation, never an exponent: "-0.05", "1200". */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    let text: string;
    if (this.scale <= 0) {
      text = this.unscaled === 0n ? '0' : digits + '0'.repeat(-this.scale);
    } else {
      const padded = digits.padStart(this.scale + 1, '0');
      text = `${padded.slice(0, -this.scale)}.${padded.slice(-this.scale)}`;
    }
    return negative ? `-${text}` : text;
  }

  /** The nearest double; may lose precision. */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}
