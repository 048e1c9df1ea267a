// The topics a connector has used since creation (or the last reset), when the worker tracks them.
import type { FastifyInstance } from 'fastify';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import type { RestContext } from './rest-context.ts';
import { pathParam } from './request-parts.ts';
import { resource } from './resource.ts';

export function connectorTopicsRoutes(app: FastifyInstance, { herder, topicTracking }: RestContext): void {
  const requireTracking = () => {
    if (!topicTracking.enable) throw new RuntimeError(RuntimeErrors.FORBIDDEN, 'Topic tracking is disabled (topic.tracking.enable=false)');
  };

  resource(app, '/connectors/:connector/topics', {
    GET: {
      handler: async (request) => {
        requireTracking();
        const name = pathParam(request, 'connector');
        return { [name]: { topics: await herder.connectorActiveTopics(name) } };
      },
    },
  });

  resource(app, '/connectors/:connector/topics/reset', {
    PUT: {
      handler: async (request, reply) => {
        requireTracking();
        if (!topicTracking.allowReset) throw new RuntimeError(RuntimeErrors.FORBIDDEN, 'Topic tracking reset is disabled (topic.tracking.allow.reset=false)');
        await herder.resetConnectorActiveTopics(pathParam(request, 'connector'));
        return reply.code(202).send();
      },
    },
  });
}
