/**
 * A sink task's offsets (Connect's currentOffsets / lastCommittedOffsets) and its offset commit:
 * `current` is what put() has taken (next offset to consume) per assigned partition, `committed` what
 * the group has. A commit hands preCommit() the current offsets of the partitions in scope and commits
 * what it returns for those partitions, when it differs from what is committed. Errant records reported
 * so far reach the dead letter queue first. If preCommit() throws, a periodic commit rewinds the consumer
 * to the committed offsets (records after them are delivered again), a closing commit commits nothing.
 */
import type { Logger } from 'pino';
import type { OffsetAndMetadata, SinkTask, TopicPartition } from '../../connectors/sdk/index.ts';
import type { WorkerErrantRecordReporter } from './error-handling/errant-record-reporter.ts';
import type { TaskConsumer } from './task-consumer.ts';

export interface SinkOffsetsOptions {
  readonly consumer: TaskConsumer;
  readonly task: SinkTask;
  readonly errantReporter: WorkerErrantRecordReporter | null;
  readonly logger: Logger;
}

export class SinkOffsets {
  readonly #options: SinkOffsetsOptions;
  readonly #current = new Map<TopicPartition, OffsetAndMetadata>();
  readonly #committed = new Map<TopicPartition, OffsetAndMetadata>();

  constructor(options: SinkOffsetsOptions) {
    this.#options = options;
  }

  /** A newly assigned partition starts where the consumer is (its committed or reset offset). */
  assigned(partition: TopicPartition, offset: number): void {
    this.#current.set(partition, { offset });
    this.#committed.set(partition, { offset });
  }

  /** put() took the partition's records up to `offset` - 1. */
  delivered(partition: TopicPartition, offset: number): void {
    this.#current.set(partition, { offset });
  }

  /** The task moved the partition (context.offset()): it keeps its own offsets, as in Connect. */
  rewound(partition: TopicPartition, offset: number): void {
    this.assigned(partition, offset);
  }

  forget(partitions: Iterable<TopicPartition>): void {
    for (const partition of partitions) {
      this.#current.delete(partition);
      this.#committed.delete(partition);
    }
  }

  /**
   * Commits the partitions in `scope` (default: the assignment; given for revoked or closing
   * partitions). Returns the partitions rewound because preCommit() failed.
   */
  async commit(scope?: readonly TopicPartition[]): Promise<ReadonlySet<TopicPartition>> {
    const { consumer, task, logger } = this.#options;
    await this.#options.errantReporter?.awaitPending();
    const partitions = new Set(scope ?? consumer.assignment());
    const current = new Map([...this.#current].filter(([partition]) => partitions.has(partition)));
    if (current.size === 0) return new Set();
    let committable: ReadonlyMap<TopicPartition, OffsetAndMetadata>;
    try {
      committable = await task.preCommit(current);
    } catch (error) {
      if (scope) {
        logger.error({ err: error }, 'SinkTask.preCommit() failed; nothing is committed for these partitions');
        return new Set();
      }
      logger.error({ err: error }, 'SinkTask.preCommit() failed; rewinding to the last committed offsets');
      return this.#rewindToCommitted(partitions);
    }
    const toCommit = new Map<TopicPartition, OffsetAndMetadata>();
    for (const [partition, offset] of committable) {
      if (!partitions.has(partition)) {
        logger.warn({ partition: String(partition) }, 'preCommit() returned an offset for a partition that is not being committed; ignored');
        continue;
      }
      if (this.#committed.get(partition)?.offset !== offset.offset) toCommit.set(partition, offset);
    }
    if (toCommit.size === 0) return new Set();
    try {
      await consumer.commit(toCommit);
      for (const [partition, offset] of toCommit) this.#committed.set(partition, offset);
      logger.debug({ partitions: toCommit.size }, 'Committed consumer offsets');
    } catch (error) {
      logger.warn({ err: error }, 'Committing consumer offsets failed; they will be committed at the next commit');
    }
    return new Set();
  }

  #rewindToCommitted(partitions: ReadonlySet<TopicPartition>): ReadonlySet<TopicPartition> {
    const rewound = new Set<TopicPartition>();
    for (const partition of partitions) {
      const committed = this.#committed.get(partition);
      if (!committed) continue;
      this.#options.consumer.seek(partition, committed.offset);
      this.#current.set(partition, committed);
      rewound.add(partition);
    }
    return rewound;
  }
}
