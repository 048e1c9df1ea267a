/**
 * JsonConverter's schema object -> a Connect schema, checking what Connect checks: a known "type",
 * element schemas for arrays and maps, named fields for structs, string parameters; the default is
 * decoded like a payload of the schema itself.
 */
import { DataException, Schema, SchemaBuilder } from '../../../connectors/sdk/index.ts';
import type { JsonCodecOptions } from './json-codec-options.ts';
import { JsonNumber } from './json-number.ts';
import { SCHEMA_TYPES_BY_JSON_NAME } from './json-type-names.ts';
import { jsonToValue } from './json-to-value.ts';

export function jsonToSchema(json: unknown, options: JsonCodecOptions, path = 'schema'): Schema {
  if (!isObject(json)) throw invalid(path, `must be a JSON object, got ${kind(json)}`);
  const typeName = json.type;
  if (typeof typeName !== 'string') throw invalid(path, 'needs a "type" string');
  const type = SCHEMA_TYPES_BY_JSON_NAME.get(typeName);
  if (!type) throw invalid(path, `has unknown type ${JSON.stringify(typeName)} (known: ${[...SCHEMA_TYPES_BY_JSON_NAME.keys()].join(', ')})`);

  let builder: SchemaBuilder;
  if (type === 'array') {
    if (json.items === undefined || json.items === null) throw invalid(path, 'is an array schema without "items"');
    builder = SchemaBuilder.array(jsonToSchema(json.items, options, `${path}.items`));
  } else if (type === 'map') {
    if (json.keys === undefined || json.keys === null) throw invalid(path, 'is a map schema without "keys"');
    if (json.values === undefined || json.values === null) throw invalid(path, 'is a map schema without "values"');
    builder = SchemaBuilder.map(jsonToSchema(json.keys, options, `${path}.keys`), jsonToSchema(json.values, options, `${path}.values`));
  } else if (type === 'struct') {
    if (!Array.isArray(json.fields)) throw invalid(path, 'is a struct schema whose "fields" is not an array');
    builder = SchemaBuilder.struct();
    json.fields.forEach((field: unknown, i: number) => {
      const name = isObject(field) ? field.field : undefined;
      if (typeof name !== 'string') throw invalid(`${path}.fields[${i}]`, 'needs a "field" name string');
      builder.field(name, jsonToSchema(field, options, `${path}.fields[${i}]`));
    });
  } else {
    builder = SchemaBuilder.type(type);
  }

  if (json.optional === true) builder.optional();
  if (typeof json.name === 'string') builder.name(json.name);
  if (typeof json.version === 'number' && Number.isInteger(json.version)) builder.version(json.version);
  if (json.version instanceof JsonNumber) throw invalid(path, `has a version out of range: ${json.version.text}`);
  if (typeof json.doc === 'string') builder.doc(json.doc);
  if (isObject(json.parameters)) {
    for (const [key, value] of Object.entries(json.parameters)) {
      if (typeof value !== 'string') throw invalid(`${path}.parameters`, `must have string values; "${key}" is ${kind(value)}`);
      builder.parameter(key, value);
    }
  }
  if (json.default !== undefined && json.default !== null) {
    builder.defaultValue(jsonToValue(builder.build(), json.default, options, `${path}.default`));
  }
  return builder.build();
}

function isObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !(json instanceof JsonNumber);
}

function kind(json: unknown): string {
  return json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json;
}

function invalid(path: string, problem: string): DataException {
  return new DataException(`Invalid JSON schema: ${path} ${problem}`, { code: 'DATA_SCHEMA_INVALID' });
}
