// The connector collection and each connector's definition: list, create, read, configure, delete.
import type { FastifyInstance } from 'fastify';
import type { ConnectorInfo, ConnectorStateInfo, TargetState } from '../herder/connect-types.ts';
import type { Herder } from '../herder/herder.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { BodySchemas } from './body-schemas.ts';
import { configFromBody, patchFromBody, type ConfigBody, type ConfigPatchBody } from './config-body.ts';
import { checkConnectorName, trimConnectorName, withConnectorName } from './connector-name.ts';
import type { RestContext } from './rest-context.ts';
import { connectorLocation, pathParam, queryValues } from './request-parts.ts';
import { resource } from './resource.ts';

interface CreateConnectorRequest {
  name: string;
  config: ConfigBody;
  initial_state?: string;
}

const INITIAL_STATES: Readonly<Record<string, TargetState>> = { RUNNING: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' };

const isNotFound = (err: unknown) => err instanceof RuntimeError && err.kind === RuntimeErrors.NOT_FOUND;

async function expandedConnectors(herder: Herder, expansions: string[]) {
  const out: Record<string, { status?: ConnectorStateInfo; info?: ConnectorInfo }> = {};
  for (const name of await herder.connectors()) {
    try {
      const entry: { status?: ConnectorStateInfo; info?: ConnectorInfo } = {};
      // Unknown expansions are ignored, as Connect ignores them.
      if (expansions.includes('status')) entry.status = await herder.connectorStatus(name);
      if (expansions.includes('info')) entry.info = await herder.connectorInfo(name);
      out[name] = entry;
    } catch (err) {
      // Deleted while we were looking: leave it out rather than fail the whole list.
      if (!isNotFound(err)) throw err;
    }
  }
  return out;
}

export function connectorsRoutes(app: FastifyInstance, { herder }: RestContext): void {
  resource(app, '/connectors', {
    GET: {
      handler: async (request) => {
        const expansions = queryValues(request, 'expand');
        return expansions.length ? expandedConnectors(herder, expansions) : herder.connectors();
      },
    },
    POST: {
      body: BodySchemas.createConnectorRequest,
      handler: async (request, reply) => {
        const body = request.body as CreateConnectorRequest;
        const name = trimConnectorName(body.name);
        const config = withConnectorName(name, configFromBody(body.config));
        checkConnectorName(name);
        const initialState = body.initial_state === undefined ? undefined : INITIAL_STATES[body.initial_state.toUpperCase()];
        const { info } = await herder.putConnectorConfig(name, config, { allowReplace: false, initialState });
        return reply.code(201).header('location', connectorLocation(request, name)).send(info);
      },
    },
  });

  resource(app, '/connectors/:connector', {
    GET: { handler: async (request) => herder.connectorInfo(pathParam(request, 'connector')) },
    DELETE: {
      handler: async (request, reply) => {
        await herder.deleteConnector(pathParam(request, 'connector'));
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/connectors/:connector/config', {
    GET: { handler: async (request) => herder.connectorConfig(pathParam(request, 'connector')) },
    PUT: {
      body: BodySchemas.connectorConfig,
      handler: async (request, reply) => {
        const name = pathParam(request, 'connector');
        const config = withConnectorName(name, configFromBody(request.body as ConfigBody));
        checkConnectorName(name);
        const { created, info } = await herder.putConnectorConfig(name, config, { allowReplace: true });
        if (created) reply.code(201).header('location', connectorLocation(request, name));
        return reply.send(info);
      },
    },
    PATCH: {
      body: BodySchemas.connectorConfigPatch,
      handler: async (request) => {
        const name = pathParam(request, 'connector');
        const patch = patchFromBody(request.body as ConfigPatchBody);
        if (typeof patch.name === 'string') withConnectorName(name, { name: patch.name });
        const { info } = await herder.patchConnectorConfig(name, patch);
        return info;
      },
    },
  });
}
