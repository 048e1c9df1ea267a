/**
 * A connector's committed offsets. Altering or resetting them needs the connector
 * STOPPED; the herder enforces that (400 otherwise) because only it knows the state
 * cluster-wide.
 */
import type { FastifyInstance } from 'fastify';
import type { ConnectorOffsets } from '../herder/connect-types.ts';
import type { RestContext } from './rest-context.ts';
import { BodySchemas } from './body-schemas.ts';
import { pathParam } from './request-parts.ts';
import { resource } from './resource.ts';

interface OffsetsBody {
  offsets: { partition: Record<string, unknown>; offset?: Record<string, unknown> | null }[];
}

export function connectorOffsetsRoutes(app: FastifyInstance, { herder }: RestContext): void {
  resource(app, '/connectors/:connector/offsets', {
    GET: { handler: async (request) => herder.connectorOffsets(pathParam(request, 'connector')) },
    PATCH: {
      body: BodySchemas.connectorOffsets,
      handler: async (request) => {
        const name = pathParam(request, 'connector');
        const body = request.body as OffsetsBody;
        const offsets: ConnectorOffsets = { offsets: body.offsets.map(({ partition, offset }) => ({ partition, offset: offset ?? null })) };
        await herder.alterConnectorOffsets(name, offsets);
        return { message: `The offsets of connector ${name} have been altered successfully` };
      },
    },
    DELETE: {
      handler: async (request) => {
        const name = pathParam(request, 'connector');
        await herder.resetConnectorOffsets(name);
        return { message: `The offsets of connector ${name} have been reset successfully` };
      },
    },
  });
}
