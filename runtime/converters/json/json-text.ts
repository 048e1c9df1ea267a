/**
 * JSON text in and out without losing digits. Output: numbers whose text must be exact (bigints, Java
 * formatted floats and decimals) are embedded with JSON.rawJSON. Input: JSON.parse, and only when the
 * text holds a number that might not survive as a double (16+ digit runs or an exponent) a second
 * parse whose reviver sees each number's source text and keeps the lossy ones as JsonNumber.
 */
import { BigDecimal } from '../../../connectors/sdk/index.ts';
import { JsonNumber } from './json-number.ts';

interface JsonWithRawText {
  rawJSON(text: string): unknown;
  parse(text: string, reviver: (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown): unknown;
}

const json = JSON as unknown as JsonWithRawText;

/** A number token with exactly this text. */
export function rawNumber(text: string): unknown {
  return json.rawJSON(text);
}

/**
 * Whether JSON.parse could turn one of the text's numbers into a different double: a digit followed by
 * 15 or more digits or dots, or a digit followed by an exponent. (Strings may trip it too; that only
 * costs the slower parse.) One pass over the text; the equivalent regex backtracks on every digit.
 */
export function mayLoseDigits(text: string): boolean {
  let runFromDigit = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (runFromDigit < 0) runFromDigit = 0;
      if (++runFromDigit >= 16) return true;
    } else if (c === DOT) {
      if (runFromDigit >= 0 && ++runFromDigit >= 16) return true;
    } else {
      if ((c === LOWER_E || c === UPPER_E) && i > 0 && isDigit(text.charCodeAt(i - 1))) return true;
      runFromDigit = -1;
    }
  }
  return false;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** JSON.parse, except that numbers a double cannot hold exactly come back as JsonNumber. */
export function parseKeepingDigits(text: string): unknown {
  return json.parse(text, (_key, parsed, context) =>
    typeof parsed === 'number' && context.source !== undefined && !isExact(parsed, context.source) ? new JsonNumber(context.source) : parsed,
  );
}

function isExact(parsed: number, source: string): boolean {
  if (!Number.isFinite(parsed)) return false;
  if (Number.isInteger(parsed) && !Number.isSafeInteger(parsed)) return false;
  return BigDecimal.parse(String(parsed)).compareTo(BigDecimal.parse(source)) === 0;
}
