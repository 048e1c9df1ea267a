/**
 * The worker's REST API: Kafka Connect's paths, bodies, status codes and error shape, as a
 * thin layer over the Herder. One route module per resource; bodies are checked against
 * schemas/rest; every error goes through one mapping (error-response.ts).
 */
import { fastify, LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Herder } from '../herder/herder.ts';
import { version } from '../version.ts';
import { createLoggerRegistry, type LoggerRegistry } from '../logging/logger-registry.ts';
import { validatorCompiler } from './body-schemas.ts';
import { connectorOffsetsRoutes } from './connector-offsets-routes.ts';
import { connectorPluginsRoutes } from './connector-plugins-routes.ts';
import { connectorStateRoutes } from './connector-state-routes.ts';
import { connectorTopicsRoutes } from './connector-topics-routes.ts';
import { connectorsRoutes } from './connectors-routes.ts';
import { answerErrors, sendError } from './error-handler.ts';
import { acceptJsonBodies } from './json-body.ts';
import { loggersRoutes } from './loggers-routes.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, timedHerder } from './request-timeout.ts';
import type { RestContext } from './rest-context.ts';
import { DEFAULT_REST_PORT } from './rest-listener.ts';
import { rootRoute } from './root-route.ts';

export interface RestAppOptions {
  herder: Herder;
  /** Root logger; the REST layer logs as its child "sluice.rest" unless `loggers` is given. */
  logger: Logger;
  /** The worker's logger registry, served at /admin/loggers; by default one over `logger`. */
  loggers?: LoggerRegistry;
  /** Source revision shown by GET /; "unknown" by default. */
  commit?: string;
  /** Worker settings topic.tracking.enable / topic.tracking.allow.reset (both true by default). */
  topicTracking?: { enable: boolean; allowReset: boolean };
  /** How long a request waits for the herder (and a forwarded request for the leader). */
  requestTimeoutMs?: number;
}

export interface RestServerOptions extends RestAppOptions {
  /** Default 0.0.0.0 (every interface), as Connect's default listener http://:8083. */
  host?: string;
  /** Default 8083; 0 picks a free port. */
  port?: number;
}

export interface RestServer {
  /** Base URL clients can reach, e.g. http://127.0.0.1:8083. */
  readonly url: string;
  close(): Promise<void>;
}

// Connector names are user-chosen and may be long; fastify's default cuts path parameters at 100 characters.
const MAX_PARAM_LENGTH = 4096;

export function buildRestApp(options: RestAppOptions): FastifyInstance {
  const loggers = options.loggers ?? createLoggerRegistry(options.logger);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = fastify({
    // pino's Logger is what fastify logs with; only their type declarations disagree.
    loggerInstance: loggers.logger('sluice.rest') as FastifyBaseLogger,
    // Fastify's two lines per request are replaced by the one access-log line below.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (err, request, reply) => sendError(request, reply, err),
  });
  app.setValidatorCompiler(validatorCompiler);
  acceptJsonBodies(app);
  answerErrors(app, requestTimeoutMs);
  // One access-log line per request, as Connect's request log writes.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'REST request');
  });

  const context: RestContext = {
    herder: timedHerder(options.herder, requestTimeoutMs),
    loggers,
    serverInfo: { version, commit: options.commit ?? 'unknown' },
    topicTracking: options.topicTracking ?? { enable: true, allowReset: true },
  };
  for (const routes of [rootRoute, connectorsRoutes, connectorStateRoutes, connectorTopicsRoutes, connectorOffsetsRoutes, connectorPluginsRoutes, loggersRoutes]) {
    routes(app, context);
  }
  return app;
}

function reachableUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '' || host === '::';
  const shown = wildcard ? (host === '::' ? '::1' : '127.0.0.1') : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  const app = buildRestApp(options);
  const host = options.host ?? '0.0.0.0';
  await app.listen({ host, port: options.port ?? DEFAULT_REST_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_REST_PORT);
  const url = reachableUrl(host, port);
  app.log.info({ url }, 'REST server listening');
  return { url, close: () => app.close() };
}
