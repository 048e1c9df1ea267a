/**
 * Writes to an external system. The runtime consumes the connector's topics, converts the records and
 * calls put() with each batch; at every offset commit it calls preCommit() with the offsets of what was
 * put so far and commits what preCommit returns. open()/close() follow partition assignment changes.
 */
import type { MaybePromise } from '../maybe-promise.ts';
import type { OffsetAndMetadata } from '../records/offset-and-metadata.ts';
import type { SinkRecord } from '../records/sink-record.ts';
import type { TopicPartition } from '../records/topic-partition.ts';
import type { SinkTaskContext } from './sink-task-context.ts';
import { Task } from './task.ts';

export type PartitionOffsets = ReadonlyMap<TopicPartition, OffsetAndMetadata>;

export abstract class SinkTask extends Task<SinkTaskContext> {
  /**
   * Write (or buffer) a batch. Throw a RetriableException to have the same batch redelivered after
   * context.timeout(); any other error fails the task unless errors are tolerated.
   */
  abstract put(records: readonly SinkRecord[]): MaybePromise<void>;

  /** Make everything put so far durable in the external system. */
  flush(_currentOffsets: PartitionOffsets): MaybePromise<void> {}

  /**
   * The offsets safe to commit. The default flushes and returns currentOffsets; sinks that write
   * asynchronously return what is actually durable (omitting a partition commits nothing for it).
   */
  async preCommit(currentOffsets: PartitionOffsets): Promise<PartitionOffsets> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  /** Partitions newly assigned to this task (create writers, read offsets kept in the sink). */
  open(_partitions: readonly TopicPartition[]): MaybePromise<void> {}

  /** Partitions taken away from this task: flush and release their resources. */
  close(_partitions: readonly TopicPartition[]): MaybePromise<void> {}
}
