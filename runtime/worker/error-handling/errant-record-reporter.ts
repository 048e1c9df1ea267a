/**
 * SinkTaskContext.errantRecordReporter(): a sink task hands over a record it could not write. The record
 * is turned back into bytes with the task's converters (the task holds converted records) and goes through
 * the same tolerance and reporters as a failed conversion, at stage TASK_PUT. With errors.tolerance=none
 * report() throws at once (into the task's put(), which fails the task, as in Connect). Offsets are only
 * committed after every pending report has finished (awaitPending), so a reported record is in the dead
 * letter queue before its offset moves past it.
 */
import type { ErrantRecordReporter, SinkRecord } from '../../../connectors/sdk/index.ts';
import { ConnectException, TimestampType } from '../../../connectors/sdk/index.ts';
import type { LogRecord } from '../../kafka/log-record.ts';
import { asError } from '../failure-trace.ts';
import { headersToBytes } from '../header-bytes.ts';
import type { TaskConverters } from '../task-converters.ts';
import type { RetryWithTolerance } from './retry-with-tolerance.ts';

export class WorkerErrantRecordReporter implements ErrantRecordReporter {
  readonly #operator: RetryWithTolerance;
  readonly #converters: TaskConverters;
  readonly #taskClassName: string;
  readonly #pending = new Set<Promise<void>>();

  constructor(operator: RetryWithTolerance, converters: TaskConverters, taskClassName: string) {
    this.#operator = operator;
    this.#converters = converters;
    this.#taskClassName = taskClassName;
  }

  report(record: SinkRecord, error: Error): Promise<void> {
    if (!this.#operator.toleratesAll) {
      throw new ConnectException(`Tolerance exceeded in error handler: the task reported ${record.toString()} as errant`, { cause: error });
    }
    const done = this.#report(record, asError(error));
    this.#pending.add(done);
    void done.finally(() => this.#pending.delete(done));
    return done;
  }

  /** Resolves when every report made so far is done. */
  async awaitPending(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async #report(record: SinkRecord, error: Error): Promise<void> {
    await this.#operator.fail('TASK_PUT', this.#taskClassName, { kind: 'consumed', record: await this.#asConsumed(record) }, error);
  }

  /** The record as it would have been consumed: its original position, bytes from the task's converters. */
  async #asConsumed(record: SinkRecord): Promise<LogRecord> {
    const bytes = async (convert: () => unknown): Promise<Buffer | null> => {
      try {
        return ((await convert()) as Buffer | null) ?? null;
      } catch {
        return null;
      }
    };
    let headers: LogRecord['headers'] = [];
    try {
      headers = headersToBytes(record.headers);
    } catch {
      headers = [];
    }
    return {
      topic: record.originalTopic,
      partition: record.originalKafkaPartition,
      offset: record.originalKafkaOffset,
      timestamp: record.timestamp ?? -1,
      timestampType: record.timestamp === null ? TimestampType.NO_TIMESTAMP_TYPE : record.timestampType,
      key: await bytes(() => this.#converters.key.fromConnectData(record.topic, record.headers, record.keySchema, record.key)),
      value: await bytes(() => this.#converters.value.fromConnectData(record.topic, record.headers, record.valueSchema, record.value)),
      headers,
    };
  }
}
