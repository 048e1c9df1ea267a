/**
 * The JSON Schemas of request bodies (schemas/rest/*.json, their only definition),
 * compiled once by one strict ajv and handed to fastify as its validator compiler.
 * Nothing coerces or fills defaults: handlers see the body exactly as sent.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import connectorConfig from '../../schemas/rest/connector-config.json' with { type: 'json' };
import connectorConfigPatch from '../../schemas/rest/connector-config-patch.json' with { type: 'json' };
import connectorOffsets from '../../schemas/rest/connector-offsets.json' with { type: 'json' };
import createConnectorRequest from '../../schemas/rest/create-connector-request.json' with { type: 'json' };
import loggerLevelRequest from '../../schemas/rest/logger-level-request.json' with { type: 'json' };

export const BodySchemas = Object.freeze({
  connectorConfig,
  connectorConfigPatch,
  connectorOffsets,
  createConnectorRequest,
  loggerLevelRequest,
});

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
for (const schema of Object.values(BodySchemas)) ajv.addSchema(schema);

const compiled = new Map<string, ValidateFunction>(
  Object.values(BodySchemas).map((schema) => [schema.$id, ajv.getSchema(schema.$id)!]),
);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema }) => {
  const id = (schema as { $id?: string }).$id;
  const validate = id === undefined ? undefined : compiled.get(id);
  if (!validate) throw new Error(`REST route uses a schema that is not in schemas/rest: ${id ?? JSON.stringify(schema)}`);
  return validate;
};
