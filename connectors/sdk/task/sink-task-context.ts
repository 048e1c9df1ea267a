import type { Props } from '../props.ts';
import type { TopicPartition } from '../records/topic-partition.ts';
import type { ErrantRecordReporter } from './errant-record-reporter.ts';

export interface SinkTaskContext {
  /** The task's config as given to start(). */
  readonly configs: Props;
  /** Rewind or skip: consume this partition from `offset` next (e.g. offsets kept in the sink itself). */
  offset(partition: TopicPartition, offset: number): void;
  offsets(offsets: ReadonlyMap<TopicPartition, number>): void;
  /** After put() threw a RetriableException, wait this long before redelivering the batch. */
  timeout(ms: number): void;
  /** The partitions currently assigned to this task. */
  assignment(): ReadonlySet<TopicPartition>;
  /** Stop fetching from these partitions (back-pressure) until resumed; assignment is unaffected. */
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Ask for an offset commit (flush/preCommit) soon, rather than at the next interval. */
  requestCommit(): void;
  /** The dead-letter reporter, or null when the connector has no error reporting configured. */
  errantRecordReporter(): ErrantRecordReporter | null;
}
