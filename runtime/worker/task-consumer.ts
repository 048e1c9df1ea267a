/**
 * What a sink task needs from a group consumer (Java's KafkaConsumer as WorkerSinkTask uses it). The
 * Kafka adapter in runtime/kafka implements it; tests use an in-memory one.
 *
 * Contract:
 * - The consumer is created subscribed (TaskClients.consumer gets the subscription and the rebalance
 *   listener). One caller at a time: the task loop awaits poll() before polling again.
 *   pause/resume/seek/wakeup may be called at any time.
 * - Rebalance callbacks run only inside poll(), awaited before poll() goes on (and before the member
 *   gives its partitions up), so the task can commit offsets of revoked partitions. A callback that
 *   rejects makes poll() reject with that error. close() runs no callbacks: the task has already
 *   committed and closed its partitions.
 * - After onPartitionsAssigned, position() answers for the new partitions: the committed offset of
 *   the group, else the reset position (`auto.offset.reset`, earliest by default for sinks).
 */
import type { OffsetAndMetadata, TopicPartition } from '../../connectors/sdk/index.ts';
import type { LogRecord } from '../kafka/log-record.ts';

export type { LogRecord } from '../kafka/log-record.ts';

export interface ConsumerRebalanceListener {
  /** These partitions are about to be taken away: commit what is done now. */
  onPartitionsRevoked(partitions: readonly TopicPartition[]): Promise<void>;
  onPartitionsAssigned(partitions: readonly TopicPartition[]): Promise<void>;
  /** These partitions were lost without a chance to commit (session expired, member fenced). */
  onPartitionsLost(partitions: readonly TopicPartition[]): Promise<void>;
}

/** `topics` or `topics.regex`; a pattern must match the whole topic name. */
export type Subscription = { readonly topics: readonly string[] } | { readonly pattern: RegExp };

export interface TaskConsumer {
  /**
   * Up to `maxRecords` records of assigned, unpaused partitions, in offset order per partition,
   * waiting at most `timeoutMs` for some. Resolves early (possibly with none) after wakeup().
   */
  poll(timeoutMs: number, maxRecords: number): Promise<LogRecord[]>;
  /** Makes the pending poll() (or else the next one) return promptly. */
  wakeup(): void;
  assignment(): ReadonlySet<TopicPartition>;
  /** Stop fetching these partitions until resumed; the assignment is unaffected. */
  pause(partitions: Iterable<TopicPartition>): void;
  resume(partitions: Iterable<TopicPartition>): void;
  /** The next poll() returns this partition's records from `offset` on. */
  seek(partition: TopicPartition, offset: number): void;
  /** The offset of the next record poll() will return for this assigned partition (undefined if unknown). */
  position(partition: TopicPartition): number | undefined;
  /** Commits the group's offsets (next offset to read). Rejects if this member no longer owns them. */
  commit(offsets: ReadonlyMap<TopicPartition, OffsetAndMetadata>): Promise<void>;
  /** Leaves the group (no rebalance callbacks). */
  close(): Promise<void>;
}
