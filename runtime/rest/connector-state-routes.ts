// A connector's run state and its tasks: status, pause, resume, stop, restart.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RestContext } from './rest-context.ts';
import { httpError } from './error-response.ts';
import { taskConfigsEndpoint } from './internal-routes.ts';
import { pathParam, queryFlag } from './request-parts.ts';
import { resource } from './resource.ts';

// Connect's task ids are Java ints; anything else matches no task.
function taskParam(request: FastifyRequest): number {
  const raw = pathParam(request, 'task');
  const task = /^[+-]?\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(task) || task < -(2 ** 31) || task >= 2 ** 31) {
    throw httpError(404, `Task ${raw} of connector ${pathParam(request, 'connector')} not found: task ids are 32-bit integers`);
  }
  return task;
}

export function connectorStateRoutes(app: FastifyInstance, { herder }: RestContext): void {
  const connector = (request: FastifyRequest) => pathParam(request, 'connector');

  resource(app, '/connectors/:connector/status', {
    GET: { handler: async (request) => herder.connectorStatus(connector(request)) },
  });

  resource(app, '/connectors/:connector/pause', {
    PUT: {
      handler: async (request, reply) => {
        await herder.pauseConnector(connector(request));
        return reply.code(202).send();
      },
    },
  });

  resource(app, '/connectors/:connector/resume', {
    PUT: {
      handler: async (request, reply) => {
        await herder.resumeConnector(connector(request));
        return reply.code(202).send();
      },
    },
  });

  resource(app, '/connectors/:connector/stop', {
    PUT: {
      handler: async (request, reply) => {
        await herder.stopConnector(connector(request));
        return reply.code(204).send();
      },
    },
  });

  resource(app, '/connectors/:connector/restart', {
    POST: {
      handler: async (request, reply) => {
        const includeTasks = queryFlag(request, 'includeTasks', false);
        const onlyFailed = queryFlag(request, 'onlyFailed', false);
        const status = await herder.restartConnector(connector(request), { includeTasks, onlyFailed });
        return status === null ? reply.code(204).send() : reply.code(202).send(status);
      },
    },
  });

  resource(app, '/connectors/:connector/tasks', {
    GET: { handler: async (request) => herder.taskConfigs(connector(request)) },
    POST: taskConfigsEndpoint(herder),
  });

  resource(app, '/connectors/:connector/tasks/:task/status', {
    GET: { handler: async (request) => herder.taskStatus(connector(request), taskParam(request)) },
  });

  resource(app, '/connectors/:connector/tasks/:task/restart', {
    POST: {
      handler: async (request, reply) => {
        await herder.restartTask(connector(request), taskParam(request));
        return reply.code(204).send();
      },
    },
  });
}
