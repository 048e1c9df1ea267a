import { expect } from 'vitest';
import { KafkaProtocolError, type KafkaError } from '../../../../broker/protocol/error-codes.ts';

/** Runs `fn`, requires a KafkaProtocolError with exactly `error`'s code, and every fragment in its message. */
export function expectProtocolError(fn: () => unknown, error: KafkaError, ...fragments: string[]): KafkaProtocolError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected a KafkaProtocolError').toBeInstanceOf(KafkaProtocolError);
  const err = thrown as KafkaProtocolError;
  expect(err.error.name).toBe(error.name);
  expect(err.code).toBe(error.code);
  for (const f of fragments) expect(err.message).toContain(f);
  return err;
}
