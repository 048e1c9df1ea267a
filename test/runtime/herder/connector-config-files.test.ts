// Connector configs for a standalone worker's command line: Connect's {name, config} or flat JSON.
import { describe, expect, it } from 'vitest';
import { RuntimeErrors } from '../../../runtime/errors.ts';
import { connectorConfigFromJson } from '../../../runtime/herder/index.ts';

describe('connector config files', () => {
  it('reads {name, config} and flat configs alike, turning numbers and booleans into text', () => {
    const expected = { name: 'src', config: { 'connector.class': 'datagen', 'tasks.max': '2', 'errors.log.enable': 'true', name: 'src' } };
    expect(connectorConfigFromJson({ name: 'src', config: { 'connector.class': 'datagen', 'tasks.max': 2, 'errors.log.enable': true } })).toEqual(expected);
    expect(connectorConfigFromJson({ name: 'src', 'connector.class': 'datagen', 'tasks.max': 2, 'errors.log.enable': true })).toEqual(expected);
  });

  it('refuses a config without a name, with nested values, or naming two connectors', () => {
    for (const bad of [{ 'connector.class': 'x' }, { name: 'a', config: { nested: { a: 1 } } }, { name: 'a', config: { name: 'b' } }, [], { name: 'a', config: {}, extra: 1 }]) {
      expect(() => connectorConfigFromJson(bad)).toThrow(expect.objectContaining({ kind: RuntimeErrors.INVALID_CONFIG }));
    }
  });
});
