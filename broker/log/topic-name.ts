/**
 * Kafka's rules for legal topic names, and the '.'/'_' collision rule (both map to the same metric name).
 */
import { ErrorCode, KafkaProtocolError } from '../protocol/error-codes.ts';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;

export function validateTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem !== null) throw new KafkaProtocolError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
}

export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Topic name is illegal, it cannot be empty';
  if (name === '.' || name === '..') return `Topic name cannot be '.' or '..'`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name is illegal, it cannot be longer than ${MAX_TOPIC_NAME_LENGTH} characters: ${name.slice(0, 40)}...`;
  }
  if (!LEGAL_NAME.test(name)) {
    return `Topic name '${name}' is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

export function topicNamesCollide(a: string, b: string): boolean {
  return a !== b && a.replaceAll('.', '_') === b.replaceAll('.', '_');
}
