// Reading path and query parameters the way Connect's resources read them.
import type { FastifyRequest } from 'fastify';

export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name];
}

/** Every value of a query parameter, in order (`?expand=status&expand=info`). */
export function queryValues(request: FastifyRequest, name: string): string[] {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A boolean query parameter, read as Java's Boolean.valueOf reads it: "true" in any case
 * is true, any other value false; `absent` when the parameter is missing.
 */
export function queryFlag(request: FastifyRequest, name: string, absent: boolean): boolean {
  const values = queryValues(request, name);
  return values.length === 0 ? absent : values[0].toLowerCase() === 'true';
}

/** Absolute URL of a connector on this worker, for Location headers. */
export function connectorLocation(request: FastifyRequest, name: string): string {
  return `${request.protocol}://${request.host}/connectors/${encodeURIComponent(name)}`;
}
