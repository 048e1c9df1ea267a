import { describe, expect, it } from 'vitest';
import { DataException, Schema } from '../../../connectors/sdk/index.ts';
import { ByteArrayConverter } from '../../../runtime/converters/index.ts';

describe('ByteArrayConverter', () => {
  const bytes = new ByteArrayConverter();

  it('passes bytes through untouched', () => {
    const buffer = Buffer.from([1, 2, 3]);
    expect(bytes.fromConnectData('t', null, Schema.BYTES_SCHEMA, buffer)).toBe(buffer);
    expect(bytes.fromConnectData('t', null, null, new Uint8Array([4, 5]))).toEqual(Buffer.from([4, 5]));
    const back = bytes.toConnectData('t', null, buffer);
    expect(back.schema).toBe(Schema.OPTIONAL_BYTES_SCHEMA);
    expect(back.value).toBe(buffer);
  });

  it('keeps nulls null', () => {
    expect(bytes.fromConnectData('t', null, Schema.OPTIONAL_BYTES_SCHEMA, null)).toBeNull();
    expect(bytes.toConnectData('t', null, null).value).toBeNull();
  });

  it('refuses non-bytes schemas and values', () => {
    expect(() => bytes.fromConnectData('t', null, Schema.STRING_SCHEMA, 'x')).toThrow(/only writes bytes schemas, got Schema\{STRING\}/);
    expect(() => bytes.fromConnectData('t', null, null, 'x')).toThrow(DataException);
    expect(() => bytes.fromConnectData('t', null, null, [1, 2])).toThrow(/needs a Uint8Array or Buffer value, got Array/);
  });
});
