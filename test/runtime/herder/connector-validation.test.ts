// Connector config validation: common keys, a sink's topics, errors.*, the plugin's own keys, all in
// one ConfigInfos answer; creation refuses any config with errors, naming the fields.
import { beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError, RuntimeErrors } from '../../../runtime/errors.ts';
import { ConnectorValidator } from '../../../runtime/herder/index.ts';
import { builtinPlugins, FILE_SINK, FILE_SOURCE } from './support/herder-fixtures.ts';

let validator: ConnectorValidator;

beforeAll(async () => {
  const plugins = await builtinPlugins();
  validator = new ConnectorValidator({ plugins, converters: plugins.converterRegistry() });
});

const errorsOf = (infos: Awaited<ReturnType<ConnectorValidator['validate']>>) =>
  Object.fromEntries(infos.configs.filter((c) => c.value.errors.length > 0).map((c) => [c.value.name, c.value.errors]));

describe('connector validation', () => {
  it('answers every common, error-handling and plugin key, grouped, with no errors for a good config', async () => {
    const infos = await validator.validate({ name: 'src', 'connector.class': 'FileStreamSource', topic: 't', file: '/tmp/x' });
    expect(infos.name).toBe(FILE_SOURCE);
    expect(infos.error_count).toBe(0);
    expect(infos.groups).toEqual(['Common', 'Transforms', 'Predicates', 'Error Handling']);
    const names = infos.configs.map((c) => c.value.name);
    for (const key of ['name', 'connector.class', 'tasks.max', 'key.converter', 'errors.tolerance', 'file', 'topic', 'batch.size']) expect(names).toContain(key);
    const tasksMax = infos.configs.find((c) => c.value.name === 'tasks.max')!;
    expect(tasksMax.definition).toMatchObject({ type: 'INT', default_value: '1', group: 'Common' });
    expect(tasksMax.value.value).toBe('1');
  });

  it('reports bad common keys, unknown converters, transforms and the plugin own keys per field', async () => {
    const infos = await validator.validate({ name: 'src', 'connector.class': FILE_SOURCE, 'tasks.max': '0', topic: 'a,b', 'value.converter': 'Nope', transforms: 'x' });
    expect(Object.keys(errorsOf(infos)).sort()).toEqual(['tasks.max', 'topic', 'transforms', 'value.converter']);
    expect(infos.error_count).toBe(4);
  });

  it('checks a sink sets exactly one of topics and topics.regex', async () => {
    expect(errorsOf(await validator.validate({ name: 's', 'connector.class': FILE_SINK, file: '/tmp/o' }))).toHaveProperty('topics');
    expect(errorsOf(await validator.validate({ name: 's', 'connector.class': FILE_SINK, topics: 'a', 'topics.regex': 'b.*' }))).toHaveProperty(['topics.regex']);
    expect((await validator.validate({ name: 's', 'connector.class': FILE_SINK, topics: 'a, b' })).error_count).toBe(0);
  });

  it('names an unknown connector class on connector.class', async () => {
    const infos = await validator.validate({ name: 'x', 'connector.class': 'org.example.Missing' });
    expect(errorsOf(infos)['connector.class'][0]).toMatch(/No connector plugin is named "org\.example\.Missing"/);
  });

  it('refuses creation with INVALID_CONFIG listing the fields', async () => {
    const error = (await validator.requireValid({ name: 'x', 'connector.class': 'datagen', topic: 't', 'tasks.max': 'many' }).catch((e: unknown) => e)) as RuntimeError;
    expect(error.kind).toBe(RuntimeErrors.INVALID_CONFIG);
    expect(Object.keys(error.fieldErrors!)).toEqual(['tasks.max']);
  });

  it('describes a plugin own keys for GET /connector-plugins/{p}/config, PLUGIN_NOT_FOUND otherwise', () => {
    expect(validator.pluginConfig('FileStreamSource').map((k) => k.name)).toEqual(['file', 'topic', 'batch.size']);
    expect(() => validator.pluginConfig('Nope')).toThrow(expect.objectContaining({ kind: RuntimeErrors.PLUGIN_NOT_FOUND }));
  });
});
