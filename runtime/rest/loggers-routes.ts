/**
 * Log levels of this worker's named loggers (runtime/logging/logger-registry.ts), read and
 * changed at run time. Like Connect, an unknown level name answers 404 and scope=cluster
 * answers 204 with no body; unlike Connect, scope=cluster changes only this worker, since
 * the herder has no cluster-wide level broadcast yet.
 */
import type { FastifyInstance } from 'fastify';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { pinoLevel } from '../logging/log-levels.ts';
import type { RestContext } from './rest-context.ts';
import { BodySchemas } from './body-schemas.ts';
import { pathParam, queryValues } from './request-parts.ts';
import { resource } from './resource.ts';

export function loggersRoutes(app: FastifyInstance, { loggers }: RestContext): void {
  resource(app, '/admin/loggers', {
    GET: { handler: async () => loggers.allLevels() },
  });

  resource(app, '/admin/loggers/:logger', {
    GET: {
      handler: async (request) => {
        const name = pathParam(request, 'logger');
        const level = loggers.level(name);
        if (!level) throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Logger ${name} not found`);
        return level;
      },
    },
    PUT: {
      body: BodySchemas.loggerLevelRequest,
      handler: async (request, reply) => {
        const name = pathParam(request, 'logger');
        const { level } = request.body as { level: string };
        if (!pinoLevel(level)) {
          throw new RuntimeError(RuntimeErrors.NOT_FOUND, `Invalid log level '${level}': use one of OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL`);
        }
        const changed = loggers.setLevel(name, level);
        request.log.info({ logger: name, level, changed }, 'changed log levels');
        const scope = queryValues(request, 'scope')[0]?.toLowerCase();
        return scope === 'cluster' ? reply.code(204).send() : changed;
      },
    },
  });
}
