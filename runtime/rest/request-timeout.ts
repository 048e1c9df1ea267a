/**
 * A REST request waits for the herder at most this long, then answers 500 "Request timed
 * out" as Connect does (a rebalance can hold the herder for a whole session timeout, so
 * the default is Connect's generous 90 s). The herder's work is not cancelled; only the
 * client stops waiting.
 */
import type { Herder } from '../herder/herder.ts';
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000;

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RuntimeError(RuntimeErrors.TIMEOUT, 'Request timed out')), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** The herder as routes see it: every method that returns a promise is bounded by timeoutMs. */
export function timedHerder(herder: Herder, timeoutMs: number): Herder {
  return new Proxy(herder, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise ? withTimeout(result, timeoutMs) : result;
      };
    },
  });
}
