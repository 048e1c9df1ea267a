import { describe, expect, it } from 'vitest';
import { ConfigDef, ConfigException, configValue, errorCount, type ConfigSchema } from '../../../connectors/sdk/index.ts';

interface JdbcSinkConfig {
  'connection.url': string;
  'connection.password'?: string;
  'batch.size': number;
  'auto.create': boolean;
  'insert.mode': 'insert' | 'upsert';
  'pk.fields': string[];
  'poll.interval.ms': number;
}

const schema: ConfigSchema = {
  $id: 'test/jdbc-sink',
  type: 'object',
  properties: {
    'connection.url': { type: 'string', pattern: '^jdbc:', description: 'JDBC URL.', 'x-importance': 'high', 'x-group': 'Connection', 'x-display-name': 'JDBC URL' },
    'connection.password': { type: 'string', writeOnly: true, description: 'Password.', 'x-importance': 'high', 'x-group': 'Connection' },
    'batch.size': { type: 'integer', minimum: 1, default: 3000, description: 'Rows per batch.', 'x-group': 'Writes', 'x-width': 'short' },
    'auto.create': { type: 'boolean', default: false, description: 'Create missing tables.', 'x-group': 'Writes', 'x-dependents': ['pk.fields'] },
    'insert.mode': { type: 'string', enum: ['insert', 'upsert'], default: 'insert', 'x-case-insensitive': true, description: 'How rows are written.', 'x-group': 'Writes' },
    'pk.fields': { type: 'array', items: { type: 'string' }, default: [], description: 'Primary key fields.', 'x-group': 'Writes', 'x-order': 9 },
    'poll.interval.ms': { type: 'integer', default: 5000, description: 'Poll interval.', 'x-type': 'LONG', 'x-importance': 'low' },
  },
  required: ['connection.url'],
};

const def = new ConfigDef<JdbcSinkConfig>(schema);

describe('ConfigDef.parse', () => {
  it('coerces Connect\'s string props, applies defaults, splits lists, freezes', () => {
    const config = def.parse({
      'connection.url': 'jdbc:postgresql://db/app',
      'batch.size': ' 500 ',
      'auto.create': 'TRUE',
      'insert.mode': 'UPSERT',
      'pk.fields': 'id, tenant_id',
      name: 'my-sink',
    });
    expect(config).toEqual({
      'connection.url': 'jdbc:postgresql://db/app',
      'batch.size': 500,
      'auto.create': true,
      'insert.mode': 'upsert',
      'pk.fields': ['id', 'tenant_id'],
      'poll.interval.ms': 5000,
      name: 'my-sink',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(def.parse({ 'connection.url': 'jdbc:x', 'pk.fields': '' })['pk.fields']).toEqual([]);
  });

  it('throws one ConfigException naming every bad key, the first as its key', () => {
    let error: unknown;
    try {
      def.parse({ 'batch.size': '0', 'insert.mode': 'merge' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigException);
    const { message, key, code } = error as ConfigException;
    expect(code).toBe('CONFIG_INVALID');
    expect(key).toBe('connection.url');
    expect(message).toBe(
      'Invalid configuration: Missing required configuration "connection.url" which has no default value.; ' +
        'Invalid value "0" for configuration "batch.size": must be >= 1; ' +
        'Invalid value "merge" for configuration "insert.mode": must be one of insert, upsert',
    );
  });
});

describe('ConfigDef.validate', () => {
  it('answers per key, with effective values, recommended values and hidden secrets', () => {
    const result = def.validate({ 'connection.url': 'http://nope', 'connection.password': 'hunter2', 'batch.size': 'lots' });
    expect(errorCount(result)).toBe(2);
    expect(result.configs.map((c) => c.name)).toEqual(Object.keys(schema.properties));
    expect(configValue(result, 'connection.url')?.errors).toEqual(['Invalid value "http://nope" for configuration "connection.url": must match pattern "^jdbc:"']);
    expect(configValue(result, 'batch.size')).toEqual({
      name: 'batch.size',
      value: 'lots',
      recommendedValues: [],
      errors: ['Invalid value "lots" for configuration "batch.size": must be integer'],
      visible: true,
    });
    expect(configValue(result, 'connection.password')?.value).toBe('[hidden]');
    expect(configValue(result, 'insert.mode')).toMatchObject({ value: 'insert', recommendedValues: ['insert', 'upsert'], errors: [] });
    expect(configValue(result, 'pk.fields')?.value).toBe('');
    expect(result.errors).toEqual([]);
  });

  it('never echoes a secret in an error message', () => {
    const secret = new ConfigDef({ type: 'object', properties: { token: { type: 'string', minLength: 10, writeOnly: true } } });
    const [entry] = secret.validate({ token: 'short' }).configs;
    expect(entry.errors).toEqual(['Invalid value [hidden] for configuration "token": must NOT have fewer than 10 characters']);
    expect(entry.value).toBe('[hidden]');
  });

  it('reports dependency rules on the key that is missing, and rule violations without a key generally', () => {
    const rules = new ConfigDef({
      type: 'object',
      properties: { 'ssl.enabled': { type: 'boolean' }, 'ssl.keystore': { type: 'string' }, a: { type: 'string' }, b: { type: 'string' } },
      dependencies: { 'ssl.enabled': ['ssl.keystore'] },
      oneOf: [{ required: ['a'] }, { required: ['b'] }],
    });
    const result = rules.validate({ 'ssl.enabled': 'true', a: 'x', b: 'y' });
    expect(configValue(result, 'ssl.keystore')?.errors).toEqual(['Missing required configuration "ssl.keystore" (needed because "ssl.enabled" is set).']);
    expect(result.errors).toEqual(['Invalid configuration: must match exactly one schema in oneOf']);
  });
});

describe('ConfigDef.keys', () => {
  it('derives Connect\'s ConfigKeyInfo from the schema', () => {
    const keys = def.keys();
    expect(keys.find((k) => k.name === 'connection.url')).toEqual({
      name: 'connection.url',
      type: 'STRING',
      required: true,
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'JDBC URL.',
      group: 'Connection',
      orderInGroup: 0,
      width: 'NONE',
      displayName: 'JDBC URL',
      dependents: [],
    });
    const byName = Object.fromEntries(keys.map((k) => [k.name, k]));
    expect(byName['connection.password'].type).toBe('PASSWORD');
    expect(byName['batch.size']).toMatchObject({ type: 'INT', defaultValue: '3000', group: 'Writes', orderInGroup: 0, width: 'SHORT', importance: 'MEDIUM' });
    expect(byName['auto.create']).toMatchObject({ type: 'BOOLEAN', defaultValue: 'false', orderInGroup: 1, dependents: ['pk.fields'] });
    expect(byName['pk.fields']).toMatchObject({ type: 'LIST', defaultValue: '', orderInGroup: 9 });
    expect(byName['poll.interval.ms']).toMatchObject({ type: 'LONG', group: null, importance: 'LOW' });
  });
});

describe('ConfigDef construction', () => {
  it('refuses schemas with unknown or malformed keywords (a plugin bug, caught at load)', () => {
    const attempt = (property: Record<string, unknown>) => () => new ConfigDef({ type: 'object', properties: { a: property } });
    expect(attempt({ type: 'string', 'x-importance': 'urgent' })).toThrow(/Invalid config schema \(untitled\): keyword "x-importance" value is invalid/);
    expect(attempt({ type: 'string', 'x-importanse': 'high' })).toThrow(/unknown keyword: "x-importanse"/);
    expect(() => new ConfigDef({ type: 'object', properties: { a: { type: 'string' } }, required: ['b'] })).toThrow(/required keys missing from "properties": b/);
    expect(() => new ConfigDef({ type: 'object' } as never)).toThrow(/must be an object schema with "properties"/);
    expect(attempt({ type: 'integer', minimum: 1, default: 0 })).toThrow(/a default does not satisfy its own schema: Invalid value 0 for configuration "a": must be >= 1/);
    try {
      attempt({ type: 'strung' })();
    } catch (error) {
      expect((error as ConfigException).code).toBe('CONFIG_SCHEMA_INVALID');
    }
  });
});
