/**
 * Where the REST server listens, from worker settings named as Connect's: `listeners`
 * (comma-separated URLs such as "http://:8083"; an empty host means every interface),
 * else the older `rest.host.name` and `rest.port`. Only http listeners are served.
 */
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export const DEFAULT_REST_PORT = 8083;

export interface RestListener {
  host: string;
  port: number;
}

function parseListener(listener: string): RestListener & { scheme: string } {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?\/?$/.exec(listener.trim());
  if (!match) throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `listeners: '${listener}' is not a URL such as http://:8083 or http://0.0.0.0:8083`);
  const [, scheme, rawHost, port] = match;
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  return { scheme: scheme.toLowerCase(), host: host || '0.0.0.0', port: port === undefined ? DEFAULT_REST_PORT : Number(port) };
}

export function restListener(settings: Readonly<Record<string, string | undefined>>): RestListener {
  const listeners = settings.listeners?.trim();
  if (listeners) {
    const parsed = listeners.split(',').map(parseListener);
    const http = parsed.find((l) => l.scheme === 'http');
    if (!http) throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `listeners: '${listeners}' has no http:// listener; Sluice serves its REST API over http only`);
    return { host: http.host, port: http.port };
  }
  const port = settings['rest.port'] === undefined ? DEFAULT_REST_PORT : Number(settings['rest.port']);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `rest.port: '${settings['rest.port']}' is not a port number`);
  }
  return { host: settings['rest.host.name'] || '0.0.0.0', port };
}
