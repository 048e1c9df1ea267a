/**
 * Bounds a client call in time. @platformatic/kafka retries some operations without end (an
 * idempotent producer's sends while no broker answers); the caller's own deadline must still hold.
 * The call itself cannot be cancelled and may complete later.
 */
import { RuntimeError, RuntimeErrors } from '../errors.ts';

export function withDeadline<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RuntimeError(RuntimeErrors.TIMEOUT, `${what} did not complete within ${ms} ms`)), ms);
  });
  return Promise.race([operation, expired]).finally(() => clearTimeout(timer));
}
