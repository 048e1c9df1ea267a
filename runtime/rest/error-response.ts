/**
 * The REST layer's one error mapping: whatever a handler, the body parser or fastify
 * throws becomes Connect's error answer {"error_code": <status>, "message": ...}.
 * RuntimeError answers with its kind's status; per-field config errors are listed in the
 * message, one "field: problem" per line after the herder's summary, as Connect lists
 * its validation errors.
 */
import type { ErrorObject } from 'ajv';
import { RuntimeError } from '../errors.ts';

export interface ErrorBody {
  error_code: number;
  message: string;
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

/** An error of the HTTP layer itself (unknown path, wrong method, bad JSON), not of the runtime. */
export function httpError(status: number, message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: status });
}

function fieldErrorLines(err: RuntimeError): string[] {
  return Object.entries(err.fieldErrors ?? {}).flatMap(([field, problems]) => problems.map((p) => `${field}: ${p}`));
}

function describeSchemaError(e: ErrorObject): string {
  const where = e.instancePath || 'body';
  if (e.keyword === 'additionalProperties') return `${where} has unknown field '${String(e.params.additionalProperty)}'`;
  if (e.keyword === 'required') return `${where} is missing required field '${String(e.params.missingProperty)}'`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

export function errorAnswer(err: unknown): ErrorAnswer {
  const answer = (status: number, message: string): ErrorAnswer => ({ status, body: { error_code: status, message } });
  if (err instanceof RuntimeError) {
    return answer(err.status, [err.message, ...fieldErrorLines(err)].join('\n'));
  }
  const { validation, statusCode, message, code } = err as { validation?: ErrorObject[]; statusCode?: unknown; message?: unknown; code?: unknown };
  if (Array.isArray(validation)) {
    return answer(400, `Invalid request body: ${validation.map(describeSchemaError).join('; ')}`);
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return answer(415, 'Request bodies must be JSON, sent with Content-Type: application/json');
  const text = typeof message === 'string' ? message : String(err);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 599) return answer(statusCode, text);
  return answer(500, text);
}
