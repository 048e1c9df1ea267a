/**
 * A sink task's position in a partition: `offset` is the next offset to consume (last processed + 1),
 * as Kafka commits it.
 */
export interface OffsetAndMetadata {
  readonly offset: number;
  readonly metadata?: string;
  readonly leaderEpoch?: number | null;
}

/** Where the producer wrote a source record; passed to SourceTask.commitRecord. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}
