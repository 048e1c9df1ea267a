import { describe, expect, it } from 'vitest';
import { ConfigException, Schema, SchemaBuilder, Struct } from '../../../connectors/sdk/index.ts';
import { StringConverter } from '../../../runtime/converters/index.ts';

function converter(configs: Record<string, string> = {}): StringConverter {
  const string = new StringConverter();
  string.configure(configs, false);
  return string;
}

describe('StringConverter', () => {
  it('writes text as UTF-8 by default and reads it back as an optional string', () => {
    const bytes = converter().fromConnectData('t', null, Schema.STRING_SCHEMA, 'héllo ✓');
    expect(bytes).toEqual(Buffer.from('68c3a96c6c6f20e29c93', 'hex'));
    const back = converter().toConnectData('t', null, bytes);
    expect(back.schema).toBe(Schema.OPTIONAL_STRING_SCHEMA);
    expect(back.value).toBe('héllo ✓');
  });

  it('keeps nulls null both ways', () => {
    expect(converter().fromConnectData('t', null, null, null)).toBeNull();
    expect(converter().toConnectData('t', null, null).value).toBeNull();
  });

  it('writes other values as their text, whatever the schema', () => {
    const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).build();
    const text = (value: unknown) => converter().fromConnectData('t', null, null, value)?.toString('utf8');
    expect(text(42)).toBe('42');
    expect(text(12345678901234567890n)).toBe('12345678901234567890');
    expect(text(true)).toBe('true');
    expect(text(new Struct(schema).put('id', 1))).toBe('Struct{id=1}');
    expect(text({ a: 1n, b: [1] })).toBe('{"a":"1","b":[1]}');
  });

  it('honours converter.encoding with Java charset names', () => {
    expect(converter({ 'converter.encoding': 'ISO-8859-1' }).fromConnectData('t', null, null, 'é')).toEqual(Buffer.from([0xe9]));
    expect(converter({ 'converter.encoding': 'utf-16le' }).toConnectData('t', null, Buffer.from([0x41, 0x00])).value).toBe('A');
    expect(() => converter({ 'converter.encoding': 'EBCDIC' })).toThrow(ConfigException);
    expect(() => converter({ 'converter.encoding': 'EBCDIC' })).toThrow(/Unsupported converter.encoding "EBCDIC"/);
  });
});
