import { describe, expect, it } from 'vitest';
import { ConfigException, Schema, SchemaAndValue, type Converter } from '../../../connectors/sdk/index.ts';
import {
  ByteArrayConverter, JsonConverter, StringConverter, builtinConverters, createConverter, selectConverter,
} from '../../../runtime/converters/index.ts';

describe('converter registry', () => {
  it('knows the built-ins by Connect class name, simple name and alias', () => {
    const registry = builtinConverters();
    for (const name of ['org.apache.kafka.connect.json.JsonConverter', 'JsonConverter', 'json']) expect(registry.create(name)).toBeInstanceOf(JsonConverter);
    for (const name of ['org.apache.kafka.connect.storage.StringConverter', 'StringConverter', 'string']) expect(registry.create(name)).toBeInstanceOf(StringConverter);
    for (const name of ['org.apache.kafka.connect.converters.ByteArrayConverter', 'ByteArrayConverter', 'bytes']) {
      expect(registry.create(name)).toBeInstanceOf(ByteArrayConverter);
    }
    expect(registry.create('json')).not.toBe(registry.create('json'));
  });

  it('names the known converters when asked for an unknown one', () => {
    expect(() => builtinConverters().create('io.confluent.connect.avro.AvroConverter')).toThrow(/Unknown converter "io.confluent.connect.avro.AvroConverter"; known converters: org.apache/);
  });

  it('registers plugin converters and refuses name clashes', () => {
    const upper: Converter = {
      configure: () => {},
      fromConnectData: (_t, _h, _s, value) => Buffer.from(String(value).toUpperCase()),
      toConnectData: (_t, _h, bytes) => new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, bytes && Buffer.from(bytes).toString()),
    };
    const registry = builtinConverters().register(['com.example.Upper'], () => upper);
    expect(registry.create('com.example.Upper')).toBe(upper);
    expect(() => registry.register(['json'], () => upper)).toThrow(ConfigException);
  });
});

describe('converter selection', () => {
  const worker = { 'key.converter': 'string', 'value.converter': 'json', 'value.converter.schemas.enable': 'false', 'value.converter.decimal.format': 'NUMERIC' };

  it('uses the worker\'s converter and settings when the connector sets none', () => {
    expect(selectConverter('value', { name: 'c' }, worker)).toEqual({ name: 'json', configs: { 'schemas.enable': 'false', 'decimal.format': 'NUMERIC' }, isKey: false, source: 'worker' });
    expect(selectConverter('key', {}, worker)).toEqual({ name: 'string', configs: {}, isKey: true, source: 'worker' });
  });

  it('uses the connector\'s converter with only the connector\'s settings when it sets one', () => {
    const connector = { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.replace.null.with.default': 'false' };
    expect(selectConverter('value', connector, worker)).toEqual({
      name: 'org.apache.kafka.connect.json.JsonConverter',
      configs: { 'replace.null.with.default': 'false' },
      isKey: false,
      source: 'connector',
    });
  });

  it('creates and configures the selected converter', () => {
    const json = createConverter(builtinConverters(), selectConverter('value', {}, worker));
    expect(json.fromConnectData('t', null, null, { a: 1 })?.toString()).toBe('{"a":1}');
  });

  it('reports config errors under the key the user wrote', () => {
    const selection = selectConverter('value', { 'value.converter': 'json', 'value.converter.decimal.format': 'TEXT' }, worker);
    expect(() => createConverter(builtinConverters(), selection)).toThrow(
      /^value.converter.decimal.format \(connector config\): Invalid configuration: Invalid value "TEXT" for configuration "decimal.format": must be one of BASE64, NUMERIC$/,
    );
    expect(() => selectConverter('key', {}, {})).toThrow(/key.converter is set neither on the connector nor on the worker/);
  });
});
