/**
 * A Connect schema -> JsonConverter's schema object, keys in the order Connect writes them:
 * type, then items | keys, values | fields, then optional, name, version, doc, parameters, default;
 * a struct field is its schema object followed by "field". Defaults are encoded like payloads.
 */
import type { Schema } from '../../../connectors/sdk/index.ts';
import type { JsonCodecOptions } from './json-codec-options.ts';
import { JSON_TYPE_NAMES } from './json-type-names.ts';
import { valueToJson } from './value-to-json.ts';

export type JsonObject = Record<string, unknown>;

export function schemaToJson(schema: Schema, options: JsonCodecOptions): JsonObject {
  const out: JsonObject = Object.create(null);
  out.type = JSON_TYPE_NAMES[schema.type];
  if (schema.type === 'array') out.items = schemaToJson(schema.valueSchema!, options);
  if (schema.type === 'map') {
    out.keys = schemaToJson(schema.keySchema!, options);
    out.values = schemaToJson(schema.valueSchema!, options);
  }
  if (schema.type === 'struct') {
    out.fields = schema.fields.map((field) => {
      const fieldJson = schemaToJson(field.schema, options);
      fieldJson.field = field.name;
      return fieldJson;
    });
  }
  out.optional = schema.optional;
  if (schema.name !== null) out.name = schema.name;
  if (schema.version !== null) out.version = schema.version;
  if (schema.doc !== null) out.doc = schema.doc;
  if (schema.parameters !== null) out.parameters = { ...schema.parameters };
  if (schema.defaultValue !== null) out.default = valueToJson(schema, schema.defaultValue, options);
  return out;
}
