/**
 * Request bodies are JSON. They are also read as JSON when sent as
 * application/x-www-form-urlencoded, because that is what `curl -d @file.json` sends without
 * a -H header, and the quick start (`curl -X POST localhost:8083/connectors -d @file.json`)
 * must work; any other content type answers 415. An empty body counts as no body, because Connect's action
 * endpoints (pause, restart, ...) are routinely called with a JSON content type and
 * nothing to send. Malformed JSON answers 400 with the parser's reason.
 */
import type { FastifyInstance } from 'fastify';
import { httpError } from './error-response.ts';

// A "__proto__" key would become an object's prototype once copied naively downstream.
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('field "__proto__" is not allowed');
  return value;
}

export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text, refuseProtoKeys));
    } catch (err) {
      done(httpError(400, `Request body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
}
