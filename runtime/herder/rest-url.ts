/** A worker's advertised REST URL and its worker id ("host:port", what statuses name). */
import { RuntimeError, RuntimeErrors } from '../errors.ts';

/** The URL itself, or a function giving it once the REST server listens (port 0 picks one). */
export type RestUrlSource = string | (() => string);

export function resolveRestUrl(source: RestUrlSource): string {
  const url = (typeof source === 'function' ? source() : source).replace(/\/+$/, '');
  try {
    new URL(url);
  } catch {
    throw new RuntimeError(RuntimeErrors.INVALID_CONFIG, `The worker's advertised REST URL "${url}" is not a URL`);
  }
  return url;
}

export function workerIdOf(url: string): string {
  return new URL(url).host;
}
