import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigDef, SinkConnector, SinkTask, SourceConnector, type Props, type SinkRecord } from '../../../connectors/sdk/index.ts';
import { DatagenConnector } from '../../../connectors/datagen/index.ts';
import { FileStreamSinkConnector, FileStreamSourceConnector } from '../../../connectors/file/index.ts';
import { JsonConverter, StringConverter } from '../../../runtime/converters/index.ts';
import { RuntimeError } from '../../../runtime/errors.ts';
import { PluginRegistry } from '../../../runtime/plugins/index.ts';

const packageVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const config = new ConfigDef({ type: 'object', properties: {} });

class NullTask extends SinkTask {
  version() { return '1'; }
  start() {}
  put(_records: readonly SinkRecord[]) {}
  stop() {}
}

function sinkClass(version = '1.2.3', options: { throwOnCreate?: boolean } = {}): new () => SinkConnector {
  return class extends SinkConnector {
    constructor() {
      super();
      if (options.throwOnCreate) throw new Error('needs arguments');
    }
    version() { return version; }
    config() { return config; }
    start(_props: Props) {}
    taskClass() { return NullTask; }
    taskConfigs() { return []; }
    stop() {}
  };
}

async function builtins(): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  expect(await registry.registerBuiltins()).toEqual([]);
  return registry;
}

function errorOf(action: () => unknown): RuntimeError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeError);
    return error as RuntimeError;
  }
  throw new Error('expected a RuntimeError');
}

describe('PluginRegistry built-ins', () => {
  it('lists the built-in connectors, and with connectorsOnly=false the converters, at Sluice\'s version', async () => {
    const registry = await builtins();
    expect(registry.list()).toEqual([
      { class: 'io.sluice.connect.datagen.DatagenConnector', type: 'source', version: packageVersion },
      { class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink', version: packageVersion },
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: packageVersion },
    ]);
    expect(registry.list({ connectorsOnly: false }).filter((p) => p.type === 'converter').map((p) => p.class)).toEqual([
      'org.apache.kafka.connect.converters.ByteArrayConverter',
      'org.apache.kafka.connect.json.JsonConverter',
      'org.apache.kafka.connect.storage.StringConverter',
    ]);
  });

  it('finds connectors by class name, simple name, simple name without "Connector", and declared alias', async () => {
    const registry = await builtins();
    for (const name of ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'FileStreamSourceConnector', 'FileStreamSource']) {
      expect(registry.connectorClass(name)).toBe(FileStreamSourceConnector);
    }
    for (const name of ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'FileStreamSinkConnector', 'FileStreamSink']) {
      expect(registry.connectorClass(name)).toBe(FileStreamSinkConnector);
    }
    for (const name of ['io.sluice.connect.datagen.DatagenConnector', 'DatagenConnector', 'Datagen', 'datagen']) {
      expect(registry.connectorClass(name)).toBe(DatagenConnector);
    }
    expect(registry.connector('datagen')).toMatchObject({ className: 'io.sluice.connect.datagen.DatagenConnector', type: 'source', aliases: ['datagen', 'DatagenConnector', 'Datagen'] });
  });

  it('answers PLUGIN_NOT_FOUND (404) for an unknown name, listing what is installed', async () => {
    const error = errorOf(() => new PluginRegistry().connectorClass('com.example.Missing'));
    expect(error.kind.code).toBe('PLUGIN_NOT_FOUND');
    expect(error.status).toBe(404);
    const registry = await builtins();
    expect(errorOf(() => registry.connectorClass('FileStream')).message).toMatch(/No connector plugin is named "FileStream"; installed connectors: io\.sluice.*FileStreamSourceConnector/);
    expect(errorOf(() => registry.converterClass('datagen')).kind.code).toBe('PLUGIN_NOT_FOUND');
  });

  it('provides the converters by their names for createConverter()', async () => {
    const registry = await builtins();
    expect(registry.converterClass('json')).toBe(JsonConverter);
    const converters = registry.converterRegistry();
    expect(converters.create('org.apache.kafka.connect.json.JsonConverter')).toBeInstanceOf(JsonConverter);
    expect(converters.create('StringConverter')).toBeInstanceOf(StringConverter);
    expect(converters.names()).toEqual(expect.arrayContaining(['json', 'string', 'bytes', 'JsonConverter', 'ByteArrayConverter']));
  });
});

describe('PluginRegistry.register', () => {
  it('asks a connector its version and tells sources from sinks', () => {
    const registry = new PluginRegistry();
    registry.register({ kind: 'connector', className: 'com.example.LogSink', plugin: sinkClass('2.0') });
    expect(registry.list()).toEqual([{ class: 'com.example.LogSink', type: 'sink', version: '2.0' }]);
  });

  it('refuses what is not a connector or converter class', () => {
    const registry = new PluginRegistry();
    for (const plugin of [class Helper {}, 42, null, SourceConnector]) {
      expect(errorOf(() => registry.register({ kind: 'connector', className: 'com.example.X', plugin })).kind.code).toBe('PLUGIN_LOAD_FAILED');
    }
    expect(errorOf(() => registry.register({ kind: 'connector', className: 'com.example.S', plugin: SourceConnector })).message).toMatch(/SourceConnector is not a concrete connector/);
    expect(errorOf(() => registry.register({ kind: 'converter', className: 'com.example.C', plugin: class {} })).message).toMatch(/not a converter/);
    expect(registry.list({ connectorsOnly: false })).toEqual([]);
  });

  it('refuses a connector that cannot be created', () => {
    const Broken = sinkClass('1', { throwOnCreate: true });
    expect(errorOf(() => new PluginRegistry().register({ kind: 'connector', className: 'com.example.Broken', plugin: Broken })).message).toMatch(/could not be created.*needs arguments/);
  });

  it('refuses a class name or declared alias that is already taken', async () => {
    const registry = await builtins();
    const taken = errorOf(() => registry.register({ kind: 'connector', className: 'org.apache.kafka.connect.file.FileStreamSinkConnector', plugin: sinkClass() }));
    expect(taken.message).toMatch(/already taken by org\.apache\.kafka\.connect\.file\.FileStreamSinkConnector \(sluice@/);
    expect(errorOf(() => registry.register({ kind: 'connector', className: 'com.example.Sink', aliases: ['datagen'], plugin: sinkClass() })).kind.code).toBe('PLUGIN_LOAD_FAILED');
    expect(() => registry.connectorClass('com.example.Sink')).toThrow(RuntimeError);
  });

  it('treats a derived alias two plugins share as ambiguous, while declared aliases win', () => {
    const registry = new PluginRegistry();
    const first = sinkClass();
    const second = sinkClass();
    registry.register({ kind: 'connector', className: 'a.SameConnector', plugin: first });
    registry.register({ kind: 'connector', className: 'b.SameConnector', plugin: second });
    expect(errorOf(() => registry.connectorClass('Same')).message).toMatch(/"Same" is ambiguous: it is short for a\.SameConnector and b\.SameConnector/);
    expect(registry.connectorClass('b.SameConnector')).toBe(second);
    const third = sinkClass();
    registry.register({ kind: 'connector', className: 'c.Other', aliases: ['SameConnector'], plugin: third });
    expect(registry.connectorClass('SameConnector')).toBe(third);
  });
});
