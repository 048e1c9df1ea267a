// Connector names: trimmed like Java's String.trim, non-empty, no control characters, one name per connector.
import { describe, expect, it } from 'vitest';
import { RuntimeError, RuntimeErrors } from '../../../runtime/errors.ts';
import { checkConnectorName, trimConnectorName, withConnectorName } from '../../../runtime/rest/connector-name.ts';

describe('connector names', () => {
  it('trims every character up to U+0020 at both ends, nothing inside', () => {
    expect(trimConnectorName('\u0001 \t my connector\n\u0000')).toBe('my connector');
    expect(trimConnectorName('\u00a0nbsp\u00a0')).toBe('\u00a0nbsp\u00a0');
  });

  it('refuses empty names and names with control characters, as a field error on "name"', () => {
    for (const [name, problem] of [
      ['', 'must not be empty'],
      ['a\u0007b\u0085', 'must not contain control characters, found U+0007, U+0085'],
    ]) {
      try {
        checkConnectorName(name);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(RuntimeError);
        expect((err as RuntimeError).kind).toBe(RuntimeErrors.INVALID_CONFIG);
        expect((err as RuntimeError).fieldErrors).toEqual({ name: [problem] });
      }
    }
    expect(() => checkConnectorName('fine-name with spaces/é')).not.toThrow();
  });

  it('puts the name into the config, refusing a config that names another connector', () => {
    expect(withConnectorName('a', { x: '1' })).toEqual({ x: '1', name: 'a' });
    expect(withConnectorName('a', { name: 'a' })).toEqual({ name: 'a' });
    expect(() => withConnectorName('a', { name: 'b' })).toThrow(/\(b\).*\(a\)/);
  });
});
