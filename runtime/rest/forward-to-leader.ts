/**
 * Followers do not apply writes: their herder throws NOT_LEADER with the leader's URL and
 * the REST layer replays the request there and relays the answer, as Connect does. The
 * `forward` query parameter bounds the hops: a client's request has none; the first
 * forward carries forward=true (the receiver may forward once more if leadership moved
 * meanwhile), the second forward=false; a worker that would have to forward a
 * forward=false request answers 409, since the cluster is evidently rebalancing.
 */
import type { FastifyRequest } from 'fastify';
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export interface ForwardedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function forwardUrl(request: FastifyRequest, leaderUrl: string): string {
  const original = new URL(request.url, 'http://local');
  const flag = original.searchParams.get('forward');
  if (flag !== null && flag.toLowerCase() !== 'true') {
    throw new RuntimeError(
      RuntimeErrors.CONFLICT,
      `Cannot complete the request: the leader was not found within two forwards between workers; a rebalance is probably under way, retry shortly`,
    );
  }
  original.searchParams.set('forward', String(flag === null));
  return `${leaderUrl.replace(/\/+$/, '')}${original.pathname}${original.search}`;
}

/** The leader's Location points at the leader; the client asked this worker, so answer with this worker's URL. */
function localLocation(request: FastifyRequest, location: string): string {
  const path = new URL(location, 'http://leader').pathname;
  return `${request.protocol}://${request.host}${path}`;
}

export async function forwardToLeader(request: FastifyRequest, leaderUrl: string | undefined, timeoutMs: number): Promise<ForwardedAnswer> {
  if (!leaderUrl) {
    throw new RuntimeError(RuntimeErrors.LEADER_UNKNOWN, 'Cannot complete the request right now: no leader is known, probably because a rebalance is under way; retry shortly');
  }
  const url = forwardUrl(request, leaderUrl);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.headers.authorization) headers.authorization = request.headers.authorization;
  request.log.debug({ url, method: request.method }, 'forwarding request to the leader');
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
    throw new RuntimeError(RuntimeErrors.INTERNAL, `Could not forward the request to the leader at ${leaderUrl}: ${reason}`, { cause });
  }
  const relayed: Record<string, string> = {};
  const contentType = response.headers.get('content-type');
  if (contentType) relayed['content-type'] = contentType;
  const location = response.headers.get('location');
  if (location) relayed.location = localLocation(request, location);
  return { status: response.status, headers: relayed, body: await response.text() };
}
