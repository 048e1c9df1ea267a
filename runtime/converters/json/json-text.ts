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
const MAYBE_LOSSY = /\d[\d.]{15}|\d[eE]/;

/** A number token with exactly this text. */
export function rawNumber(text: string): unknown {
  return json.rawJSON(text);
}

/** Whether JSON.parse could turn one of the text's numbers into a different double. */
export function mayLoseDigits(text: string): boolean {
  return MAYBE_LOSSY.test(text);
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
