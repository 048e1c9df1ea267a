/**
 * Every failure leaves the server as Connect's error JSON (error-response.ts), including
 * unknown paths and fastify's own errors; NOT_LEADER is not a failure but a redirect the
 * client never sees (forward-to-leader.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuntimeError, RuntimeErrors } from '../errors.ts';
import { errorAnswer, httpError } from './error-response.ts';
import { forwardToLeader } from './forward-to-leader.ts';

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { status, body } = errorAnswer(err);
  if (status >= 500) request.log.error({ err }, `${request.method} ${request.url} failed`);
  else request.log.debug({ status, message: body.message }, `${request.method} ${request.url} refused`);
  return reply.code(status).type('application/json').send(body);
}

export function answerErrors(app: FastifyInstance, forwardTimeoutMs: number): void {
  app.setErrorHandler(async (err, request, reply) => {
    if (!(err instanceof RuntimeError && err.kind === RuntimeErrors.NOT_LEADER)) return sendError(request, reply, err);
    try {
      const answer = await forwardToLeader(request, err.leaderUrl, forwardTimeoutMs);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    } catch (forwardErr) {
      return sendError(request, reply, forwardErr);
    }
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0];
    return sendError(request, reply, httpError(404, `No endpoint ${request.method} ${path}`));
  });
}
