/**
 * Kafka Connect's JSON converter. With schemas.enable (the default) every key or value is written as
 * {"schema": <schema or null>, "payload": <value>} and read back with its schema; without, as plain
 * JSON read back schemaless. With a schema, output is byte-for-byte what Connect's JsonConverter writes
 * (key order, Java number formatting), so topics written by either can be read by the other; schemaless
 * numbers cannot be, since JS does not tell 1 from 1.0 (integral numbers are written as integers).
 */
import {
  DataException, SchemaAndValue, type ConfigDef, type ConnectHeaders, type Converter, type Schema,
} from '../../../connectors/sdk/index.ts';
import type { JsonCodecOptions } from './json-codec-options.ts';
import { JSON_CONVERTER_CONFIG, type JsonConverterConfig } from './json-converter-config.ts';
import { mayLoseDigits, parseKeepingDigits } from './json-text.ts';
import { jsonToSchema } from './json-to-schema.ts';
import { jsonToValue } from './json-to-value.ts';
import { SchemaCache } from './schema-cache.ts';
import { StructJsonWriters } from './struct-json-writer.ts';
import { schemaToJson, type JsonObject } from './schema-to-json.ts';
import { valueToJson } from './value-to-json.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class JsonConverter implements Converter {
  #config: JsonConverterConfig = JSON_CONVERTER_CONFIG.parse({});
  #options: JsonCodecOptions = codecOptions(this.#config);
  #role = 'value';
  #schemaJson = new WeakMap<Schema, JsonObject>();
  #schemaText = new WeakMap<Schema, string>();
  #structs = new StructJsonWriters(this.#options);
  #schemas = new SchemaCache(this.#config['schemas.cache.size']);

  config(): ConfigDef<JsonConverterConfig> {
    return JSON_CONVERTER_CONFIG;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    this.#config = JSON_CONVERTER_CONFIG.parse({ ...configs, 'converter.type': isKey ? 'key' : 'value' });
    this.#options = codecOptions(this.#config);
    this.#role = isKey ? 'key' : 'value';
    this.#schemaJson = new WeakMap();
    this.#schemaText = new WeakMap();
    this.#structs = new StructJsonWriters(this.#options);
    this.#schemas = new SchemaCache(this.#config['schemas.cache.size']);
  }

  fromConnectData(topic: string, _headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    try {
      const structText = schema === null ? undefined : this.#structs.write(schema, value);
      if (structText !== undefined) {
        const text = this.#config['schemas.enable'] ? `{"schema":${this.#jsonSchemaTextOf(schema!)},"payload":${structText}}` : structText;
        return Buffer.from(text, 'utf8');
      }
      const payload = valueToJson(schema, value, this.#options);
      const tree = this.#config['schemas.enable'] ? { schema: schema === null ? null : this.#jsonSchemaOf(schema), payload } : payload;
      return Buffer.from(JSON.stringify(tree), 'utf8');
    } catch (error) {
      throw this.#failure(`Converting the ${this.#role} for topic "${topic}" to JSON failed`, error);
    }
  }

  toConnectData(topic: string, _headers: ConnectHeaders | null, bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return SchemaAndValue.NULL;
    const { json, exact } = this.#parse(topic, bytes);
    try {
      // Without a schema, a tree that JSON.parse read exactly is already the value.
      if (!this.#config['schemas.enable']) return new SchemaAndValue(null, exact ? json : jsonToValue(null, json, this.#options));
      if (!isEnvelope(json)) {
        throw new DataException(
          'JsonConverter with schemas.enable=true needs an object with exactly the fields "schema" and "payload". ' +
            'If this topic holds plain JSON, set schemas.enable=false on the converter (e.g. value.converter.schemas.enable=false).',
          { code: 'DATA_CONVERSION_FAILED' },
        );
      }
      const schema = json.schema === null ? null : this.#schemaFrom(json.schema);
      return new SchemaAndValue(schema, jsonToValue(schema, json.payload, this.#options));
    } catch (error) {
      throw this.#failure(`Converting the JSON ${this.#role} from topic "${topic}" to Connect data failed`, error);
    }
  }

  /** `exact`: JSON.parse read every number without loss, so the tree holds no JsonNumber. */
  #parse(topic: string, bytes: Uint8Array): { json: unknown; exact: boolean } {
    if (bytes.length === 0 && !this.#config['schemas.enable']) return { json: null, exact: true };
    try {
      const text = UTF8.decode(bytes);
      return mayLoseDigits(text) ? { json: parseKeepingDigits(text), exact: false } : { json: JSON.parse(text), exact: true };
    } catch (error) {
      const reason = error instanceof TypeError ? 'they are not valid UTF-8' : `they are not valid JSON (${(error as Error).message})`;
      throw new DataException(`Converting the ${this.#role} bytes from topic "${topic}" failed: ${reason}`, { code: 'DATA_CONVERSION_FAILED', cause: error });
    }
  }

  #jsonSchemaTextOf(schema: Schema): string {
    let text = this.#schemaText.get(schema);
    if (text === undefined) this.#schemaText.set(schema, (text = JSON.stringify(this.#jsonSchemaOf(schema))));
    return text;
  }

  #jsonSchemaOf(schema: Schema): JsonObject {
    let json = this.#schemaJson.get(schema);
    if (!json) this.#schemaJson.set(schema, (json = schemaToJson(schema, this.#options)));
    return json;
  }

  #schemaFrom(json: unknown): Schema {
    const key = JSON.stringify(json);
    let schema = this.#schemas.get(key);
    if (!schema) this.#schemas.set(key, (schema = jsonToSchema(json, this.#options)));
    return schema;
  }

  #failure(context: string, error: unknown): DataException {
    if (!(error instanceof DataException)) return new DataException(`${context}: ${(error as Error).message}`, { code: 'DATA_CONVERSION_FAILED', cause: error });
    return new DataException(`${context}: ${error.message}`, { code: error.code, cause: error });
  }
}

function codecOptions(config: JsonConverterConfig): JsonCodecOptions {
  return { decimalFormat: config['decimal.format'], replaceNullWithDefault: config['replace.null.with.default'] };
}

function isEnvelope(json: unknown): json is { schema: unknown; payload: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  return keys.length === 2 && keys.includes('schema') && keys.includes('payload');
}
