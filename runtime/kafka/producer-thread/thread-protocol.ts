/**
 * The messages between a ThreadedProducer (the worker's event loop) and its producer thread, and how
 * errors cross: as plain data, rebuilt on the other side as a RuntimeError of the same kind.
 */
import { RuntimeError, RuntimeErrors, type RuntimeErrorKind } from '../../errors.ts';
import type { SourceRecordProducerOptions } from '../source-record-producer.ts';
import type { MetadataFrame, RecordFrame } from './record-frames.ts';

/** The producer options that can be cloned (the logger stays behind, its level goes). */
export type ThreadProducerOptions = Omit<SourceRecordProducerOptions, 'logger'> & { readonly logLevel: string };

export type ToThread =
  | { readonly type: 'open'; readonly options: ThreadProducerOptions }
  | { readonly type: 'send'; readonly id: number; readonly frame: RecordFrame }
  | { readonly type: 'flush'; readonly id: number }
  | { readonly type: 'close'; readonly id: number };

export type FromThread =
  /** Booted: the client's modules are loaded, it waits for 'open'. */
  | { readonly type: 'ready' }
  | { readonly type: 'opened'; readonly idempotent: boolean }
  | { readonly type: 'sent'; readonly id: number; readonly metadata: MetadataFrame }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number | null; readonly error: TransferredError }
  | { readonly type: 'log'; readonly line: string };

/**
 * An error as data: message, stack, the RuntimeErrors code and the chain of causes. What a cause
 * carried besides (the Kafka client's error codes and flags) stays in the thread; nothing on the
 * worker's side reads it (a failed send fails the task or is reported as it is).
 */
export interface TransferredError {
  readonly message: string;
  readonly stack?: string;
  /** The RuntimeErrors code when it was a RuntimeError. */
  readonly code?: string;
  readonly cause?: TransferredError;
}

export function transferError(error: unknown, depth = 0): TransferredError {
  if (!(error instanceof Error)) return { message: String(error) };
  return {
    message: error.message,
    stack: error.stack,
    code: error instanceof RuntimeError ? error.kind.code : undefined,
    cause: error.cause !== undefined && depth < 3 ? transferError(error.cause, depth + 1) : undefined,
  };
}

export function receivedError(data: TransferredError): Error {
  const kind = (Object.values(RuntimeErrors) as RuntimeErrorKind[]).find((k) => k.code === data.code);
  const cause = data.cause ? receivedError(data.cause) : undefined;
  const error = kind ? new RuntimeError(kind, data.message, { cause }) : new Error(data.message, { cause });
  if (data.stack) error.stack = data.stack;
  return error;
}
