import { describe, expect, it } from 'vitest';
import { mayLoseDigits, parseKeepingDigits } from '../../../runtime/converters/json/json-text.ts';
import { JsonNumber } from '../../../runtime/converters/json/json-number.ts';

/** The rule mayLoseDigits implements in one pass: a digit and 15 more digits or dots, or a digit and an exponent. */
const RULE = /\d[\d.]{15}|\d[eE]/;

describe('mayLoseDigits', () => {
  it('flags long digit runs and exponents, not short numbers', () => {
    expect(mayLoseDigits('{"registertime":1700000000000,"userid":"User_9"}')).toBe(false);
    expect(mayLoseDigits('{"n":12345678901234567}')).toBe(true);
    expect(mayLoseDigits('{"n":0.1234567890123456}')).toBe(true);
    expect(mayLoseDigits('{"n":1e5}')).toBe(true);
    expect(mayLoseDigits('{"n":.123456789012345}')).toBe(false);
    expect(mayLoseDigits('{"e":"value"}')).toBe(false);
  });

  it('agrees with the regular expression on random texts', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '0123456789..eE x",:';
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * (random() < 0.8 ? 11 : alphabet.length))];
      expect(mayLoseDigits(text), text).toBe(RULE.test(text));
    }
  });

  it('keeps numbers a double cannot hold as JsonNumber when flagged', () => {
    const parsed = parseKeepingDigits('{"big":12345678901234567,"ok":1.5}') as Record<string, unknown>;
    expect(parsed.big).toBeInstanceOf(JsonNumber);
    expect(parsed.ok).toBe(1.5);
  });
});
