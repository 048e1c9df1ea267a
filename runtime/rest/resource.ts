/**
 * Registers the methods a path serves and answers every other method on that path with
 * 405 and an Allow header, as Connect does (fastify alone would answer 404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpError } from './error-response.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

export interface Endpoint {
  /** One of BodySchemas (body-schemas.ts). */
  body?: { $id: string };
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export function resource(app: FastifyInstance, url: string, endpoints: Partial<Record<Method, Endpoint>>): void {
  const allowed = METHODS.filter((m) => endpoints[m]);
  for (const method of METHODS) {
    const endpoint = endpoints[method];
    if (endpoint) {
      app.route({ method, url, schema: endpoint.body ? { body: endpoint.body } : undefined, handler: endpoint.handler });
    } else {
      app.route({
        method,
        url,
        handler: async (request, reply) => {
          reply.header('allow', allowed.join(', '));
          throw httpError(405, `Method ${request.method} is not allowed on ${url}; allowed: ${allowed.join(', ')}`);
        },
      });
    }
  }
}
