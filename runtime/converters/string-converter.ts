/**
 * Kafka Connect's StringConverter: any value is written as its text in the configured encoding (Structs
 * print as Struct{…}, plain objects and arrays as JSON); bytes read back as an optional string.
 */
import {
  ConfigDef, ConfigException, DataException, Schema, SchemaAndValue, type ConnectHeaders, type Converter,
} from '../../connectors/sdk/index.ts';
import schema from '../../schemas/string-converter-config.json' with { type: 'json' };

export interface StringConverterConfig {
  readonly 'converter.encoding': string;
  readonly 'converter.type'?: 'key' | 'value' | 'header';
}

export const STRING_CONVERTER_CONFIG = new ConfigDef<StringConverterConfig>(schema);

/** Java charset names (and Node's) onto the encodings Buffer implements. */
const ENCODINGS: Readonly<Record<string, BufferEncoding>> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  'iso-8859-1': 'latin1',
  iso8859_1: 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
  'utf-16le': 'utf16le',
  utf16le: 'utf16le',
};

export class StringConverter implements Converter {
  #encoding: BufferEncoding = 'utf8';

  config(): ConfigDef<StringConverterConfig> {
    return STRING_CONVERTER_CONFIG;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    const config = STRING_CONVERTER_CONFIG.parse({ ...configs, 'converter.type': isKey ? 'key' : 'value' });
    const name = config['converter.encoding'];
    const encoding = Object.hasOwn(ENCODINGS, name.toLowerCase()) ? ENCODINGS[name.toLowerCase()] : undefined;
    if (!encoding) {
      throw new ConfigException(`Unsupported converter.encoding ${JSON.stringify(name)}; use one of UTF8, ISO-8859-1, US-ASCII, UTF-16LE`, {
        key: 'converter.encoding',
        value: name,
      });
    }
    this.#encoding = encoding;
  }

  fromConnectData(_topic: string, _headers: ConnectHeaders | null, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(text(value), this.#encoding);
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, null);
    return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(this.#encoding));
  }
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
    try {
      return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
    } catch (error) {
      throw new DataException(`StringConverter cannot write this value as text: ${(error as Error).message}`, { code: 'DATA_CONVERSION_FAILED', cause: error });
    }
  }
  return String(value);
}
