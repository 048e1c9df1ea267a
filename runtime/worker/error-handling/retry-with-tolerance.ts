/**
 * Connect's RetryWithToleranceOperator, for one task: runs a per-record operation (a conversion), retries
 * it while it throws retriable errors (RetriableException and other SDK errors marked retriable) with
 * exponential backoff, 300 ms doubling up to errors.retry.delay.max.ms, for at most errors.retry.timeout
 * (0: no retries, -1: forever), then either tolerates the failure (errors.tolerance=all: the record is
 * skipped and reported to the log / dead letter queue) or fails the task (none: "Tolerance exceeded").
 * Non-retriable errors go straight to the tolerance decision.
 */
import { ConnectException, isRetriable, type MaybePromise } from '../../../connectors/sdk/index.ts';
import type { ConnectorTaskId } from '../../herder/connect-types.ts';
import { asError } from '../failure-trace.ts';
import { delay } from '../wakeup.ts';
import type { ErrorHandlingConfig } from './error-handling-config.ts';
import type { ErrorReporter } from './error-reporter.ts';
import type { FailedRecord } from './processing-failure.ts';
import type { Stage } from './stage.ts';

export const MIN_RETRY_DELAY_MS = 300;

/** The operation's value, or `ok: false` when it failed and the failure was tolerated. */
export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error };

/** Thrown when the task is asked to stop while an operation is waiting to be retried: not a failure. */
export class RetryInterrupted extends Error {
  override name = 'RetryInterrupted';
}

export interface RetryWithToleranceOptions {
  readonly task: ConnectorTaskId;
  readonly config: ErrorHandlingConfig;
  readonly reporters: readonly ErrorReporter[];
  /** Aborted when the task stops: backoff ends at once and RetryInterrupted is thrown. */
  readonly signal?: AbortSignal;
}

export class RetryWithTolerance {
  readonly #options: RetryWithToleranceOptions;
  #failures = 0;

  constructor(options: RetryWithToleranceOptions) {
    this.#options = options;
  }

  get toleratesAll(): boolean {
    return this.#options.config['errors.tolerance'] === 'all';
  }

  /** Failures seen (tolerated or not), for tests and logs. */
  get failures(): number {
    return this.#failures;
  }

  /**
   * Runs the operation; the answer is a promise only when the operation returns one or fails
   * (conversions run once per stage per record, and most succeed synchronously).
   */
  attempt<T>(operation: () => MaybePromise<T>, stage: Stage, className: string, record: FailedRecord): Attempt<T> | Promise<Attempt<T>> {
    let result: MaybePromise<T>;
    try {
      result = operation();
    } catch (thrown) {
      return this.#afterFailure(operation, thrown, Date.now(), stage, className, record);
    }
    if (!isThenable(result)) return { ok: true, value: result };
    const startedAt = Date.now();
    return Promise.resolve(result).then(
      (value) => ({ ok: true, value }),
      (thrown: unknown) => this.#afterFailure(operation, thrown, startedAt, stage, className, record),
    );
  }

  /** Retries after the first attempt failed with `thrown`, until success, a non-retriable error or the deadline. */
  async #afterFailure<T>(operation: () => MaybePromise<T>, thrown: unknown, startedAt: number, stage: Stage, className: string, record: FailedRecord): Promise<Attempt<T>> {
    const timeout = this.#options.config['errors.retry.timeout'];
    const deadline = timeout < 0 ? Number.POSITIVE_INFINITY : startedAt + timeout;
    for (let attempt = 1; ; attempt++) {
      const error = asError(thrown);
      const now = Date.now();
      if (!isRetriable(error) || now >= deadline) {
        await this.fail(stage, className, record, error);
        return { ok: false, error };
      }
      const backoff = Math.min(MIN_RETRY_DELAY_MS * 2 ** Math.min(attempt - 1, 30), this.#options.config['errors.retry.delay.max.ms'], deadline - now);
      await delay(backoff, this.#options.signal);
      if (this.#options.signal?.aborted) throw new RetryInterrupted(`Stopped while retrying stage ${stage} (${error.message})`, { cause: error });
      try {
        return { ok: true, value: await operation() };
      } catch (next) {
        thrown = next;
      }
    }
  }

  /**
   * A failure found outside attempt() (a sink's errant record, a failed produce): reported when
   * tolerated, else thrown as "Tolerance exceeded".
   */
  async fail(stage: Stage, className: string, record: FailedRecord, error: Error): Promise<void> {
    this.#failures++;
    if (!this.toleratesAll) throw new ConnectException(`Tolerance exceeded in error handler (stage ${stage}, class ${className})`, { cause: error });
    const failure = { task: this.#options.task, stage, className, error, record };
    for (const reporter of this.#options.reporters) await reporter.report(failure);
  }
}

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | null)?.then === 'function';
}
