/**
 * Reading @platformatic/kafka's errors (nested MultipleErrors/ResponseError/ProtocolError trees) at
 * the boundary of the runtime's Kafka layer, and turning them into RuntimeErrors whose message names
 * the operation and the Kafka error codes involved.
 */
import { findErrorBy } from '@platformatic/kafka';
import { RuntimeError, RuntimeErrors } from '../errors.ts';

/** True when the error tree holds a broker error with this id (e.g. "TOPIC_ALREADY_EXISTS"). */
export function hasKafkaError(error: unknown, apiId: string): boolean {
  return findErrorBy(error as Error, 'apiId', apiId) !== null;
}

/** Network failures, timeouts and broker errors Kafka marks retriable. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof RuntimeError) return error.kind.retriable;
  const e = error as Error;
  return (
    findErrorBy(e, 'canRetry', true) !== null ||
    findErrorBy(e, 'code', 'PLT_KFK_NETWORK') !== null ||
    findErrorBy(e, 'code', 'PLT_KFK_TIMEOUT') !== null ||
    findErrorBy(e, 'hasStaleMetadata', true) !== null
  );
}

/** One line listing the distinct error ids and server messages found in the tree. */
export function describeKafkaError(error: unknown): string {
  const parts = new Set<string>();
  const visit = (e: unknown, depth: number): void => {
    if (!e || typeof e !== 'object' || depth > 6) return;
    const node = e as { apiId?: string; serverErrorMessage?: string | null; message?: string; errors?: unknown[] };
    if (node.apiId) parts.add(node.serverErrorMessage ? `${node.apiId} (${node.serverErrorMessage})` : node.apiId);
    if (Array.isArray(node.errors) && node.errors.length > 0) {
      for (const inner of node.errors) visit(inner, depth + 1);
    } else if (!node.apiId && node.message) {
      parts.add(node.message);
    }
  };
  visit(error, 0);
  return parts.size > 0 ? [...parts].join('; ') : String(error);
}

/** Wraps a client failure as KAFKA: "<what> failed: <kafka errors>"; the client's error is the cause. */
export function kafkaFailure(what: string, error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  return new RuntimeError(RuntimeErrors.KAFKA, `${what} failed: ${describeKafkaError(error)}`, { cause: error });
}
