/**
 * Endpoints workers call on each other, not clients: POST /connectors/{c}/tasks, where the worker
 * running a connector hands new task configs to the leader (Connect's internal endpoint, same path and
 * body: a JSON array of task configs). Like Connect's "compatible" protocol, requests are not signed.
 * A worker that is not the leader forwards it like any write; a herder without putTaskConfigs (the
 * standalone one) answers 404.
 */
import type { Herder } from '../herder/herder.ts';
import { httpError } from './error-response.ts';
import { pathParam } from './request-parts.ts';
import type { Endpoint } from './resource.ts';

export function taskConfigsEndpoint(herder: Herder): Endpoint {
  return {
    handler: async (request, reply) => {
      const name = pathParam(request, 'connector');
      if (!herder.putTaskConfigs) throw httpError(404, 'This worker takes no task configs from other workers (it is not part of a distributed cluster)');
      const body = request.body;
      const valid = Array.isArray(body) && body.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c) && Object.values(c).every((v) => typeof v === 'string'));
      if (!valid) throw httpError(400, 'The body must be a JSON array of task configs (objects of string values)');
      await herder.putTaskConfigs(name, body as Record<string, string>[]);
      return reply.code(204).send();
    },
  };
}
