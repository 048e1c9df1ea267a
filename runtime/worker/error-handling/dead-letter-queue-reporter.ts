/**
 * errors.deadletterqueue.topic.name (sink connectors): a tolerated record is written to the dead letter
 * queue as it was consumed (same key, value and headers bytes, partition left to the partitioner), with
 * `__connect.errors.*` headers saying where it came from and what failed when
 * errors.deadletterqueue.context.headers.enable is set. A failed write is logged, not fatal (as in
 * Connect): the dead letter queue is a best-effort side channel.
 */
import type { Logger } from 'pino';
import { failureTrace } from '../failure-trace.ts';
import type { ProducerRecord, TaskProducer } from '../task-producer.ts';
import type { ErrorReporter } from './error-reporter.ts';
import type { ProcessingFailure } from './processing-failure.ts';

export const DLQ_HEADER_PREFIX = '__connect.errors.';

export interface DeadLetterQueueReporterOptions {
  readonly topic: string;
  readonly producer: TaskProducer;
  readonly contextHeaders: boolean;
  readonly logger: Logger;
}

export class DeadLetterQueueReporter implements ErrorReporter {
  readonly #options: DeadLetterQueueReporterOptions;

  constructor(options: DeadLetterQueueReporterOptions) {
    this.#options = options;
  }

  async report(failure: ProcessingFailure): Promise<void> {
    // Only consumed records have bytes to put in the queue; source records are logged only.
    if (failure.record.kind !== 'consumed') return;
    const consumed = failure.record.record;
    const headers: Array<readonly [string, Buffer | null]> = [...consumed.headers];
    if (this.#options.contextHeaders) headers.push(...contextHeaders(failure));
    const record: ProducerRecord = {
      topic: this.#options.topic,
      partition: null,
      key: consumed.key,
      value: consumed.value,
      headers,
      timestamp: consumed.timestamp >= 0 ? consumed.timestamp : null,
    };
    try {
      await this.#options.producer.send([record]);
    } catch (error) {
      this.#options.logger.error(
        { err: error, topic: this.#options.topic },
        `Could not write the record at ${consumed.topic}-${consumed.partition}@${consumed.offset} to the dead letter queue ${this.#options.topic}`,
      );
    }
  }

  async close(): Promise<void> {
    await this.#options.producer.close().catch(() => {});
  }
}

function contextHeaders(failure: ProcessingFailure): Array<readonly [string, Buffer]> {
  const consumed = failure.record.kind === 'consumed' ? failure.record.record : undefined;
  const entries: Array<[string, string]> = [];
  if (consumed) {
    entries.push(['topic', consumed.topic], ['partition', String(consumed.partition)], ['offset', String(consumed.offset)]);
  }
  entries.push(
    ['connector.name', failure.task.connector],
    ['task.id', String(failure.task.task)],
    ['stage', failure.stage],
    ['class.name', failure.className],
    ['exception.class.name', failure.error.name || failure.error.constructor.name],
  );
  if (failure.error.message) entries.push(['exception.message', failure.error.message]);
  entries.push(['exception.stacktrace', failureTrace(failure.error)]);
  return entries.map(([key, value]) => [DLQ_HEADER_PREFIX + key, Buffer.from(value, 'utf8')] as const);
}
